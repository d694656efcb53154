package io.ssloffload.operator.e2e;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.wsman.CostModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How long reconciles take against servers with realistic costs: 5 ms per WinRM request, 400 ms
 * to start PowerShell, 2 s to open an Exchange session. Prints figures; asserts no timing.
 * Run with {@code mvn -B verify -pl operator -am -Dtest.groups=benchmark -Dtest.excludedGroups=}.
 */
@Tag("benchmark")
class FleetReconcileBenchmark {

    private static final int PARALLEL = 10;

    @Test
    void printsReconcileTimesForFleetsOfThreeAndThirty() {
        for (int servers : new int[] {3, 30}) {
            measure(servers);
        }
    }

    private static void measure(int servers) {
        ExecutorService executor = Executors.newFixedThreadPool(PARALLEL);
        WinRmCasConnector connector = new WinRmCasConnector();
        try (CasSimulator simulator = CasSimulator.builder().servers(servers).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15)
                .costs(new CostModel(Duration.ofMillis(5), Duration.ofMillis(400)))
                .exchangeSessionOpenCost(Duration.ofSeconds(2)).start()) {
            SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
            OffloadReconciliation reconciliation = new OffloadReconciliation(connector, executor, Duration.ofMinutes(5));
            ExchangeSslOffload resource = SimulatedFleet.resource(simulator);
            long first = timed(reconciliation, resource);
            long poll = timed(reconciliation, resource);
            simulator.advanceClock(Duration.ofMinutes(15));
            long afterPass = timed(reconciliation, resource);
            long steady = timed(reconciliation, resource);
            // Figures of a fleet that did not reach Ready would measure a failure, not the work.
            assertEquals("True", SimulatedFleet.condition(resource.getStatus().getConditions(), "Ready").getStatus());
            System.out.printf("%d servers, %d in parallel: first reconcile %d ms, propagation poll %d ms,"
                    + " after the Service Host pass %d ms, steady state %d ms%n",
                    servers, PARALLEL, first, poll, afterPass, steady);
        } finally {
            connector.close();
            executor.shutdownNow();
        }
    }

    private static long timed(OffloadReconciliation reconciliation, ExchangeSslOffload resource) {
        long start = System.nanoTime();
        OffloadReconciliation.Result result = reconciliation.reconcile(resource, SimulatedFleet::secret, Instant.now());
        resource.setStatus(result.status());
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
