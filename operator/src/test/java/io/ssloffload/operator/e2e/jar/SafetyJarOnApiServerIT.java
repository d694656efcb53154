package io.ssloffload.operator.e2e.jar;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.operator.testing.WithJars;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;

import static io.ssloffload.operator.testing.ApiServerFixtures.apply;
import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pause, observe-only and conflicting claims on the real API server with the shipped operator
 * jar and simulator jar as processes, driven with kubectl as a user would.
 */
@WithJars
@Tag("simulator")
class SafetyJarOnApiServerIT {

    private static final String USER = JarFleetExtension.LAB_USER;
    private static final String PASSWORD = JarFleetExtension.LAB_PASSWORD;
    private static final int WSMAN_PORT = 17985;

    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(SafetyJarOnApiServerIT.class)
            .simulator(JarFleetExtension.labSimulator(2, WSMAN_PORT, 18985, "--propagation-minutes", "15"), true)
            .operator(apiServer -> List.of("--drift-interval", "10s"));

    /** The lab-admin Secret and a resource on the simulator's servers (none yet): owa and ecp, Basic over http. */
    private static OffloadResource resource(String name) {
        return OffloadResource.named(NAMESPACE, name).basicOverHttp("lab-admin", "10s")
                .protocols(Protocol.OWA, Protocol.ECP).propagation(null, "2s");
    }

    private static String withSecret(OffloadResource resource) {
        return OffloadResource.documents(OffloadResource.basicAuthSecretYaml(NAMESPACE, "lab-admin", USER, PASSWORD),
                resource.yaml());
    }

    @Test
    void pauseObserveOnlyAndAClaimedServerChangeNothingAndDeletingAPausedResourceWorks(KubeApiServer apiServer) {
        // paused from the start: observed, reported, nothing changed
        apply(apiServer, withSecret(resource("lab").annotation("ssloffload.io/paused", "true")
                .server("CAS01", "127.0.0.1", WSMAN_PORT).server("CAS02", "127.0.0.1", WSMAN_PORT + 1)));
        Condition paused = awaitReady(apiServer, "lab", "Paused");
        assertThat(paused.getMessage()).contains("owa Paused");
        assertUnchanged("CAS01");
        assertUnchanged("CAS02");

        // a second resource naming CAS01 by another case of its name is refused and touches nothing
        apply(apiServer, withSecret(resource("rival").server("cas01", "localhost", WSMAN_PORT)));
        Condition claimed = awaitReady(apiServer, "rival", "ServerClaimed");
        assertThat(claimed.getMessage()).contains("server cas01 is also named by exchange-lab/lab");
        assertEquals("True", condition(read(apiServer, "rival").orElseThrow(), "Stalled").getStatus());

        // unpaused into ObserveOnly: per server and protocol what would change, and still nothing changed
        succeeded(apiServer.kubectl("annotate", "exchangessloffload/lab", "-n", NAMESPACE, "ssloffload.io/paused-"));
        succeeded(apiServer.kubectl("patch", "exchangessloffload/lab", "-n", NAMESPACE, "--type", "merge",
                "-p", "{\"spec\":{\"managementPolicy\":\"ObserveOnly\"}}"));
        awaitReady(apiServer, "lab", "ObserveOnly");
        ServerStatus cas01 = read(apiServer, "lab").orElseThrow().getStatus().getServers().get(0);
        assertEquals("owa sslFlags Ssl,Ssl128 None", cas01.getPendingChanges().get(0).getProtocol() + " "
                + cas01.getPendingChanges().get(0).getSetting() + " " + cas01.getPendingChanges().get(0).getCurrent() + " "
                + cas01.getPendingChanges().get(0).getDesired());
        assertEquals(List.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool"), cas01.getAppPoolsToRecycle());
        assertUnchanged("CAS01");

        // a paused resource can be deleted; its claim is released and the rival takes over CAS01
        succeeded(apiServer.kubectl("annotate", "exchangessloffload/lab", "-n", NAMESPACE, "ssloffload.io/paused=true"));
        succeeded(apiServer.kubectl("delete", "exchangessloffload/lab", "-n", NAMESPACE, "--timeout=60s"));
        assertTrue(read(apiServer, "lab").isEmpty());
        awaitReady(apiServer, "rival", "Offloaded");
        assertEquals("None", jars.simulator().effectiveSslFlags("CAS01", "Default Web Site/owa"));
        assertEquals("Ssl,Ssl128", jars.simulator().effectiveSslFlags("CAS02", "Default Web Site/owa"), "CAS02 was only lab's");
        succeeded(apiServer.kubectl("delete", "exchangessloffload/rival", "-n", NAMESPACE, "--timeout=60s"));
    }

    private static void assertUnchanged(String server) {
        assertEquals("Ssl,Ssl128", jars.simulator().effectiveSslFlags(server, "Default Web Site/owa"), server);
        assertEquals(0, jars.simulator().get("/servers/" + server).get("recycleLog").size(), server + " recycled nothing");
    }

    private static Optional<ExchangeSslOffload> read(KubeApiServer apiServer, String name) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(name).get());
    }

    private static Condition condition(ExchangeSslOffload resource, String type) {
        return resource.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Condition awaitReady(KubeApiServer apiServer, String name, String reason) {
        Waits.until(() -> read(apiServer, name).filter(r -> r.getStatus() != null && !r.getStatus().getConditions().isEmpty())
                        .map(r -> reason.equals(condition(r, "Ready").getReason())).orElse(false),
                () -> name + ": Ready reason is not " + reason + "\n" + diagnostics(apiServer, name));
        return condition(read(apiServer, name).orElseThrow(), "Ready");
    }

    private static String diagnostics(KubeApiServer apiServer, String name) {
        return jars.diagnostics(name);
    }
}
