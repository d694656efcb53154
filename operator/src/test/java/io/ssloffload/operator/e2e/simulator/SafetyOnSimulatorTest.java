package io.ssloffload.operator.e2e.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ManagementPolicy;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.api.v1alpha1.RolloutSpec;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.reconcile.ServerRecords;
import io.ssloffload.operator.testing.InProcessOperator;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.iis.AppPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static io.ssloffload.operator.testing.SimulatedFleet.protocol;
import static io.ssloffload.operator.testing.SimulatedFleet.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling changes, pause, observe-only and divergence through the real WinRM client against
 * simulated servers that interpret the scripts.
 */
@Tag("simulator")
class SafetyOnSimulatorTest {

    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";

    private final InProcessOperator operator = new InProcessOperator();
    private CasSimulator simulator;
    private ExchangeSslOffload resource;

    @AfterEach
    void stop() {
        operator.close();
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(int servers) {
        simulator = CasSimulator.builder().servers(servers).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15).start();
        resource = SimulatedFleet.resource(simulator);
        resource.getSpec().setProtocols(List.of(Protocol.OWA, Protocol.ECP, Protocol.OUTLOOK_ANYWHERE));
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
    }

    private OffloadReconciliation.Result reconcile(Instant now) {
        return operator.reconcile(resource, now);
    }

    private void maxUnavailable(IntOrString value) {
        RolloutSpec rollout = new RolloutSpec();
        rollout.setMaxUnavailable(value);
        resource.getSpec().setRollout(rollout);
    }

    /**
     * maxUnavailable 1: each server's changes and recycles (IIS pools, then Rpc's after the Service
     * Host pass) happen in a window of the simulator's recycle log that no other server's window
     * overlaps, and the servers that wait say WaitingForRollout.
     */
    @Test
    void withMaxUnavailableOneNoTwoServersRecycleAtOverlappingTimes() {
        start(3);
        maxUnavailable(new IntOrString(1));
        Instant now = Instant.now();
        reconcile(now);
        assertEquals("AwaitingPropagation", protocol(resource, "CAS01", "outlookAnywhere").getReason());
        for (String waiting : List.of("CAS02", "CAS03")) {
            var owa = protocol(resource, waiting, "owa");
            assertEquals("WaitingForRollout", owa.getReason(), owa.getMessage());
            assertThat(owa.getMessage())
                    .contains("would set sslFlags Ssl,Ssl128 → None and recycle MSExchangeOWAAppPool");
            assertTrue(simulator.snapshot(waiting).recycleLog().isEmpty(), waiting + " was not touched");
            assertNotNull(server(resource, waiting).getPendingChanges());
        }
        assertThat(resource.getStatus().getRollout()).contains("waiting: CAS02, CAS03");
        assertEquals("Reconciling", condition(resource.getStatus().getConditions(), "Reconciling").getType());

        for (int round = 0; round < 40 && !ready(); round++) {
            simulator.advanceClock(Duration.ofMinutes(5));
            now = now.plus(Duration.ofMinutes(5));
            reconcile(now);
            long disturbed = resource.getStatus().getServers().stream().filter(this::disturbed).count();
            assertTrue(disturbed <= 1, "at most one server disturbed at once: " + resource.getStatus().getServers());
        }
        assertTrue(ready(), () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());

        List<Instant[]> windows = new ArrayList<>();
        for (String name : List.of("CAS01", "CAS02", "CAS03")) {
            List<AppPools.Recycle> log = simulator.snapshot(name).recycleLog();
            assertEquals(Set.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool", RPC_POOL),
                    Set.copyOf(log.stream().map(AppPools.Recycle::pool).toList()), name + ": " + log);
            assertEquals(3, log.size(), name + " recycled each pool once: " + log);
            windows.add(new Instant[] {Instant.parse(log.get(0).time()), Instant.parse(log.get(log.size() - 1).time())});
        }
        for (int i = 1; i < windows.size(); i++) {
            assertTrue(windows.get(i - 1)[1].isBefore(windows.get(i)[0]),
                    "server " + i + "'s recycles end before server " + (i + 1) + "'s begin");
        }
        assertNull(resource.getStatus().getRollout(), "nothing left to roll out");
        assertNull(resource.getStatus().getDivergence());
    }

