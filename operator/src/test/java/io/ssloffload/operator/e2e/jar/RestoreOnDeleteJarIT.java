package io.ssloffload.operator.e2e.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.operator.testing.WithJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undo on delete, events and metrics through what ships (failsafe, after {@code package}): the
 * operator jar as a process with the chart's RBAC against the real API server, the simulator jar
 * as a process. First observation, an operator restart, a deletion with Restore while a server
 * is down (reported, retried with backoff), the server back, the resource gone and both servers
 * as first observed; {@code /metrics} scraped from the running jar.
 */
@WithJars
@Tag("simulator")
class RestoreOnDeleteJarIT {

    private static final String NAME = "undo";
    private static final String USER = JarFleetExtension.LAB_USER;
    private static final String PASSWORD = JarFleetExtension.LAB_PASSWORD;
    /** The operator is started, and restarted, by the test. */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(RestoreOnDeleteJarIT.class)
            .simulator(JarFleetExtension.labSimulator(2, 16085, 17085), true);
    private static final String OWA = "Default Web Site/owa";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatorProcess simulator;
    private static JarProcess operator;
    private static int healthPort;

    @BeforeAll
    static void start() throws IOException {
        simulator = jars.simulator();
        try (ServerSocket socket = new ServerSocket(0)) {
            healthPort = socket.getLocalPort();
        }
    }

    private static JarProcess startOperator(KubeApiServer apiServer) {
        return jars.startOperator(List.of("--drift-interval", "30s", "--health-port", String.valueOf(healthPort)));
    }

    @Test
    void deletionRestoresWhatWasFirstObservedAcrossARestartAndRetriesAServerThatIsDown(KubeApiServer apiServer)
            throws Exception {
        String installedHostname = simulator.get("/servers/CAS01").get("outlookAnywhere").get("externalHostname").asText();
        operator = startOperator(apiServer);
        succeeded(apiServer.kubectlWithStdin(manifest(), "apply", "-f", "-"));

        Waits.until(() -> read(apiServer).map(r -> r.getStatus() != null && r.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && "True".equals(c.getStatus()))).orElse(false),
                () -> "Ready: " + diagnostics(apiServer));
        Map<String, String> annotations = read(apiServer).orElseThrow().getMetadata().getAnnotations();
        String cas01 = annotations.get("ssloffload.io/first-observed.cas01");
        assertThat(cas01).as(() -> "first observed, before any change: " + annotations)
                .contains("\"owa\":\"Ssl,Ssl128\"", installedHostname);
        assertThat(annotations).containsKey("ssloffload.io/first-observed.cas02");
        assertEquals("None", simulator.effectiveSslFlags("CAS01", OWA));

        String metrics = scrape();
        assertThat(metrics).contains("exchange_ssl_offload_servers{protocol=\"owa\",state=\"offloaded\"} 2.0");
        assertThat(metrics).contains("exchange_ssl_offload_winrm_call_seconds_count{command=\"observe-iis.ps1\"}");
        assertThat(metrics).contains("exchange_ssl_offload_app_pool_recycles_total{protocol=\"owa\"} 2.0");
        assertThat(metrics).contains("exchange_ssl_offload_reconciles_total{result=\"Ready\"}");
        assertThat(metrics).as("JOSDK's own metrics: " + metrics).contains("operator_sdk_reconciliations");
        assertFalse(metrics.contains("CAS01") || metrics.contains(NAME + "\""), "no server or resource labels: " + metrics);
        assertThat(reasons(apiServer)).as(() -> diagnostics(apiServer)).contains("SslOffloaded", "OutlookAnywhereSet");

        // A restart between first observation and deletion: the originals are on the resource, not in the operator.
        operator.stop();
        operator = startOperator(apiServer);
        Waits.until(RestoreOnDeleteJarIT::ready, () -> "the restarted operator ready: " + operator.logs());

