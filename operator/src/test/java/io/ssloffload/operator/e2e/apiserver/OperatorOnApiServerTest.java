package io.ssloffload.operator.e2e.apiserver;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.kubeharness.WithKubeApiServer;
import io.ssloffload.operator.api.GeneratedCrd;
import io.ssloffload.operator.cli.OperatorMain;
import io.ssloffload.operator.cli.OperatorOptions;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static io.ssloffload.operator.testing.LabResource.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a user meets it: the CRD and the chart's RBAC on a real API server, the operator
 * running as its ServiceAccount, {@code examples/simulator.yaml} applied with kubectl unchanged,
 * and three simulated Exchange servers on the ports that example names.
 */
@WithKubeApiServer
@Tag("simulator")
class OperatorOnApiServerTest {

    private static CasSimulator simulator;
    private static OperatorMain.Running operator;
    private static final AtomicBoolean lostLeadership = new AtomicBoolean();

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        ApiServerFixtures.installCommittedCrd(apiServer);
        ApiServerFixtures.applyChartRbac(apiServer);
        // The ports and credentials examples/simulator.yaml names.
        simulator = CasSimulator.builder().servers(3).basePort(15985).iisBasePort(16985)
                .credentials("lab-admin", "S1mulator!").propagationMinutes(15).start();
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator, "lab-admin", "S1mulator!");
        operator = OperatorMain.start(apiServer.operatorClient(), OperatorOptions.parse("--watch-namespaces", NAMESPACE,
                "--drift-interval", "5m", "--leader-election-namespace", apiServer.operatorNamespace(),
                "--leader-election-lease", ApiServerFixtures.CHART_LEASE),
                () -> lostLeadership.set(true));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
            assertFalse(lostLeadership.get(), "a deliberate stop releases the Lease without counting as lost leadership");
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void theSimulatorExampleBecomesReadyAndAPasswordChangeIsNoticedAtOnce(KubeApiServer apiServer) {
        succeeded(apiServer.kubectl("apply", "-f", GeneratedCrd.EXAMPLES.resolve("simulator.yaml").toString()));
        LabResource.awaitReady(apiServer, c -> "AwaitingPropagation".equals(c.getReason()), "Outlook Anywhere waits for the Service Host");
        List<String> row = LabResource.row(apiServer);
        assertEquals(List.of("lab", "False", "AwaitingPropagation", "0/3"), row.subList(0, 4), row::toString);
        // it reconciled, so it leads (read before that, the Lease may not be taken yet)
        Lease lease = apiServer.adminClient().leases().inNamespace(apiServer.operatorNamespace())
                .withName(ApiServerFixtures.CHART_LEASE).get();
        assertTrue(lease != null && lease.getSpec().getHolderIdentity() != null, "the operator holds its Lease");

        simulator.advanceClock(Duration.ofMinutes(15));
        KubectlResult waited = apiServer.kubectl("wait", "--for=condition=Ready", RESOURCE, "-n", NAMESPACE, "--timeout=50s");
        assertTrue(waited.succeeded(), () -> waited + "\nstatus: " + LabResource.readyCondition(apiServer));
        assertEquals(List.of("lab", "True", "Offloaded", "3/3"), LabResource.row(apiServer).subList(0, 4));
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            assertEquals("None", simulator.snapshot(server).location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags());
        }

        List<Event> events = apiServer.adminClient().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> "lab".equals(e.getInvolvedObject().getName())).toList();
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            for (String reason : List.of("SslOffloaded", "OutlookAnywhereSet", "AppPoolsRecycled")) {
                assertTrue(events.stream().anyMatch(e -> reason.equals(e.getReason()) && e.getMessage().startsWith(server + ":")),
                        () -> "no " + reason + " event for " + server + " in " + events);
            }
        }
        assertThat(events).extracting(e -> e.getMessage()).as("no secret in events")
                .noneMatch(message -> message.contains("S1mulator!"));

        // The drift interval is 5 minutes: only the Secret's own event can bring this within seconds.
        succeeded(apiServer.kubectl("patch", "secret", "lab-admin", "-n", NAMESPACE, "--type=merge",
                "-p", "{\"stringData\":{\"password\":\"rotated-wrongly\"}}"));
        LabResource.awaitReady(apiServer, c -> "AuthenticationFailed".equals(c.getReason()), "a wrong password stalls the resource");
        succeeded(apiServer.kubectl("patch", "secret", "lab-admin", "-n", NAMESPACE, "--type=merge",
                "-p", "{\"stringData\":{\"password\":\"S1mulator!\"}}"));
        LabResource.awaitReady(apiServer, c -> "True".equals(c.getStatus()), "the right password again");
        assertFalse(lostLeadership.get(), "the operator kept its Lease throughout");
    }
}
