package io.ssloffload.operator.e2e.simulator;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.wsman.FaultInjector;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanFaultKind;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static io.ssloffload.operator.testing.SimulatedFleet.protocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The fault campaign, kept: one fault on CAS02 at a time, from {@link #faults()}. The reconcile
 * that meets it ends (no hang past the deadlines, no exception), says truthfully what happened to
 * CAS02, offloads CAS01 and CAS03 as if nothing were wrong, and once the fault is gone the next
 * reconcile converges with every pool recycled exactly once: nothing lost, nothing done twice.
 */
@Tag("simulator")
class FaultsOnSimulatorTest {

    private static final List<String> SERVERS = List.of("CAS01", "CAS02", "CAS03");
    private static final List<String> POOLS = List.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool");
    private static final ExecutorService executor = Executors.newFixedThreadPool(3);
    private static final WinRmCasConnector connector = new WinRmCasConnector(3);
    private static final OffloadReconciliation reconciliation =
            new OffloadReconciliation(connector, executor, Duration.ofMinutes(5));
    private static CasSimulator simulator;
    private static final String APPLY_DIES_HALFWAY = "an apply that dies halfway (its output lost)";

    /**
     * @param reasons what CAS02's owa condition may say while the fault lasts ({@code Offloaded} when
     *                the fault only slows things down)
     */
    record Fault(String name, Consumer<FaultInjector> inject, Set<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fault> faults() {
        List<Fault> faults = new ArrayList<>(List.of(
                new Fault("401 on every request", f -> f.always(WsmanOperation.CREATE, InjectedFault.unauthorized()),
                        Set.of("Unreachable")),
                new Fault("reset in the middle of Create", f -> f.always(WsmanOperation.CREATE, InjectedFault.connectionReset()),
                        Set.of("Unreachable")),
                new Fault("reset in the middle of Command", f -> f.always(WsmanOperation.COMMAND, InjectedFault.connectionReset()),
                        Set.of("Unreachable")),
                new Fault("reset in the middle of Receive", f -> f.always(WsmanOperation.RECEIVE, InjectedFault.connectionReset()),
                        Set.of("Unreachable")),
                new Fault(APPLY_DIES_HALFWAY,
                        f -> f.fromNth(WsmanOperation.RECEIVE, 2, InjectedFault.connectionReset()), Set.of("Unreachable")),
                new Fault("a command that never finishes", f -> f.always(WsmanOperation.COMMAND, InjectedFault.neverFinish()),
                        Set.of("Unreachable")),
                new Fault("slow answers near the deadline",
                        f -> f.always(WsmanOperation.RECEIVE, InjectedFault.delay(Duration.ofMillis(1500))), Set.of("Offloaded")),
                new Fault("shell quota exceeded", f -> f.always(WsmanOperation.CREATE, InjectedFault.fault(WsmanFaultKind.SHELL_QUOTA)),
                        Set.of("Unreachable")),
                new Fault("a malformed answer", f -> f.always(WsmanOperation.RECEIVE, InjectedFault.malformedResponse()),
                        Set.of("Unreachable"))));
        faults.add(new Fault("500 ACCESS_DENIED on Command (an account WinRM does not let in)",
                f -> f.always(WsmanOperation.COMMAND, InjectedFault.fault(WsmanFaultKind.ACCESS_DENIED)), Set.of("Unreachable")));
        for (WsmanFaultKind kind : List.of(WsmanFaultKind.SHELL_NOT_FOUND,
                WsmanFaultKind.CONCURRENT_OPERATIONS, WsmanFaultKind.INVALID_OPERATION_TIMEOUT,
                WsmanFaultKind.MALFORMED_REQUEST, WsmanFaultKind.ACTION_NOT_SUPPORTED, WsmanFaultKind.COMMAND_NOT_FOUND,
                WsmanFaultKind.INTERNAL_ERROR, WsmanFaultKind.TIMED_OUT)) {
            faults.add(new Fault("500 " + kind + " on Command",
                    f -> f.always(WsmanOperation.COMMAND, InjectedFault.fault(kind)), Set.of("Unreachable")));
        }
        return faults;
    }

    @BeforeAll
    static void start() {
        simulator = CasSimulator.builder().servers(3).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        connector.close();
        executor.shutdownNow();
        if (simulator != null) {
            simulator.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFaultOnOneServerIsReportedTrulyAndRepairedOnceItIsGone(Fault fault) {
        ExchangeSslOffload resource = freshResource();
        Map<String, Integer> recycledBefore = recycles();
        fault.inject().accept(simulator.faults("CAS02"));

        reconcile(resource);

        String during = protocol(resource, "CAS02", "owa").getReason();
        assertThat(fault.reasons())
                .as(() -> "CAS02 during the fault: " + protocol(resource, "CAS02", "owa"))
                .contains(during);
        if (!during.equals("Offloaded")) {
            var ready = condition(resource.getStatus().getConditions(), "Ready");
            assertEquals("False", ready.getStatus());
            assertThat(ready.getMessage()).contains("CAS02");
            // what no retry can fix stalls; everything else is retried at the poll interval
            boolean refused = fault.name().startsWith("401") || fault.name().contains("ACCESS_DENIED");
            assertEquals(refused ? "True" : "False", condition(resource.getStatus().getConditions(), "Stalled").getStatus(),
                    () -> condition(resource.getStatus().getConditions(), "Stalled").toString());
            assertNotEquals("", protocol(resource, "CAS02", "owa").getMessage());
        }
        for (String other : List.of("CAS01", "CAS03")) {
            assertEquals("Offloaded", protocol(resource, other, "owa").getReason(), other + " is unaffected");
            assertEquals("Offloaded", protocol(resource, other, "ecp").getReason(), other + " is unaffected");
        }

        simulator.faults("CAS02").clear();
        reconcile(resource);

        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        for (String server : SERVERS) {
            assertEquals("None", simulator.snapshot(server).location("Default Web Site/owa").orElseThrow().effectiveSslFlags());
        }
        Map<String, Integer> recycledAfter = recycles();
        // A recycle cannot be read back: one whose answer was lost is made again once the server answers.
        int cas02Recycles = fault.name().equals(APPLY_DIES_HALFWAY) ? 2 : 1;
        recycledAfter.forEach((pool, count) -> assertEquals(recycledBefore.get(pool) + (pool.startsWith("CAS02/") ? cas02Recycles : 1),
                count, () -> pool + " recycled once per change (and once more after a lost answer): " + recycledBefore
                        + " -> " + recycledAfter));
    }

    /** A new resource for a fleet whose owa and ecp a cumulative update has just reset. */
    private static ExchangeSslOffload freshResource() {
        for (String server : SERVERS) {
            simulator.faults(server).clear();
            simulator.cumulativeUpdate(server);
        }
        ExchangeSslOffload resource = SimulatedFleet.resource(simulator);
        resource.getSpec().setProtocols(List.of(Protocol.OWA, Protocol.ECP));
        resource.getSpec().setOutlookAnywhere(null);
        resource.getSpec().getWinrm().setOperationTimeout("2s");
        return resource;
    }

    private static void reconcile(ExchangeSslOffload resource) {
        OffloadReconciliation.Result result = reconciliation.reconcile(resource, SimulatedFleet::secret, Instant.now());
        resource.setStatus(result.status());
    }

    private static Map<String, Integer> recycles() {
        return SERVERS.stream().flatMap(server -> POOLS.stream().map(pool -> server + "/" + pool))
                .collect(Collectors.toMap(key -> key,
                        key -> simulator.recycleCount(key.substring(0, 5), key.substring(6))));
    }
}
