package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Health checks over real HTTP on loopback, as the load balancer sends them. */
@Tag("simulator")
class IisFrontEndTest {

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).build();
    private final CasServer cas = fleet.server("CAS01");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        fleet.close();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aVdirAnswers403UntilItStopsRequiringSsl() throws Exception {
        int port = cas.startFrontEnd(0);

        HttpResponse<String> before = get(port, "/owa/healthcheck.htm");
        assertEquals(403, before.statusCode());
        assertThat(before.body()).contains("403.4");

        CasPowerShell.out(cas, "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa' "
                + "-Filter system.webServer/security/access -Name sslFlags -Value None");

        HttpResponse<String> after = get(port, "/OWA/healthcheck.htm");
        assertEquals(200, after.statusCode());
        assertEquals("200 OK<br/>CAS01", after.body());
        assertEquals(403, get(port, "/ecp/healthcheck.htm").statusCode());
        assertEquals(404, get(port, "/nope/healthcheck.htm").statusCode());
    }
}
