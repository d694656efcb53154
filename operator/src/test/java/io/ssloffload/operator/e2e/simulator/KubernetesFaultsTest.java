package io.ssloffload.operator.e2e.simulator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.cli.OperatorMain;
import io.ssloffload.operator.cli.OperatorOptions;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.Waits;

import static io.ssloffload.operator.testing.LabResource.NAME;
import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator as it runs ({@link OperatorMain#start}, the real reconciler, WinRM to simulated
 * Exchange servers) against fabric8's mock API server, for the Kubernetes-side faults a real API
 * server does not produce on demand: a status patch refused with 409, throttled with 429 and
 * Retry-After, failing with 500; a watch dropped while the resource changed, and a watch whose
 * resourceVersion has expired. After each: the status eventually written tells the truth, no
 * server work is lost or done twice, the operator stays up, and retries are bounded.
 */
@Tag("simulator")
class KubernetesFaultsTest {

    private static final List<String> SERVERS = List.of("CAS01", "CAS02");
    private static final List<String> IIS_POOLS = List.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool",
            "MSExchangeOABAppPool", "MSExchangeSyncAppPool", "MSExchangeServicesAppPool",
            "MSExchangeAutodiscoverAppPool", "MSExchangeMapiFrontEndAppPool");
    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";

    private CasSimulator simulator;
    private int commandsBefore;
    private FaultingApiServer apiServer;
    private KubernetesClient client;
    private OperatorMain.Running operator;

    @BeforeEach
    void start() {
        simulator = CasSimulator.builder().servers(SERVERS.size()).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15).start();
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        commandsBefore = simulator.commandLog().size();
        apiServer = new FaultingApiServer();
        client = apiServer.client();
        Secret secret = SimulatedFleet.secret(SimulatedFleet.SECRET).orElseThrow();
        secret.getMetadata().setNamespace(NAMESPACE);
        client.resource(secret).create();
        ExchangeSslOffload lab = SimulatedFleet.resource(simulator);
        PropagationSpec propagation = new PropagationSpec();
        // the Service Host's pass is the test's to give; once given, it is seen within a second
        propagation.setPollInterval("1s");
        lab.getSpec().setPropagation(propagation);
        client.resource(lab).create();
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (client != null) {
            client.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aConflictOnTheStatusPatchThatSaysReadyIsRetriedAndNothingIsDoneTwice() {
        apiServer.failNext(KubernetesFaultsTest::appliesReady, 1, 409, Map.of());

        ExchangeSslOffload lab = convergeThroughPropagation();

        assertConvergedOnce(lab);
        assertEquals(List.of(409, 200), codes(KubernetesFaultsTest::appliesReady), "refused once, then applied");
        assertEquals(1, reconcileErrorsApplied(), "the failed reconcile was said in status, once");
        for (String server : SERVERS) {
            assertEquals(1, events("AppPoolsRecycled", server + ": recycled " + RPC_POOL), server + ": one recycle Event");
        }
    }

    @Test
    void aConflictOnTheStatusPatchAfterSetOutlookAnywhereDoesNotSetItAgain() {
        apiServer.failNext(r -> r.isStatusApply() && ready(r.applied())
                .filter(c -> "AwaitingPropagation".equals(c.getReason())).isPresent(), 1, 409, Map.of());

        ExchangeSslOffload lab = convergeThroughPropagation();

        assertConvergedOnce(lab);
        for (String server : SERVERS) {
            assertEquals(1, events("OutlookAnywhereSet", server + ": Set-OutlookAnywhere"), server + ": one OutlookAnywhereSet Event");
        }
    }

    @Test
    void aThrottledStatusPatchIsRetriedAfterRetryAfterNotInALoop() {
        apiServer.failNext(KubernetesFaultsTest::appliesReady, 2, 429, Map.of("Retry-After", "1"));

        ExchangeSslOffload lab = convergeThroughPropagation();

        assertConvergedOnce(lab);
        // the client waits as told and tries again, within the same reconcile: no reconcile failed
        assertEquals(List.of(429, 429, 200), codes(KubernetesFaultsTest::appliesReady));
        assertNoReconcileError();
    }

    @Test
    void aStatusPatchFailingWith500IsRetriedAndTheStatusWrittenIsTheTruth() {
        apiServer.failNext(KubernetesFaultsTest::appliesReady, 2, 500, Map.of());

        ExchangeSslOffload lab = convergeThroughPropagation();

        assertConvergedOnce(lab);
        assertEquals(List.of(500, 500, 200), codes(KubernetesFaultsTest::appliesReady));
        assertNoReconcileError();
    }

    /**
     * The watch stalls just as the status saying "awaiting the Service Host" is written, so the
     * informer never hears of it. The next reconcile must still know Outlook Anywhere was set (from
     * the patch's own answer, which JOSDK caches) and recycle Rpc's pool once its settings reach
     * IIS, not find nothing in flight and call the servers Ready untouched.
     */
    @Test
    void aWatchThatStallsAsTheStatusIsWrittenDoesNotMakeTheNextReconcileForgetIt() {
        apiServer.beforeNext(r -> r.isStatusApply() && ready(r.applied())
                        .filter(c -> "AwaitingPropagation".equals(c.getReason())).isPresent(),
                () -> apiServer.silenceWatches(FaultingApiServer.RESOURCES_PATH));

        ExchangeSslOffload lab = convergeThroughPropagation();

        assertConvergedOnce(lab);
    }

    @Test
    void aChangeMadeWhileTheWatchWasDownIsReconciledOnceTheWatchIsBack() {
        assertConvergedOnce(convergeThroughPropagation());
        long watchesBefore = apiServer.count(r -> r.isWatch() && r.pathOnly().equals(FaultingApiServer.RESOURCES_PATH));

        // the watch stops delivering, the resource changes, then the server closes the connection
        apiServer.silenceWatches(FaultingApiServer.RESOURCES_PATH);
        changeExternalHostname("mail2.lab.example");
        assertEquals(1, apiServer.dropWatches(FaultingApiServer.RESOURCES_PATH), "one watch on the resources was open");

        ExchangeSslOffload lab = awaitObservedGeneration(2);
        assertHostnameChangedOnce(lab, "mail2.lab.example");
        assertTrue(apiServer.count(r -> r.isWatch() && r.pathOnly().equals(FaultingApiServer.RESOURCES_PATH)) > watchesBefore,
                "the watch was opened again");
    }

    @Test
    void aWatchWhoseResourceVersionExpiredRelistsAndFindsTheChange() {
        assertConvergedOnce(convergeThroughPropagation());
        Predicate<FaultingApiServer.Request> resourceList = r -> r.isList()
                && r.pathOnly().equals(FaultingApiServer.RESOURCES_PATH);
        long listsBefore = apiServer.count(resourceList);

        // the API server no longer has the watch's resourceVersion (compaction, a restart): 410 Gone on the re-watch
        apiServer.expireNextWatch(r -> r.pathOnly().equals(FaultingApiServer.RESOURCES_PATH));
        apiServer.silenceWatches(FaultingApiServer.RESOURCES_PATH);
        changeExternalHostname("mail3.lab.example");
        apiServer.dropWatches(FaultingApiServer.RESOURCES_PATH);

        ExchangeSslOffload lab = awaitObservedGeneration(2);
        assertHostnameChangedOnce(lab, "mail3.lab.example");
        assertTrue(apiServer.count(resourceList) > listsBefore, "410 Gone made the informer list again");
    }

    /** Starts the operator, waits until Outlook Anywhere awaits the Service Host, gives its pass, waits for Ready. */
    private ExchangeSslOffload convergeThroughPropagation() {
        operator = OperatorMain.start(client, OperatorOptions.parse("--watch-namespaces", NAMESPACE,
                "--drift-interval", "5m"), () -> {
            throw new AssertionError("no leader election here");
        });
        awaitReady(c -> "AwaitingPropagation".equals(c.getReason()), "Outlook Anywhere awaits the Service Host");
        simulator.advanceClock(Duration.ofMinutes(15));
        return awaitReady(c -> "True".equals(c.getStatus()), "Ready once the Service Host has passed");
    }

    private void changeExternalHostname(String hostname) {
        client.resources(ExchangeSslOffload.class).inNamespace(NAMESPACE).withName(NAME).edit(lab -> {
            lab.getSpec().getOutlookAnywhere().setExternalHostname(hostname);
            return lab;
        });
    }

    /** Every server offloaded, each change made once: seven pools recycled for SSL, Set-OutlookAnywhere and Rpc's pool once. */
    private void assertConvergedOnce(ExchangeSslOffload lab) {
        Condition ready = condition(lab.getStatus().getConditions(), "Ready");
        assertEquals("Offloaded", ready.getReason(), ready.getMessage());
        for (String server : SERVERS) {
            for (Condition protocol : SimulatedFleet.server(lab, server).getConditions()) {
                assertEquals("True", protocol.getStatus(), () -> server + " " + protocol.getType() + ": " + protocol.getMessage());
            }
            for (String pool : IIS_POOLS) {
                assertEquals(1, simulator.recycleCount(server, pool), server + " " + pool + " recycled once");
            }
            assertEquals(1, simulator.recycleCount(server, RPC_POOL), server + " " + RPC_POOL + " recycled once");
            assertEquals(1, setOutlookAnywhereCount(server), server + ": Set-OutlookAnywhere once");
        }
        assertOperatorUp();
        // loosely: a handful of status writes per step, not a retry loop
        long statusApplies = apiServer.count(FaultingApiServer.Request::isStatusApply);
        assertTrue(statusApplies <= 10, () -> statusApplies + " status patches: " + apiServer.requests());
    }

    /** The new hostname in Active Directory on every server by one more Set-OutlookAnywhere, no more recycles, Ready. */
    private void assertHostnameChangedOnce(ExchangeSslOffload lab, String hostname) {
        for (String server : SERVERS) {
            assertEquals(hostname, simulator.snapshot(server).outlookAnywhere().externalHostname(), server);
            assertEquals(2, setOutlookAnywhereCount(server), server + ": one Set-OutlookAnywhere for the change");
            assertEquals(1, simulator.recycleCount(server, RPC_POOL), server + ": a hostname needs no recycle");
        }
        Condition ready = condition(lab.getStatus().getConditions(), "Ready");
        assertEquals("True", ready.getStatus(), ready.getMessage());
        assertOperatorUp();
    }

    private void assertOperatorUp() {
        assertTrue(operator.operator().getRuntimeInfo().isStarted(), "the operator runs");
        assertTrue(operator.operator().getRuntimeInfo().allEventSourcesAreHealthy(),
                () -> "unhealthy: " + operator.operator().getRuntimeInfo().unhealthyEventSources());
    }

    private void assertNoReconcileError() {
        assertEquals(0, reconcileErrorsApplied(), "the fault was absorbed by the client's retry, not a failed reconcile");
    }

    private long reconcileErrorsApplied() {
        return apiServer.requests().stream().filter(r -> r.isStatusApply() && r.code() == 200)
                .map(FaultingApiServer.Request::applied).flatMap(lab -> ready(lab).stream())
                .filter(c -> "ReconcileError".equals(c.getReason())).count();
    }

    /** Events on the resource with {@code reason} whose message starts with {@code messageStart}. */
    private long events(String reason, String messageStart) {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()) && e.getMessage().startsWith(messageStart)).count();
    }

    private long setOutlookAnywhereCount(String server) {
        return simulator.commandLog().stream().skip(commandsBefore).filter(c -> c.server().equals(server))
                .map(c -> SimulatedFleet.decodedScript(c.command().commandLine()))
                .filter(SimulatedFleet::setsOutlookAnywhere).count();
    }

    private List<Integer> codes(Predicate<FaultingApiServer.Request> matches) {
        return apiServer.requests().stream().filter(matches).map(FaultingApiServer.Request::code).toList();
    }

    /** A status apply whose Ready condition is True. */
    private static boolean appliesReady(FaultingApiServer.Request request) {
        return request.isStatusApply() && ready(request.applied()).filter(c -> "True".equals(c.getStatus())).isPresent();
    }

    private static Optional<Condition> ready(ExchangeSslOffload lab) {
        return Optional.ofNullable(lab.getStatus()).flatMap(status -> status.getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst());
    }

    private Optional<ExchangeSslOffload> read() {
        return Optional.ofNullable(client.resources(ExchangeSslOffload.class).inNamespace(NAMESPACE).withName(NAME).get());
    }

    private ExchangeSslOffload awaitReady(Predicate<Condition> expected, String what) {
        Waits.until(() -> read().flatMap(KubernetesFaultsTest::ready).filter(expected).isPresent(),
                () -> what + ": Ready is " + read().flatMap(KubernetesFaultsTest::ready) + "\nrequests: " + apiServer.requests());
        return read().orElseThrow();
    }

    private ExchangeSslOffload awaitObservedGeneration(long generation) {
        Waits.until(() -> read().filter(lab -> lab.getStatus() != null
                        && Long.valueOf(generation).equals(lab.getStatus().getObservedGeneration()))
                        .flatMap(KubernetesFaultsTest::ready).filter(c -> "True".equals(c.getStatus())).isPresent(),
                () -> "generation " + generation + " Ready: " + read().map(ExchangeSslOffload::getStatus)
                        + "\nrequests: " + apiServer.requests());
        return read().orElseThrow();
    }
}
