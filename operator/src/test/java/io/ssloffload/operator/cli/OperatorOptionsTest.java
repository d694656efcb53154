package io.ssloffload.operator.cli;

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
        OperatorOptions options = OperatorOptions.parse(null, List.of());
        assertEquals(Duration.ofMinutes(5), options.driftInterval());
        assertEquals(Set.of(), options.namespaces());
        assertNull(options.leaderElectionNamespace());
        assertEquals("info", options.logLevel());
        assertEquals("text", options.logFormat());
        assertEquals(0, options.healthPort(), "no health server unless asked");
    }

    @Test
    void readsWhatTheHelmChartPasses() {
        OperatorOptions options = OperatorOptions.parse("operators",
                List.of("--drift-interval", "10m", "--watch-namespaces", "exchange,lab", "--log-level", "debug",
                        "--log-format", "json", "--health-port", "8081"));
        assertEquals(8081, options.healthPort());
        assertEquals(Duration.ofMinutes(10), options.driftInterval());
        assertEquals(Set.of("exchange", "lab"), options.namespaces());
        assertEquals("operators", options.leaderElectionNamespace());
        assertEquals("debug", options.logLevel());
        assertEquals("json", options.logFormat());
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--drift-interval", "soon")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--drift-interval", "0s")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--log-level", "loud")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--log-format", "xml")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--drift-interval", "25h")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--max-parallel-servers", "0")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--namespace", "x")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--health-port", "65536")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--health-port", "0")));
        assertThrows(IllegalArgumentException.class, () -> OperatorOptions.parse(null, List.of("--drift-interval")));
    }
}
