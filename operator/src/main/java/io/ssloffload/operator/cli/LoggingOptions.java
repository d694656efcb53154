package io.ssloffload.operator.cli;

import picocli.CommandLine.Option;

/** Logging flags, shared by every command. */
final class LoggingOptions {

    enum Level { trace, debug, info, warn, error }

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
    }
}