        simulator.post("/servers/CAS02/stop");
        succeeded(apiServer.kubectl("delete", "exchangessloffload/" + NAME, "-n", NAMESPACE, "--wait=false"));
        Waits.until(() -> reasons(apiServer).contains("RestoreFailed")
                        && readyReason(apiServer).filter("Restoring"::equals).isPresent(),
                () -> "the down server reported: " + diagnostics(apiServer));
        assertTrue(read(apiServer).isPresent(), "held by its finalizer while CAS02 is down");
        assertEquals("Ssl,Ssl128", simulator.effectiveSslFlags("CAS01", OWA), "CAS01 is put back meanwhile");

        simulator.post("/servers/CAS02/start");
        Waits.until(() -> read(apiServer).isEmpty(), () -> "gone after the retry: " + diagnostics(apiServer));
        for (String server : List.of("CAS01", "CAS02")) {
            assertEquals("Ssl,Ssl128", simulator.effectiveSslFlags(server, OWA), server);
            assertEquals("Ssl,Ssl128", simulator.effectiveSslFlags(server, "Default Web Site/Microsoft-Server-ActiveSync"),
                    server);
            JsonNode ad = simulator.get("/servers/" + server).get("outlookAnywhere");
            assertEquals(installedHostname, ad.get("externalHostname").asText(), server);
            assertTrue(ad.get("internalHostname").isNull(), server + ": unset when first read: " + ad);
        }
        assertEquals(1, reasons(apiServer).stream().filter("RestoreFailed"::equals).count(),
                "one Event for the failure, not one per retry: " + reasons(apiServer));
        assertThat(reasons(apiServer)).as(() -> diagnostics(apiServer)).contains("Restored");
        assertTrue(operator.isAlive(), operator::logs);
        assertThat(operator.logs())
                .as("one log line per action, naming "
                        + "resource and server: " + operator.logs())
                .contains(NAMESPACE + "/" + NAME + " CAS02: ");
    }

    private static String manifest() {
        OffloadResource resource = OffloadResource.named(NAMESPACE, NAME).deletionPolicy(DeletionPolicy.Restore)
                .basicOverHttp("undo-admin", "5s").labOutlookAnywhere(AuthenticationMethod.Ntlm);
        simulator.servers().forEach(resource::serverWithHealthCheck);
        return OffloadResource.documents(OffloadResource.basicAuthSecretYaml(NAMESPACE, "undo-admin", USER, PASSWORD),
                resource.yaml());
    }

    private static Optional<ExchangeSslOffload> read(KubeApiServer apiServer) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(NAME).get());
    }

    private static Optional<String> readyReason(KubeApiServer apiServer) {
        return read(apiServer).filter(r -> r.getStatus() != null).flatMap(r -> r.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(c -> c.getReason()).filter(Objects::nonNull).findFirst());
    }

    /** The reasons of the Events on the resource, as kubectl lists them. */
    private static List<String> reasons(KubeApiServer apiServer) {
        KubectlResult events = succeeded(apiServer.kubectl("get", "events", "-n", NAMESPACE,
                "--field-selector", "involvedObject.name=" + NAME, "-o", "json"));
        List<String> reasons = new ArrayList<>();
        try {
            JSON.readTree(events.stdout()).path("items").forEach(e -> reasons.add(e.path("reason").asText()));
        } catch (IOException e) {
            throw new AssertionError(events.stdout(), e);
        }
        return reasons;
    }

    private static boolean ready() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort
                    + "/readyz")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + healthPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    private static String diagnostics(KubeApiServer apiServer) {
        KubectlResult yaml = apiServer.kubectl("get", "exchangessloffload/" + NAME, "-n", NAMESPACE, "-o", "yaml");
        KubectlResult events = apiServer.kubectl("get", "events", "-n", NAMESPACE);
        return "\n--- resource\n" + yaml.stdout() + yaml.stderr() + "\n--- events\n" + events.stdout() + "\n"
                + operator.logs() + "\n" + simulator.process().logs();
    }
}
