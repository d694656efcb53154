package io.ssloffload.operator.cli;

import picocli.CommandLine.Option;

/** Logging flags, shared by every command. */
final class LoggingOptions {

    enum Level { trace, debug, info, warn, error }

    /** Held here: java.util.logging keeps only weak references to its loggers, and with them their levels. */
    private static final java.util.logging.Logger JUL_ROOT = java.util.logging.Logger.getLogger("");
    private static final java.util.logging.Logger SAAJ = java.util.logging.Logger.getLogger("javax.xml.soap");

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn or error (default: info for run, warn for apply)")
    Level level;

    /** The level asked for, else {@code defaultLevel}. */
    String level(Level defaultLevel) {
        return (level == null ? defaultLevel : level).name();
    }

    /** Must run before the first logger is created: slf4j-simple reads its level once. */
    static void configure(String level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        // CXF (under winrm4j) logs through java.util.logging unless told otherwise; so does SAAJ.
        System.setProperty("org.apache.cxf.Logger", "org.apache.cxf.common.logging.Slf4jLogger");
        Level chosen = Level.valueOf(level);
        JUL_ROOT.setLevel(switch (chosen) {
            case trace -> java.util.logging.Level.FINEST;
            case debug -> java.util.logging.Level.FINE;
            case info -> java.util.logging.Level.INFO;
            case warn -> java.util.logging.Level.WARNING;
            case error -> java.util.logging.Level.SEVERE;
        });
        if (chosen.compareTo(Level.info) >= 0) {
            // SAAJ warns at every start that winrm4j's CXF registers its factory the old way: nothing to act on
            SAAJ.setLevel(java.util.logging.Level.SEVERE);
        }
    }
}
