package io.ssloffload.operator.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssloffload.operator.remote.ServerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No log level and no logger prints a secret: libraries are capped, and every line is redacted. */
class LoggingTest {

    private static final String USER = "CONTOSO\\svc-sslo";
    private static final String PASSWORD = "L0g-Secr3t!pw";
    private static final String BASIC = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String DATA = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // the operator is given this credential, as EndpointResolver does from a Secret
        new ServerEndpoint.Credentials(USER, PASSWORD);
    }

    @AfterEach
    void restore() throws Exception {
        System.setErr(stderr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @ParameterizedTest
    @EnumSource(Logging.Format.class)
    void atTraceNoLoggerPrintsThePassword(Logging.Format format) {
        Logging.configure(Logging.Level.trace, format);

        // what these libraries print at debug and trace, in their own words
        LoggerFactory.getLogger("org.apache.http.headers").debug("http-outgoing-0 >> Authorization: Basic {}", BASIC);
        LoggerFactory.getLogger("org.apache.http.wire").debug("http-outgoing-0 >> \"<rsp:Variable Name=\"SSLO_EXCHANGE_PASSWORD\">"
                + PASSWORD + "</rsp:Variable>\"");
        LoggerFactory.getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor")
                .trace("< {\"kind\":\"Secret\",\"data\":{\"password\":\"" + DATA + "\"}}");
        LoggerFactory.getLogger("io.cloudsoft.winrm4j.client.ntlm.forks.httpclient.NTLMScheme")
                .debug("NTLM type2 message received, with credentials {}", PASSWORD);
        // and what a logger nobody capped would print: the safety net
        Logger unknown = LoggerFactory.getLogger("some.future.Library");
        unknown.trace("request headers {Authorization=[Basic " + BASIC + "]}");
        unknown.debug("env SSLO_EXCHANGE_PASSWORD={} for {}", PASSWORD, USER);
        unknown.info("secret data {}", DATA);
        unknown.warn("failed", new IllegalStateException("could not log on with " + PASSWORD,
                new RuntimeException("password was " + PASSWORD)));
        LoggerFactory.getLogger("io.ssloffload.operator.reconcile.ServerReconciler").info("CAS01: reachable");

        String output = captured.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(PASSWORD, BASIC, DATA)) {
            assertFalse(output.contains(secret), () -> "secret " + secret + " in:\n" + output);
        }
        assertTrue(output.contains("CAS01: reachable"), output);
        assertTrue(output.contains("could not log on with ***"), "the safety net masks, it does not drop: " + output);
        assertFalse(output.contains("NTLM type2"), "winrm4j stays at info whatever --log-level says: " + output);
        if (format == Logging.Format.json) {
            for (String line : output.strip().split("\n")) {
                assertTrue(parses(line), "one JSON object per line: " + line);
            }
        }
    }

    @Test
    void theLevelTheUserAsksForHoldsForEverythingElse() {
        Logging.configure(Logging.Level.warn, Logging.Format.text);
        LoggerFactory.getLogger("io.ssloffload.operator.X").info("not shown");
        LoggerFactory.getLogger("org.apache.http.wire").info("not shown either");
        LoggerFactory.getLogger("io.ssloffload.operator.X").warn("shown");

        String output = captured.toString(StandardCharsets.UTF_8);
        assertFalse(output.contains("not shown"), output);
        assertTrue(output.contains("shown"), output);
    }

    private static boolean parses(String line) {
        try {
            return new ObjectMapper().readTree(line).isObject();
        } catch (Exception e) {
            return false;
        }
    }
}
