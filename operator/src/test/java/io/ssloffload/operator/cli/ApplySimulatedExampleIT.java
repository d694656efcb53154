package io.ssloffload.operator.cli;

import io.ssloffload.operator.shipped.JarProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command, run as the README gives it, on the built jar. */
@Tag("simulator")
class ApplySimulatedExampleIT {

    /** The password of examples/simulator.yaml's Secret. */
    private static final String EXAMPLE_PASSWORD = "S1mulator!";

    @Test
    void theReadmesCommandConvergesTheSimulatedExampleFleetLive() throws Exception {
        try (JarProcess apply = JarProcess.start("readme-simulate", ApplyOnSimulatorIT.LOGS, ApplyOnSimulatorIT.ROOT,
                ApplyOnSimulatorIT.WITH_SIMULATOR_JAR, List.of("apply", "-f", "examples/simulator.yaml", "--simulate", "--wait"),
                Map.of())) {
            int exit = apply.awaitExit(Duration.ofMinutes(3)).orElseThrow(() -> new AssertionError("still running\n" + apply.logs()));
            String out = apply.stdout();
            assertEquals(0, exit, apply::logs);

            assertTrue(out.contains("Service Host passes every 20s instead of 15m (simulated)"), out);
            assertTrue(out.contains("on 127.0.0.1 whatever the file's addresses say"), out);
            for (String server : List.of("CAS01", "CAS02", "CAS03")) {
                assertTrue(out.contains(server + " starts as after a CU upgrade, Outlook Anywhere not offloaded yet: SSL required on "), out);
                assertTrue(out.contains(server + ": Set-OutlookAnywhere -SSLOffloading $true"), out);
                for (String protocol : List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi")) {
                    assertTrue(out.matches("(?s).*\\] exchange-lab/lab  " + server + " +" + protocol + " +\\(new\\) -> Offloaded\n.*"),
                            () -> server + " " + protocol + ":\n" + out);
                }
                assertTrue(out.matches("(?s).*" + server + " +outlookAnywhere +\\(new\\) -> AwaitingPropagation: .*"), out);
                assertTrue(out.matches("(?s).*" + server + " +outlookAnywhere +AwaitingPropagation -> Offloaded\n.*"), out);
                assertTrue(out.matches("(?s).*\n  " + server + " +127\\.0\\.0\\.1:\\d+ +15\\.0\\.\\S+ +"
                        + "Offloaded: owa ecp oab eas ews autodiscover mapi outlookAnywhere; NotPresent: api\n.*"),
                        () -> "summary row (an Exchange 2013 server has no API vdir):\n" + out);
            }
            assertTrue(out.contains("exchange-lab/lab: converged, 3/3 servers offloaded"), out);
            assertTrue(out.contains("changes made: 3 AppPoolsRecycled, 3 OutlookAnywhereSet, 3 SslOffloaded"), out);
            assertEquals(1, out.lines().filter(l -> l.contains("CAS01") && l.contains("AwaitingPropagation -> Offloaded")).count(),
                    "one line per transition, not one per poll");
            assertFalse((apply.stdout() + apply.stderr()).contains(EXAMPLE_PASSWORD), "no password in the output");
        }
    }
}
