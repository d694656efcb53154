package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.logging.Logging;
import picocli.CommandLine.Option;

/** Logging flags, shared by every command; {@link Logging} does the configuring. */
final class LoggingOptions {

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn or error (default: info for run, warn for apply); no level prints a secret")
    Logging.Level level;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one object per line) (default: ${DEFAULT-VALUE})")
    Logging.Format format;

    /** The level asked for, else {@code defaultLevel}. */
    Logging.Level level(Logging.Level defaultLevel) {
        return level == null ? defaultLevel : level;
    }

    /** Call before anything logs. */
    void configure(Logging.Level defaultLevel) {
        Logging.configure(level(defaultLevel), format);
    }
}
