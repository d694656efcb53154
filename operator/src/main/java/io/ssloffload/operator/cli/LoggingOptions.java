package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.logging.Logging;
import picocli.CommandLine.Option;

/** Logging flags, shared by every command; {@link Logging} does the configuring. */
final class LoggingOptions {

    enum Level { trace, debug, info, warn, error }

    enum Format { text, json }

    /** Held here: java.util.logging keeps only weak references to its loggers, and with them their levels. */
    private static final java.util.logging.Logger SAAJ = java.util.logging.Logger.getLogger("javax.xml.soap");

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn or error (default: info for run, warn for apply); no level prints a secret")
    Level level;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one object per line) (default: ${DEFAULT-VALUE})")
    Format format;

    /** The level asked for, else {@code defaultLevel}. */
    String level(Level defaultLevel) {
        return (level == null ? defaultLevel : level).name();
    }

    String format() {
        return format.name();
    }

    /** Call before anything logs. */
    static void configure(String level, String format) {
        Logging.configure(Logging.level(level), Logging.format(format));
        if (Level.valueOf(level).compareTo(Level.info) >= 0) {
            // SAAJ warns at every start that winrm4j's CXF registers its factory the old way: nothing to act on
            SAAJ.setLevel(java.util.logging.Level.SEVERE);
        }
    }
}
