package io.ssloffload.operator.e2e.apiserver;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.WithKubeApiServer;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.cli.OperatorMain;
import io.ssloffload.operator.cli.OperatorOptions;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Correctness under the informer cache: every update of the resource's Secret triggers a
 * reconcile, so a burst of them right after the operator's own status patch starts reconciles
 * that may run before the watch has delivered that patch. None may repeat Set-OutlookAnywhere (an
 * Exchange session) or the Rpc pool's recycle.
 */
@WithKubeApiServer
@Tag("simulator")
class EventsInQuickSuccessionOnApiServerTest {

    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";
    private static final int BURST = 25;
    private static CasSimulator simulator;
    private static OperatorMain.Running operator;

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        ApiServerFixtures.installCommittedCrd(apiServer);
        ApiServerFixtures.applyChartRbac(apiServer);
        // Names of their own: a resource left by another test class on this API server may hold CAS01.
        simulator = CasSimulator.builder().server("QS01", 0).server("QS02", 0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15).start();
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        operator = OperatorMain.start(apiServer.operatorClient(), OperatorOptions.parse("--watch-namespaces", NAMESPACE,
                "--drift-interval", "5m"), () -> { });
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aBurstOfEventsAfterEachStatusPatchRepeatsNeitherSetOutlookAnywhereNorARecycle(KubeApiServer apiServer)
            throws InterruptedException {
        KubernetesClient client = apiServer.adminClient();
        Secret secret = SimulatedFleet.secret(SimulatedFleet.SECRET).orElseThrow();
        secret.getMetadata().setNamespace(NAMESPACE);
        client.resource(secret).serverSideApply();
        ExchangeSslOffload resource = SimulatedFleet.resource(simulator);
        resource.getMetadata().setName("burst");
        resource.getMetadata().setGeneration(null);
        resource.getSpec().setProtocols(List.of(Protocol.OWA, Protocol.OUTLOOK_ANYWHERE));
        Map<String, Integer> sessionsBefore = Map.of("QS01", sessions("QS01"), "QS02", sessions("QS02"));

        client.resource(resource).create();
        burst(client);
        awaitReadyReason(apiServer, "AwaitingPropagation");
        burst(client);

        simulator.advanceClock(Duration.ofMinutes(15));
        burst(client);
        awaitReadyReason(apiServer, "Offloaded");
        burst(client);
        // the last burst's reconciles repeat nothing while they run
        Waits.holdsFor(Duration.ofSeconds(2), Duration.ofMillis(250), () -> List.of("QS01", "QS02").stream().allMatch(server ->
                        simulator.recycleCount(server, RPC_POOL) <= 1 && simulator.recycleCount(server, "MSExchangeOWAAppPool") <= 1
                                && sessions(server) - sessionsBefore.get(server) <= 2),
                () -> "a recycle or an Exchange session repeated after the last burst");

        for (String server : List.of("QS01", "QS02")) {
            assertEquals(1, simulator.recycleCount(server, RPC_POOL), server + ": Rpc's pool recycled once");
            assertEquals(1, simulator.recycleCount(server, "MSExchangeOWAAppPool"), server + ": owa's pool recycled once");
            // the first read of AD (its original recorded before any set) and Set-OutlookAnywhere (with its reads of
            // AD): a reconcile from a stale copy would open another
            assertEquals(2, sessions(server) - sessionsBefore.get(server), server + ": Exchange sessions");
        }
    }

    /** Touches the Secret {@link #BURST} times as fast as the API server takes it: each touch is a reconcile. */
    private static void burst(KubernetesClient client) {
        for (int i = 0; i < BURST; i++) {
            int touch = i;
            client.secrets().inNamespace(NAMESPACE).withName(SimulatedFleet.SECRET)
                    .edit(s -> {
                        s.getMetadata().setAnnotations(Map.of("touch", System.nanoTime() + "-" + touch));
                        return s;
                    });
        }
    }

    private static int sessions(String server) {
        return simulator.snapshot(server).exchangeSessions().totalOpened();
    }

    private static void awaitReadyReason(KubeApiServer apiServer, String reason) {
        Waits.until(() -> readyReason(apiServer).equals(reason), () -> "Ready reason " + readyReason(apiServer));
    }

    private static String readyReason(KubeApiServer apiServer) {
        ExchangeSslOffload burst = apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(NAMESPACE)
                .withName("burst").get();
        return burst == null || burst.getStatus() == null ? "" : burst.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(c -> c.getReason()).findFirst().orElse("");
    }
}