    /** maxUnavailable 100%: every server is changed in the first reconcile. */
    @Test
    void withMaxUnavailableHundredPercentEveryServerChangesAtOnce() {
        start(3);
        maxUnavailable(new IntOrString("100%"));
        reconcile(Instant.now());
        for (String name : List.of("CAS01", "CAS02", "CAS03")) {
            assertEquals("Offloaded", protocol(resource, name, "owa").getReason());
            assertEquals("AwaitingPropagation", protocol(resource, name, "outlookAnywhere").getReason());
        }
    }

    /**
     * Only a change in flight holds a place under maxUnavailable: a server that is merely
     * unreachable does not stop the others, while one that becomes unreachable half-way through
     * its change keeps its place until its change is seen through; servers that were down and come
     * back are admitted one at a time like any other.
     */
    @Test
    void onlyAChangeInFlightHoldsAPlaceUnderTheBoundNotAnUnreachableServer() {
        start(3);
        maxUnavailable(new IntOrString(1));
        simulator.stopServer("CAS01");
        simulator.stopServer("CAS03");
        Instant now = Instant.now();
        reconcile(now);
        assertEquals("Unreachable", protocol(resource, "CAS01", "owa").getReason());
        assertEquals("Offloaded", protocol(resource, "CAS02", "owa").getReason(), "CAS01 and CAS03 are only unreachable");
        assertEquals("AwaitingPropagation", protocol(resource, "CAS02", "outlookAnywhere").getReason());

        simulator.stopServer("CAS02");
        simulator.startServer("CAS01");
        simulator.startServer("CAS03");
        reconcile(now.plusSeconds(60));
        for (String waiting : List.of("CAS01", "CAS03")) {
            assertEquals("WaitingForRollout", protocol(resource, waiting, "owa").getReason(), waiting);
            assertTrue(simulator.snapshot(waiting).recycleLog().isEmpty(), waiting + " was not touched");
        }
        assertThat(resource.getStatus().getRollout()).contains("being changed: CAS02");

        simulator.startServer("CAS02");
        simulator.advanceClock(Duration.ofMinutes(16));
        reconcile(now.plus(Duration.ofMinutes(16)));
        assertEquals("Offloaded", protocol(resource, "CAS02", "outlookAnywhere").getReason());
        assertEquals(1, simulator.recycleCount("CAS02", RPC_POOL), "its change seen through: Rpc's pool recycled once");
        reconcile(now.plus(Duration.ofMinutes(17)));
        long changedNow = List.of("CAS01", "CAS03").stream()
                .filter(name -> !simulator.snapshot(name).recycleLog().isEmpty()).count();
        assertEquals(1, changedNow, "the two that came back are admitted one at a time: " + resource.getStatus().getRollout());
    }

    /** ssloffload.io/paused: "true": observed and reported, nothing changed; removing it resumes. */
    @Test
    void aPausedResourceChangesNothingAndSaysPaused() {
        start(2);
        resource.getMetadata().setAnnotations(new HashMap<>(Map.of(OffloadReconciliation.PAUSED_ANNOTATION, "true")));
        var before = simulator.snapshot("CAS01").configChanges().size();
        reconcile(Instant.now());
        var ready = condition(resource.getStatus().getConditions(), "Ready");
        assertEquals("Paused", ready.getReason(), ready.getMessage());
        assertEquals("False", condition(resource.getStatus().getConditions(), "Reconciling").getStatus());
        assertEquals("False", condition(resource.getStatus().getConditions(), "Stalled").getStatus());
        assertEquals("Paused", protocol(resource, "CAS01", "owa").getReason());
        assertEquals(before, simulator.snapshot("CAS01").configChanges().size(), "no IIS write");
        assertTrue(simulator.snapshot("CAS01").recycleLog().isEmpty());
        assertTrue(!simulator.snapshot("CAS01").outlookAnywhere().sslOffloading(), "AD untouched");

        resource.getMetadata().getAnnotations().remove(OffloadReconciliation.PAUSED_ANNOTATION);
        reconcile(Instant.now());
        assertEquals("Offloaded", protocol(resource, "CAS01", "owa").getReason());
    }

