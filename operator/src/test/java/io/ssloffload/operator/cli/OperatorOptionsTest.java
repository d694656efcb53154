package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.logging.Logging;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OperatorOptionsTest {

    @Test
    void defaultsWatchEverythingEveryFiveMinutesWithoutALease() {
        OperatorOptions options = RunCommand.parse(null, List.of());
        assertEquals(Duration.ofMinutes(5), options.driftInterval());
        assertEquals(Set.of(), options.namespaces());
        assertNull(options.leaderElectionNamespace());
        assertEquals("exchange-ssl-offload-operator", options.leaderElectionLease(), "the Lease of releases before 0.2.0");
        assertEquals(Logging.Level.info, options.logLevel());
        assertEquals(Logging.Format.text, options.logFormat());
        assertEquals(0, options.healthPort(), "no health server unless asked");
    }

    @Test
    void readsWhatTheHelmChartPasses() {
        OperatorOptions options = RunCommand.parse("operators",
                List.of("--drift-interval", "10m", "--watch-namespaces", "exchange,lab", "--log-level", "debug",
                        "--log-format", "json", "--health-port", "8081"));
        assertEquals(8081, options.healthPort());
        assertEquals(Duration.ofMinutes(10), options.driftInterval());
        assertEquals(Set.of("exchange", "lab"), options.namespaces());
        assertEquals("operators", options.leaderElectionNamespace());
        assertEquals(Logging.Level.debug, options.logLevel());
        assertEquals(Logging.Format.json, options.logFormat());
    }

    @Test
    void anExplicitLeaseNamespaceWinsAndBlankNamespacesAreDropped() {
        OperatorOptions options = RunCommand.parse("operators",
                List.of("--leader-election-namespace=elsewhere", "--leader-election-lease", "sslo-lease", "--watch-namespaces", "a,,b ", "--drift-interval=1h30m"));
        assertEquals("elsewhere", options.leaderElectionNamespace());
        assertEquals("sslo-lease", options.leaderElectionLease());
        assertEquals(Set.of("a", "b"), options.namespaces());
        assertEquals(Duration.ofMinutes(90), options.driftInterval());
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--drift-interval", "soon")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--drift-interval", "0s")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--log-level", "loud")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--log-format", "xml")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--drift-interval", "25h")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--max-parallel-servers", "0")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--namespace", "x")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--health-port", "65536")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--health-port", "0")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--drift-interval")));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parse(null, List.of("--max-parallel-servers", "many")));
    }
}
