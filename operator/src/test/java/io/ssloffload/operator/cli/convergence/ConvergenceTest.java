package io.ssloffload.operator.cli.convergence;

import io.ssloffload.operator.cli.LabManifest;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * apply's loop on simulated time: it sleeps exactly until the engine's next check, stops at the
 * timeout, and does one reconcile without --wait. The simulated fleet and the loop share a clock
 * that moves only when the loop sleeps, so minutes of propagation take a few seconds.
 */
@Tag("simulator")
class ConvergenceTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String USER = "lab-admin";
    private static final String PASSWORD = "Conv!ergence-1";
    private static final Duration POLL = Duration.ofMinutes(1);
    private static final Duration SERVICE_HOST = Duration.ofMinutes(5);

    @TempDir
    Path temp;

    private final ExecutorService executor = Executors.newFixedThreadPool(1);
    private final WinRmCasConnector connector = new WinRmCasConnector(1);
    private final SteppedClock clock = new SteppedClock();
    private final List<Duration> sleeps = new ArrayList<>();
    private final StringWriter printed = new StringWriter();
    private CasSimulator simulator;

    /** Wall time for the loop that moves only when the loop sleeps, together with the fleet's clock. */
    private static final class SteppedClock extends Clock {
        private Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @BeforeEach
    void startFleet() {
        simulator = CasSimulator.builder().servers(1).credentials(USER, PASSWORD).manualClock(START)
                .propagationInterval(SERVICE_HOST).start();
        LabManifest.beforeOffloading(simulator);
    }

    @AfterEach
    void stop() {
        connector.close();
        executor.shutdownNow();
        simulator.close();
    }

    private Convergence.Target target() throws Exception {
        Path file = Files.writeString(temp.resolve("lab.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: lab-admin, namespace: lab}
                type: kubernetes.io/basic-auth
                stringData: {username: %s, password: %s}
                ---
                """.formatted(USER, PASSWORD) + LabManifest.resource("lab", simulator, null, "[owa, outlookAnywhere]", "1m"));
        ResourceFile resources = ResourceFile.read(file);
        SecretSources secrets = new SecretSources(null, resources, Map.of());
        return new Convergence.Target(resources.resources().get(0), secrets.secretsOf(resources.resources().get(0)));
    }

    private Convergence.Verdict converge(boolean wait, Duration timeout) throws Exception {
        Convergence convergence = new Convergence(new OffloadReconciliation(connector, executor, Duration.ofHours(1)), clock,
                when -> {
                    Duration step = Duration.between(clock.now, when);
                    sleeps.add(step);
                    clock.now = when;
                    simulator.advanceClock(step);
                }, new ProgressReport(new PrintWriter(printed, true), clock));
        return convergence.converge(List.of(target()), wait, timeout).get(0);
    }

    @Test
    void withWaitItSleepsUntilEachPropagationPollAndEndsWhenTheServiceHostHasPassed() throws Exception {
        assertEquals(Convergence.Verdict.CONVERGED, converge(true, Duration.ofMinutes(30)), printed::toString);

        assertTrue(sleeps.stream().allMatch(POLL::equals), "sleeps exactly the poll interval, never less: " + sleeps);
        assertTrue(sleeps.size() >= 4 && sleeps.size() <= 6,
                "one check per poll until the Service Host's pass 5 minutes on: " + sleeps.size());
        assertEquals(1, printed.toString().lines().filter(line -> line.contains("CAS01           outlookAnywhere  AwaitingPropagation -> Offloaded")).count(),
                printed::toString);
        assertEquals(0, printed.toString().lines().filter(line -> line.contains("CAS01")
                && line.contains("AwaitingPropagation -> AwaitingPropagation")).count(), "no line for a poll that changed nothing");
    }

    @Test
    void theTimeoutBoundsTheWaitAndSaysSo() throws Exception {
        assertEquals(Convergence.Verdict.STOPPED_SHORT, converge(true, Duration.ofMinutes(2)), printed::toString);

        Duration waited = sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofMinutes(2)) <= 0, "never sleeps past the timeout: " + waited);
        assertTrue(printed.toString().contains("stopped short, --timeout 2m reached"), printed::toString);
        assertEquals("Ssl,Ssl128", simulator.snapshot("CAS01").location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags(),
                "the Service Host has not passed yet");
    }

    @Test
    void withoutWaitItReconcilesOnceAndNeverSleeps() throws Exception {
        assertEquals(Convergence.Verdict.STOPPED_SHORT, converge(false, Duration.ofMinutes(30)), printed::toString);

        assertEquals(List.of(), sleeps);
        assertTrue(printed.toString().contains("stopped short, not waiting (no --wait)"), printed::toString);
        assertEquals("None", simulator.snapshot("CAS01").location("Default Web Site/owa").orElseThrow().effectiveSslFlags());
    }
}
