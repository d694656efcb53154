package io.ssloffload.operator.cli.health;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The probes' answers before the operator has started (ChartOnNodeIT shows the kubelet's view of a started one). */
class HealthServerTest {

    @Test
    void anOperatorThatHasNotStartedIsNeitherLiveNorReady() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build();
             HealthServer health = HealthServer.start(0, new Operator(o -> o.withKubernetesClient(client)).getRuntimeInfo())) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/healthz", "/readyz"}) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + health.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, response.statusCode(), path);
                assertEquals("operator not started", response.body().trim(), path);
            }
        }
    }
}