    /**
     * ObserveOnly: per server and protocol current → desired, the pools that would recycle, and
     * nothing changed; divergence is reported when one server differs.
     */
    @Test
    void observeOnlyReportsWhatWouldChangeAndChangesNothing() {
        start(2);
        resource.getSpec().setManagementPolicy(ManagementPolicy.ObserveOnly);
        // CAS02 has Extended Protection turned on: the fleet is not configured alike
        simulator.setExtendedProtection("CAS02", "Require");
        reconcile(Instant.now());
        assertThat(resource.getStatus().getDivergence()).containsAnyOf(
                "owa: ExtendedProtectionEnabled on CAS02; ObserveOnly on CAS01",
                "owa: ObserveOnly on CAS01; ExtendedProtectionEnabled on CAS02");
        assertEquals("ObserveOnly", protocol(resource, "CAS01", "owa").getReason());
        ServerStatus cas01 = server(resource, "CAS01");
        List<String> changes = cas01.getPendingChanges().stream()
                .map(c -> c.getProtocol() + " " + c.getSetting() + " " + c.getCurrent() + " -> " + c.getDesired()).toList();
        assertThat(changes).as(changes.toString()).contains("owa sslFlags Ssl,Ssl128 -> None");
        assertThat(changes).as(changes.toString()).contains("outlookAnywhere SSLOffloading false -> true");
        assertEquals(List.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool"), cas01.getAppPoolsToRecycle());
        for (String name : List.of("CAS01", "CAS02")) {
            assertTrue(simulator.snapshot(name).recycleLog().isEmpty());
            assertTrue(!simulator.snapshot(name).outlookAnywhere().sslOffloading());
        }
        assertEquals("ObserveOnly", protocol(resource, "CAS01", "outlookAnywhere").getReason());
    }

    /**
     * RestartServiceHost: the Service Host is restarted right after Set-OutlookAnywhere, so
     * Outlook Anywhere reaches IIS and Rpc's pool is recycled once, in the same reconcile.
     */
    @Test
    void restartServiceHostAppliesOutlookAnywhereAtOnce() {
        start(1);
        PropagationSpec propagation = new PropagationSpec();
        propagation.setStrategy(PropagationStrategy.RestartServiceHost);
        resource.getSpec().setPropagation(propagation);
        OffloadReconciliation.Result result = reconcile(Instant.now());
        assertTrue(ready(), () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        assertEquals("RestartServiceHost", resource.getStatus().getPropagationStrategy());
        assertEquals(List.of("SslOffloaded", "OutlookAnywhereSet", "ServiceHostRestarted", "AppPoolsRecycled"),
                result.actions().stream().map(a -> a.reason().name()).toList());
        assertEquals(1, simulator.recycleCount("CAS01", RPC_POOL));
        assertEquals("None", simulator.snapshot("CAS01").location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags());

        reconcile(Instant.now());
        assertEquals(1, simulator.recycleCount("CAS01", RPC_POOL), "recycled once");
    }

    /**
     * RestartServiceHost with recycle IisReset: one iisreset serves both the IIS changes and the
     * Service Host's copy into Rpc (two would interrupt every protocol twice), and nothing is owed after.
     */
    @Test
    void restartServiceHostWithIisResetResetsIisOnce() {
        start(1);
        PropagationSpec propagation = new PropagationSpec();
        propagation.setStrategy(PropagationStrategy.RestartServiceHost);
        resource.getSpec().setPropagation(propagation);
        resource.getSpec().setRecycle(RecycleMode.IIS_RESET);

        OffloadReconciliation.Result result = reconcile(Instant.now());

        assertThat(ready()).as(() -> condition(resource.getStatus().getConditions(), "Ready").getMessage()).isTrue();
        assertThat(result.actions()).extracting(a -> a.reason().name())
                .containsExactly("SslOffloaded", "OutlookAnywhereSet", "ServiceHostRestarted", "IisReset");
        assertThat(simulator.iisResetCount("CAS01")).isEqualTo(1);
        assertThat(resource.getMetadata().getAnnotations()).doesNotContainKey(ServerRecords.IN_FLIGHT_PREFIX + "cas01");
        reconcile(Instant.now());
        assertThat(simulator.iisResetCount("CAS01")).as("nothing owed afterwards").isEqualTo(1);
    }

    private boolean ready() {
        return "True".equals(condition(resource.getStatus().getConditions(), "Ready").getStatus());
    }

    /** Being changed or failing: anything but settled or waiting its turn. */
    private boolean disturbed(ServerStatus server) {
        return server.getConditions().stream()
                .anyMatch(c -> !Set.of("Offloaded", "WaitingForRollout").contains(c.getReason()));
    }
}
