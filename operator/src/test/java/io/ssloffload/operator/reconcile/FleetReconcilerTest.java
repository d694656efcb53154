package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.PlanFixtures;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.status.ServerOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The observe → plan → apply → verify flow across reconciles, on in-memory servers. */
class FleetReconcilerTest {

    private final FakeCasConnector connector = new FakeCasConnector();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final FleetReconciler fleet = new FleetReconciler(connector, executor);
    private final DesiredOffload desired = PlanFixtures.allProtocols();
    private final Map<String, OutlookAnywhereProgress> memory = new HashMap<>();
    private final ServerRecords records = ServerRecords.inResource(resource());
    private Instant now = Instant.parse("2026-11-27T20:00:00Z");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void offloadsEveryProtocolAndRecyclesTheRpcPoolOnlyOnceAfterPropagation() {
        List<ServerEndpoint> endpoints = endpoints("CAS01", "CAS02", "CAS03");
        endpoints.forEach(e -> connector.add(e.serverName()));

        List<ServerReconciler.Result> first = reconcile(endpoints);

        for (ServerReconciler.Result result : first) {
            Map<Protocol, ProtocolState> states = reached(result).states();
            for (Protocol p : desired.scope()) {
                ProtocolState.Reason expected = p == Protocol.OUTLOOK_ANYWHERE
                        ? ProtocolState.Reason.AwaitingPropagation : ProtocolState.Reason.Offloaded;
                assertEquals(expected, states.get(p).reason(), result.outcome().name() + " " + p);
            }
            assertEquals(desired.pollInterval(), result.nextCheck().orElseThrow());
        }
        assertEquals(List.of(EventReason.SslOffloaded, EventReason.OutlookAnywhereSet),
                first.get(0).actions().stream().map(ServerAction::reason).toList());
        assertTrue(first.get(0).actions().get(0).message().startsWith("CAS01: Default Web Site/owa sslFlags=None"),
                first.get(0).actions().get(0).message());
        FakeCasConnector.FakeServer cas01 = connector.server("CAS01");
        assertEquals(List.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool", "MSExchangeOABAppPool", "MSExchangeSyncAppPool",
                "MSExchangeServicesAppPool", "MSExchangeAutodiscoverAppPool", "MSExchangeMapiFrontEndAppPool",
                "MSExchangeRestFrontEndAppPool"), cas01.recycledPools);
        assertEquals(1, cas01.outlookAnywhereWrites);
        assertTrue(cas01.writtenLocations.stream().allMatch(l -> l.startsWith("Default Web Site/") && !l.endsWith("/Rpc")));

        // The Service Host has not run yet: nothing to do, and no Exchange session is opened to find that out.
        int readsBefore = cas01.outlookAnywhereReads;
        assertEquals(List.of(), reconcile(endpoints).get(0).actions());
        assertEquals(readsBefore, cas01.outlookAnywhereReads);
        assertEquals(8, cas01.recycledPools.size());

        connector.server("CAS01").runServiceHostPass();
        List<ServerReconciler.Result> afterPass = reconcile(endpoints);
        assertTrue(reached(afterPass.get(0)).states().values().stream()
                .allMatch(s -> s.reason() == ProtocolState.Reason.Offloaded), reached(afterPass.get(0)).states().toString());
        assertEquals("MSExchangeRpcProxyFrontEndAppPool", cas01.recycledPools.get(8));
        assertEquals(List.of(new ServerAction(EventReason.AppPoolsRecycled,
                "CAS01: recycled MSExchangeRpcProxyFrontEndAppPool (Outlook Anywhere has reached IIS)")), afterPass.get(0).actions());

