package io.ssloffload.operator.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The operator's logging, configured in code from {@code --log-level} and {@code --log-format}:
 * Logback to stderr, as text or as one JSON object per line, and never a secret.
 *
 * <p>Two defences, because one is not enough. First, the libraries that print what they send and
 * receive are held at a level where they do not ({@link #CAPS}), whatever {@code --log-level} says:
 * their debug and trace output is request and response content — Basic Authorization headers, the
 * WinRM shell's environment with the Exchange password, NTLM keys and decrypted messages, every
 * Secret of the watched namespaces — and is of no use to an operator's user. Second, every line is
 * passed through {@link io.ssloffload.operator.remote.Redaction}, which masks every password the
 * operator has been given and the places secrets travel in, for what a library update or a
 * logger not listed here would print anyway.
 */
public final class Logging {

    /** {@code --log-level}, most verbose first; the constants are the flag's values. */
    public enum Level {
        trace(ch.qos.logback.classic.Level.TRACE),
        debug(ch.qos.logback.classic.Level.DEBUG),
        info(ch.qos.logback.classic.Level.INFO),
        warn(ch.qos.logback.classic.Level.WARN),
        error(ch.qos.logback.classic.Level.ERROR);

        private final ch.qos.logback.classic.Level logback;

        Level(ch.qos.logback.classic.Level logback) {
            this.logback = logback;
        }

        /** The less verbose of the two. */
        Level atMost(Level cap) {
            return compareTo(cap) >= 0 ? this : cap;
        }
    }

    /** {@code --log-format}: a line of text, or one JSON object per line. */
    public enum Format { text, json }

    /** The most verbose level each of these loggers may ever have, and why. */
    static final Map<String, Level> CAPS = Map.of(
            // HttpClient's wire and header logs: Basic Authorization, WS-Management bodies with the shell's environment
            "org.apache.http", Level.info,
            // CXF's message and header logging
            "org.apache.cxf", Level.info,
            // NTLM challenges with credentials, sealing keys, decrypted messages at debug and trace
            "io.cloudsoft.winrm4j", Level.info,
            // fabric8's HTTP logging prints every object it reads at trace, Secrets included
            "io.fabric8.kubernetes.client.http", Level.info,
            "okhttp3", Level.info,
            // every failed WinRM request as a warning with a stack trace; the operator classifies and reports each itself
            "org.apache.cxf.phase.PhaseInterceptorChain", Level.error);

    /** Held here: java.util.logging keeps only weak references to its loggers, and with them their levels. */
    private static final java.util.logging.Logger SAAJ = java.util.logging.Logger.getLogger("javax.xml.soap");

    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{36} - %msg%n";

    private Logging() {
    }

    /** Replaces whatever logging was configured; call it first thing in main, before anything logs. */
    public static void configure(Level level, Format format) {
        // CXF logs through java.util.logging unless told otherwise: send it here, capped and redacted.
        System.setProperty("org.apache.cxf.Logger", "org.apache.cxf.common.logging.Slf4jLogger");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        Encoder<ILoggingEvent> delegate;
        if (format == Format.json) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern(TEXT_PATTERN);
            delegate = text;
        }
        delegate.start();
        RedactingEncoder encoder = new RedactingEncoder(delegate);
        encoder.setContext(context);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level.logback);
        root.addAppender(stderr);
        CAPS.forEach((name, cap) -> context.getLogger(name).setLevel(level.atMost(cap).logback));
        if (level.compareTo(Level.info) >= 0) {
            // SAAJ warns at every start that winrm4j's CXF registers its factory the old way: nothing to act on
            SAAJ.setLevel(java.util.logging.Level.SEVERE);
        }
    }
}
