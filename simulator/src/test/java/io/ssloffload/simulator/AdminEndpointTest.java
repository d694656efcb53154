package io.ssloffload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.ssloffload.simulator.exchange.SimClock;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin endpoint over real HTTP: every route, and bad input changing nothing. */
@Tag("simulator")
class AdminEndpointTest {

    private static final String USER = "Administrator";
    private static final String PASSWORD = "Adm!n-pw";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private WinRmClientContext context;
    private CasSimulator simulator;
    private String admin;

    @BeforeEach
    void start() {
        context = WinRmClientContext.newInstance();
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).adminPort(0)
                .manualClock(SimClock.MANUAL_START).start();
        admin = simulator.adminUrl().orElseThrow();
    }

    @AfterEach
    void stop() {
        context.shutdown();
        simulator.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        return call(admin, method, path, body);
    }

    private Answer call(String adminUrl, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private String rpcSslFlags(JsonNode snapshot) {
        for (JsonNode location : snapshot.get("locations")) {
            if (location.get("path").asText().equals("Default Web Site/Rpc")) {
                return location.get("effectiveSslFlags").asText();
            }
        }
        throw new AssertionError("no Rpc location");
    }

    @Test
    void listsServersAndTheirState() throws Exception {
        Answer servers = call("GET", "/servers", null);
        assertEquals(200, servers.status());
        assertEquals(2, servers.body().size());
        assertEquals("CAS01", servers.body().get(0).get("name").asText());
        assertEquals(simulator.address("CAS01").wsmanUrl(), servers.body().get(0).get("wsmanUrl").asText());
        assertEquals(simulator.address("CAS01").iisUrl(), servers.body().get(0).get("iisUrl").asText());
        assertTrue(servers.body().get(0).get("running").asBoolean());

        Answer snapshot = call("GET", "/servers/cas02", null);
        assertEquals(200, snapshot.status());
        assertEquals("cas02.contoso.local", snapshot.body().get("fqdn").asText());

        assertEquals(404, call("GET", "/servers/CAS07", null).status());
        assertEquals(404, call("GET", "/nothing", null).status());
        assertEquals(405, call("POST", "/servers", "").status());
    }

    @Test
    void commandLogShowsCommandsAndOnlyTheNamesOfEnvironmentVariables() throws Exception {
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS01").wsmanUrl(), USER, PASSWORD,
                Map.of("EXCHANGE_PASSWORD", "very-secret-value"), 60_000)) {
            shell.cmd("echo hello");
        }
        Answer commands = call("GET", "/servers/CAS01/commands", null);
        assertEquals(1, commands.body().size());
        assertEquals("echo hello", commands.body().get(0).get("commandLine").asText());
        assertThat(commands.body().get(0).get("environmentNames").toString()).contains("\"EXCHANGE_PASSWORD\"");
        assertThat(commands.body().toString()).doesNotContain("very-secret-value");
        assertEquals("CAS01", call("GET", "/commands", null).body().get(0).get("server").asText());
    }

    @Test
    void advancingTheClockRunsTheServiceHostPass() throws Exception {
        String start = call("GET", "/clock", null).body().get("now").asText();
        // SSLOffloading turned off in AD as Set-OutlookAnywhere would; IIS follows only at the next pass
        simulator.fleet().activeDirectory().change("CAS01", OutlookAnywhereChange.sslOffloading(false));
        assertEquals("None", rpcSslFlags(call("GET", "/servers/CAS01", null).body()));

        assertEquals(400, call("POST", "/clock/advance?minutes=-3", null).status());
        assertEquals(400, call("POST", "/clock/advance?minutes=1&seconds=2", null).status());
        assertEquals(400, call("POST", "/clock/advance?minutes=soon", null).status());
        assertEquals(start, call("GET", "/clock", null).body().get("now").asText());

        Answer advanced = call("POST", "/clock/advance?seconds=960", null);
        assertEquals(200, advanced.status());
        assertEquals(java.time.Instant.parse(start).plusSeconds(960).toString(), advanced.body().get("now").asText());
        assertEquals("Ssl,Ssl128", rpcSslFlags(call("GET", "/servers/CAS01", null).body()));
    }

    @Test
    void cumulativeUpdateAndExtendedProtection() throws Exception {
        Answer upgraded = call("POST", "/servers/CAS02/cu-upgrade?build=CU23", null);
        assertEquals(200, upgraded.status());
        assertEquals("15.0.1497.2", upgraded.body().get("build").asText());
        assertEquals(400, call("POST", "/servers/CAS02/cu-upgrade?build=CU99", null).status());
        assertEquals("15.0.1497.2", simulator.snapshot("CAS02").build());

        assertEquals(200, call("POST", "/servers/CAS01/extended-protection?value=Require", null).status());
        assertEquals("Require", simulator.snapshot("CAS01").location("Default Web Site/ecp").orElseThrow()
                .effectiveTokenChecking());
        assertEquals(400, call("POST", "/servers/CAS01/extended-protection?value=Sometimes", null).status());
        assertEquals(400, call("POST", "/servers/CAS01/extended-protection", null).status());
        assertEquals("Require", simulator.snapshot("CAS01").location("Default Web Site/ecp").orElseThrow()
                .effectiveTokenChecking());
    }

    @Test
    void faultsAreAddedAndCleared() throws Exception {
        Answer added = call("POST", "/servers/CAS01/faults", "{\"operation\":\"Create\",\"always\":true,\"kind\":\"401\"}");
        assertEquals(200, added.status());
        assertEquals("CREATE", added.body().get("operation").asText());
        String url = simulator.address("CAS01").wsmanUrl();
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> WinRmShell.open(context, url, USER, PASSWORD, Map.of(), 60_000));
        assertEquals(401, WinRmShell.assertCause(refused, HTTPException.class).getResponseCode());

        assertEquals(200, call("DELETE", "/servers/CAS01/faults", null).status());
        try (WinRmShell shell = WinRmShell.open(context, url, USER, PASSWORD, Map.of(), 60_000)) {
            assertEquals(0, shell.cmd("echo ok").exitCode());
        }
    }

    @Test
    void aFaultOnTheSecondCommandOnly() throws Exception {
        assertEquals(200, call("POST", "/servers/CAS01/faults",
                "{\"operation\":\"command\",\"nth\":2,\"kind\":\"500\",\"fault\":\"ConcurrentOperations\"}").status());
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS01").wsmanUrl(), USER, PASSWORD, Map.of(), 60_000)) {
            assertEquals(0, shell.cmd("echo one").exitCode());
            RuntimeException faulted = assertThrows(RuntimeException.class, () -> shell.cmd("echo two"));
            assertEquals("2150859174", WinRmShell.wsmanFaultCode(faulted), "ConcurrentOperations");
            assertEquals(0, shell.cmd("echo three").exitCode());
        }
    }

    @Test
    void badFaultDescriptionsAreRefused() throws Exception {
        for (String body : new String[]{"not json", "{\"kind\":\"reset\"}", "{\"operation\":\"Receive\"}",
                "{\"operation\":\"Receive\",\"kind\":\"explode\"}", "{\"operation\":\"Receive\",\"kind\":\"500\"}",
                "{\"operation\":\"Receive\",\"kind\":\"500\",\"fault\":\"Gremlins\"}",
                "{\"operation\":\"Receive\",\"kind\":\"neverFinish\"}", "{\"operation\":\"Receive\",\"kind\":\"delay\"}",
                "{\"operation\":\"Receive\",\"kind\":\"reset\",\"nth\":0}",
                "{\"operation\":\"Receive\",\"kind\":\"reset\",\"colour\":\"red\"}"}) {
            Answer answer = call("POST", "/servers/CAS01/faults", body);
            assertEquals(400, answer.status(), body);
            assertTrue(answer.body().get("error").asText().length() > 5, body);
        }
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS01").wsmanUrl(), USER, PASSWORD, Map.of(), 60_000)) {
            assertEquals(0, shell.cmd("echo untouched").exitCode());
        }
    }

    @Test
    void aPasswordChangeRefusesTheOldPasswordFromTheNextRequestAndBadChangesChangeNothing() throws Exception {
        String url = simulator.address("CAS01").wsmanUrl();
        for (String body : new String[]{"not json", "{\"user\":\"" + USER + "\"}", "{\"password\":\"x\"}",
                "{\"user\":\"nobody\",\"password\":\"x\"}"}) {
            Answer answer = call("POST", "/password", body);
            assertEquals(400, answer.status(), body);
            assertThat(answer.body().toString())
                    .as("no password in the answer: " + answer.body())
                    .doesNotContain("\"x\"");
        }
        assertEquals(405, call("GET", "/password", null).status());
        try (WinRmShell shell = WinRmShell.open(context, url, USER, PASSWORD, Map.of(), 60_000)) {
            assertEquals(0, shell.cmd("echo unchanged").exitCode());
        }

        Answer changed = call("POST", "/password", "{\"user\":\"administrator\",\"password\":\"N3w-pw\"}");
        assertEquals(200, changed.status());
        assertThat(changed.body().toString()).doesNotContain("N3w-pw");
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> WinRmShell.open(context, url, USER, PASSWORD, Map.of(), 60_000));
        assertEquals(401, WinRmShell.assertCause(refused, HTTPException.class).getResponseCode());
        assertFalse(simulator.fleet().credentials().accepts(USER, PASSWORD), "the Exchange session's check too");
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS02").wsmanUrl(), USER, "N3w-pw", Map.of(), 60_000)) {
            assertEquals(0, shell.cmd("echo new").exitCode());
        }
        // a server started after the change takes the new password too
        simulator.stopServer("CAS01");
        simulator.startServer("CAS01");
        try (WinRmShell shell = WinRmShell.open(context, url, USER, "N3w-pw", Map.of(), 60_000)) {
            assertEquals(0, shell.cmd("echo restarted").exitCode());
        }
    }

    @Test
    void stopAndStart() throws Exception {
        Answer stopped = call("POST", "/servers/CAS02/stop", null);
        assertEquals(200, stopped.status());
        assertFalse(stopped.body().get("running").asBoolean());
        assertFalse(simulator.isRunning("CAS02"));
        assertEquals(400, call("POST", "/servers/CAS02/faults", "{\"operation\":\"Create\",\"kind\":\"reset\"}").status());

        assertTrue(call("POST", "/servers/CAS02/start", null).body().get("running").asBoolean());
        assertTrue(simulator.isRunning("CAS02"));
    }

    @Test
    void theCaAndTheRequestLogShowWhatAClientTrustedAndHowItLoggedOn() throws Exception {
        assertEquals(404, call("GET", "/ca", null).status(), "plain HTTP servers have no CA");
        try (CasSimulator tls = CasSimulator.builder().servers(1).https(true).windowsDefaults().credentials(USER, PASSWORD)
                .adminPort(0).start()) {
            String tlsAdmin = tls.adminUrl().orElseThrow();
            Answer ca = call(tlsAdmin, "GET", "/ca", null);
            assertEquals(200, ca.status());
            String pem = ca.body().get("caCertificatePem").asText();
            assertEquals(tls.caCertificatePem().orElseThrow(), pem);
            try (WinRmClient client = WinRmShell.client(context, tls.address("CAS01").wsmanUrl(), USER, PASSWORD)
                    .authenticationScheme(AuthSchemes.NTLM).sslContext(TestTls.trusting(pem)).build()) {
                ShellCommand shell = WinRmShell.within(client::createShell);
                assertEquals(0, WinRmShell.execute(shell, "echo over tls").exitCode());
            }
            Answer requests = call(tlsAdmin, "GET", "/servers/CAS01/requests", null);
            assertEquals(200, requests.status());
            List<JsonNode> answered = new ArrayList<>();
            requests.body().forEach(entry -> {
                if (!entry.get("operation").isNull()) {
                    answered.add(entry);
                }
            });
            assertTrue(answered.stream().anyMatch(e -> e.get("operation").asText().equals("COMMAND")), requests.body()::toString);
            for (JsonNode entry : answered) {
                assertEquals("Negotiate/NTLM", entry.get("authentication").asText(), entry::toString);
                assertEquals(USER, entry.get("user").asText(), entry::toString);
                assertEquals(200, entry.get("httpStatus").asInt(), entry::toString);
            }
            assertEquals(tls.requestLog("CAS01").size(), requests.body().size());
            assertThat(requests.body().toString()).doesNotContain(PASSWORD);
            assertEquals(404, call(tlsAdmin, "GET", "/servers/CAS09/requests", null).status());
            assertEquals(405, call(tlsAdmin, "POST", "/ca", "").status());
        }
    }
}