        reconcile(endpoints);
        assertEquals(9, cas01.recycledPools.size(), "the RPC proxy pool is recycled once");
        assertEquals(1, cas01.outlookAnywhereWrites);
    }

    @Test
    void aChangeToOutlookAnywhereAloneDoesNotLookAtIisTwice() {
        List<ServerEndpoint> endpoints = endpoints("CAS01");
        FakeCasConnector.FakeServer cas01 = connector.add("CAS01");
        reconcile(endpoints);
        cas01.runServiceHostPass();
        reconcile(endpoints);
        int observations = cas01.observations;

        OutlookAnywhereSettings renamed = new OutlookAnywhereSettings("webmail.contoso.com", "cas.contoso.local", true, true,
                AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm, List.of(), true);
        DesiredOffload changed = new DesiredOffload(desired.scope(), Map.of(), Optional.of(renamed), desired.recycle(),
                desired.propagationTimeout(), desired.pollInterval());
        List<ServerReconciler.Result> results = fleet.reconcile(endpoints, changed,
                name -> memory.getOrDefault(name, OutlookAnywhereProgress.NONE), records, now.plus(Duration.ofMinutes(1)));

        assertEquals(List.of(EventReason.OutlookAnywhereSet), results.get(0).actions().stream().map(ServerAction::reason).toList());
        assertEquals("webmail.contoso.com", cas01.outlookAnywhere.externalHostname());
        assertEquals(observations + 1, cas01.observations, "Set-OutlookAnywhere leaves IIS as it was: one look is enough");
    }

    @Test
    void oneUnreachableServerDoesNotHoldBackTheOthers() {
        List<ServerEndpoint> endpoints = endpoints("CAS01", "CAS02");
        connector.add("CAS01");
        connector.add("CAS02").unreachable = true;

        List<ServerReconciler.Result> results = reconcile(endpoints);

        assertEquals(ProtocolState.Reason.Offloaded, reached(results.get(0)).states().get(Protocol.OWA).reason());
        ServerOutcome.Unreached unreached = assertInstanceOf(ServerOutcome.Unreached.class, results.get(1).outcome());
        assertEquals("Unreachable", unreached.reason());
        assertTrue(unreached.message().contains("CAS02"));
    }

    /** Issue 10: an operator stopped (SIGTERM) mid-reconcile does not report its servers unreachable. */
    @Test
    void anInterruptedReconcileEndsWithoutMakingUpAResultForAServerItDidNotReach() throws Exception {
        List<ServerEndpoint> endpoints = endpoints("CAS01");
        connector.add("CAS01");
        // Every server thread taken by other resources' servers: CAS01's work waits in the queue.
        CountDownLatch othersBusy = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            executor.submit(() -> {
                othersBusy.await();
                return null;
            });
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<List<ServerReconciler.Result>> results = new AtomicReference<>();
        Thread reconciling = new Thread(() -> {
            try {
                results.set(reconcile(endpoints));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        reconciling.start();
        while (reconciling.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        reconciling.interrupt();
        reconciling.join();
        othersBusy.countDown();
        executor.shutdown();
        assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES));

        assertEquals(null, results.get(), "no result, so no status saying CAS01 is unreachable");
        ReconcileInterrupted interrupted = assertInstanceOf(ReconcileInterrupted.class, thrown.get());
        assertTrue(interrupted.getMessage().startsWith("CAS01: "), interrupted.getMessage());
        assertTrue(ReconcileInterrupted.in(new RuntimeException(interrupted)), "found when wrapped");
        assertEquals(0, connector.server("CAS01").sessionsOpened, "the queued work was cancelled, not run later");
    }

    @Test
    void aCumulativeUpdateIsFoundAndUndoneAtTheNextCheck() {
        List<ServerEndpoint> endpoints = endpoints("CAS01");
        FakeCasConnector.FakeServer cas01 = connector.add("CAS01");
        reconcile(endpoints);
        cas01.runServiceHostPass();
        reconcile(endpoints);
        int recycled = cas01.recycledPools.size();

        cas01.sslFlags.put(Protocol.OWA, PlanFixtures.SHIPPED);
        cas01.sslFlags.put(Protocol.EWS, PlanFixtures.SHIPPED);
        List<ServerReconciler.Result> afterUpgrade = reconcile(endpoints);

        assertEquals(ProtocolState.Reason.Offloaded, reached(afterUpgrade.get(0)).states().get(Protocol.OWA).reason());
        assertEquals(List.of("MSExchangeOWAAppPool", "MSExchangeServicesAppPool"),
                cas01.recycledPools.subList(recycled, cas01.recycledPools.size()));
    }

    private static ExchangeSslOffload resource() {
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMeta());
        return resource;
    }

    private List<ServerReconciler.Result> reconcile(List<ServerEndpoint> endpoints) {
        now = now.plus(Duration.ofMinutes(1));
        List<ServerReconciler.Result> results = fleet.reconcile(endpoints, desired,
                name -> memory.getOrDefault(name, OutlookAnywhereProgress.NONE), records, now);
        for (ServerReconciler.Result r : results) {
            if (r.outcome() instanceof ServerOutcome.Reached reached) {
                memory.put(reached.name(), reached.progress());
            }
        }
        return results;
    }

    private static ServerOutcome.Reached reached(ServerReconciler.Result result) {
        return assertInstanceOf(ServerOutcome.Reached.class, result.outcome(), result.outcome().toString());
    }

    private static List<ServerEndpoint> endpoints(String... names) {
        return java.util.Arrays.stream(names).map(name -> new ServerEndpoint(name, name.toLowerCase() + ".contoso.local",
                5986, true, ServerEndpoint.Authentication.NTLM, new ServerEndpoint.Credentials("admin", "secret"),
                null, false, Duration.ofSeconds(60), Duration.ofSeconds(125))).toList();
    }
}
