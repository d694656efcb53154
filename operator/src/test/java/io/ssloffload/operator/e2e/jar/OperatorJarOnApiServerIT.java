package io.ssloffload.operator.e2e.jar;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.GeneratedCrd;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.operator.testing.WithJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static io.ssloffload.operator.testing.LabResource.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ships, run as a user runs it (failsafe, after {@code package}): {@code java -jar} of the
 * operator jar with the operator ServiceAccount's kubeconfig and the chart's RBAC, and of the
 * simulator jar on the ports {@code examples/simulator.yaml} names; the CRD and the example
 * applied with kubectl; the Service Host's pass and a cumulative update through the simulator's
 * admin endpoint. Both processes' output is kept in {@code target/shipped/}.
 */
@WithJars
@Tag("simulator")
class OperatorJarOnApiServerIT {

    private static final List<String> SERVERS = List.of("CAS01", "CAS02", "CAS03");
    private static final String USER = JarFleetExtension.LAB_USER;
    private static final String PASSWORD = JarFleetExtension.LAB_PASSWORD;
    private static final Duration DRIFT_INTERVAL = Duration.ofSeconds(10);

    /**
     * The ports, credentials and Basic over http (a lab's WinRM settings) examples/simulator.yaml names;
     * the clock moves only when told; Outlook Anywhere as an admin had it before offloading, whatever
     * the simulator's install defaults.
     */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(OperatorJarOnApiServerIT.class)
            .simulatorBeforeOffloading(JarFleetExtension.labSimulator(3, 15985, 16985, "--propagation-minutes", "15"), true)
            .operator(apiServer -> List.of("--drift-interval", DRIFT_INTERVAL.toSeconds() + "s",
                    "--leader-election-namespace", apiServer.operatorNamespace(),
                    "--leader-election-lease", ApiServerFixtures.CHART_LEASE));
    private static SimulatorProcess simulator;
    private static JarProcess operator;

    @BeforeAll
    static void theFleetIsAsBeforeOffloading() {
        simulator = jars.simulator();
        operator = jars.operator();
        for (String server : SERVERS) {
            assertThat(simulator.get("/servers/" + server).get("outlookAnywhere").get("sslOffloading").asBoolean())
                    .as("%s: SSLOffloading is off in AD", server).isFalse();
            assertThat(simulator.effectiveSslFlags(server, "Default Web Site/Rpc"))
                    .as("%s: the Service Host's pass made Rpc require SSL", server).contains("Ssl");
        }
    }

    @Test
    void theOperatorJarOffloadsTheSimulatorJarsFleetRepairsACumulativeUpdateAndLetsGoOfADeletedResource(
            KubeApiServer apiServer) {
        succeeded(apiServer.kubectl("apply", "-f", GeneratedCrd.EXAMPLES.resolve("simulator.yaml").toString()));

        awaitServers(apiServer, "AwaitingPropagation", "Outlook Anywhere set in AD, waiting for the Service Host");
        assertEquals(List.of("lab", "False", "AwaitingPropagation", "0/3"), LabResource.row(apiServer).subList(0, 4));
        Lease lease = apiServer.adminClient().leases().inNamespace(apiServer.operatorNamespace())
                .withName(ApiServerFixtures.CHART_LEASE).get();
        assertTrue(lease != null && lease.getSpec().getHolderIdentity() != null, "the operator jar holds its Lease");

        simulator.post("/clock/advance?minutes=15");
        KubectlResult ready = apiServer.kubectl("wait", "--for=condition=Ready", RESOURCE, "-n", NAMESPACE, "--timeout=60s");
        assertTrue(ready.succeeded(), () -> ready + diagnostics(apiServer));
        assertEquals(List.of("lab", "True", "Offloaded", "3/3"), LabResource.row(apiServer).subList(0, 4));
        for (String server : SERVERS) {
            assertEquals("None", simulator.effectiveSslFlags(server, "Default Web Site/Rpc"), server);
            assertEquals("None", simulator.effectiveSslFlags(server, "Default Web Site/owa"), server);
        }

        // A cumulative update puts Default Web Site's sslFlags back; no Kubernetes event says so,
        // only the drift interval's look finds it.
        simulator.post("/servers/CAS02/cu-upgrade?build=CU23");
        assertThat(simulator.effectiveSslFlags("CAS02", "Default Web Site/owa"))
                .as("the update required SSL again")
                .contains("Ssl");
        String upgradedBuild = simulator.get("/servers/CAS02").get("build").asText();
        Waits.until(() -> simulator.effectiveSslFlags("CAS02", "Default Web Site/owa").equals("None")
                        && LabResource.read(apiServer).map(lab -> upgradedBuild.equals(server(lab, "CAS02").getExchangeBuild()))
                        .orElse(false),
                () -> "CAS02 after its cumulative update: owa " + simulator.effectiveSslFlags("CAS02", "Default Web Site/owa")
                        + diagnostics(apiServer));
        LabResource.awaitReady(apiServer, c -> "True".equals(c.getStatus()), "Ready again after the repair",
                () -> diagnostics(apiServer));

        succeeded(apiServer.kubectl("delete", RESOURCE, "-n", NAMESPACE, "--timeout=60s"));
        assertTrue(LabResource.read(apiServer).isEmpty(), "deleted");
        // Past the drift interval twice over, nothing reaches the servers for the deleted resource.
        int commands = simulator.get("/commands").size();
        Waits.holdsFor(DRIFT_INTERVAL.multipliedBy(2).plusSeconds(5), Duration.ofSeconds(1),
                () -> simulator.get("/commands").size() == commands,
                () -> "WinRM commands after the deletion: " + simulator.get("/commands").size() + diagnostics(apiServer));
        assertTrue(operator.isAlive(), operator::logs);
    }

    /**
     * Waits until the Ready condition's reason is {@code reason}; fails at once, with the server's
     * own message, when a server is unreachable (a jar that cannot open a WinRM shell).
     */
    private static void awaitServers(KubeApiServer apiServer, String reason, String what) {
        Waits.until(() -> {
            LabResource.read(apiServer).filter(lab -> lab.getStatus() != null).ifPresent(lab -> {
                for (ServerStatus server : lab.getStatus().getServers()) {
                    assertFalse(Boolean.FALSE.equals(server.getReachable()), () -> server.getName() + " is unreachable: "
                            + server.getConditions() + diagnostics(apiServer));
                }
            });
            return LabResource.readyCondition(apiServer).filter(c -> reason.equals(c.getReason())).isPresent();
        }, () -> what + ": Ready is " + LabResource.readyCondition(apiServer) + diagnostics(apiServer));
    }

    private static ServerStatus server(ExchangeSslOffload lab, String name) {
        return lab.getStatus() == null ? new ServerStatus() : lab.getStatus().getServers().stream()
                .filter(s -> name.equals(s.getName())).findFirst().orElseGet(ServerStatus::new);
    }

    private static String diagnostics(KubeApiServer apiServer) {
        return jars.diagnostics(LabResource.NAME);
    }
}
