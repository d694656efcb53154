package io.ssloffload.simulator;

import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.exchange.SimClock;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanFaultKind;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control API over the composed parts: listeners, addresses, stop/start, logs, state changes. */
@Tag("simulator")
class CasSimulatorTest {

    private static final String USER = "svc-offload";
    private static final String PASSWORD = "Sim!pw-1";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WinRmClientContext context;
    private CasSimulator simulator;

    @BeforeEach
    void context() {
        context = WinRmClientContext.newInstance();
    }

    @AfterEach
    void stop() {
        context.shutdown();
        if (simulator != null) {
            simulator.close();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private WinRmShell shell(String server) {
        return WinRmShell.open(context, simulator.address(server).wsmanUrl(), USER, PASSWORD, Map.of(), 60_000);
    }

    @Test
    void everyServerHasAWinRmEndpointAndAnIisFrontEnd() throws Exception {
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).start();

        assertEquals(List.of("CAS01", "CAS02"), simulator.servers().stream().map(CasSimulator.ServerAddress::name).toList());
        for (CasSimulator.ServerAddress server : simulator.servers()) {
            assertTrue(server.wsmanUrl().matches("http://127\\.0\\.0\\.1:\\d+/wsman"), server.wsmanUrl());
            HttpResponse<String> health = get(server.iisUrl() + "owa/healthcheck.htm");
            assertEquals(403, health.statusCode(), "owa requires SSL on a fresh install");
        }
        try (WinRmShell shell = shell("CAS02")) {
            assertEquals(new WinRmShell.Run(0, "CAS02\r\n", ""), shell.cmd("echo %COMPUTERNAME%"));
        }
        assertEquals(List.of("echo %COMPUTERNAME%"),
                simulator.commandLog("CAS02").stream().map(c -> c.commandLine()).toList());
        assertTrue(simulator.commandLog("CAS01").isEmpty());
        assertEquals(List.of("CAS02"), simulator.commandLog().stream().map(CasSimulator.ServerCommand::server).toList());
    }

    @Test
    void fixedBasePortsCountUpFromTheFirstServer() throws Exception {
        int base = FixedPorts.bind(4, drawn -> {
            simulator = CasSimulator.builder().servers(2).basePort(drawn).iisBasePort(drawn + 2).credentials(USER, PASSWORD).start();
            return drawn;
        });

        assertEquals(new CasSimulator.ServerAddress("CAS01", "http://127.0.0.1:" + base + "/wsman",
                "http://127.0.0.1:" + (base + 2) + "/"), simulator.address("CAS01"));
        assertEquals(new CasSimulator.ServerAddress("CAS02", "http://127.0.0.1:" + (base + 1) + "/wsman",
                "http://127.0.0.1:" + (base + 3) + "/"), simulator.address("cas02"));
    }

    @Test
    void namedServersListenOnTheirOwnPortsAndAnswerToTheirNames() throws Exception {
        int port = FixedPorts.bind(1, drawn -> {
            simulator = CasSimulator.builder().server("EXCH-B", drawn).server("exch-a", 0).credentials(USER, PASSWORD).start();
            return drawn;
        });

        assertEquals(List.of("EXCH-B", "exch-a"), simulator.fleet().servers().stream().map(s -> s.name()).toList(),
                "the fleet is exactly the named servers, in order");
        assertEquals("http://127.0.0.1:" + port + "/wsman", simulator.address("exch-b").wsmanUrl());
        try (WinRmShell shell = shell("EXCH-A")) {
            assertEquals(new WinRmShell.Run(0, "exch-a\r\n", ""), shell.cmd("echo %COMPUTERNAME%"));
        }
        assertThrows(IllegalArgumentException.class,
                () -> CasSimulator.builder().server("CAS01", 0).server("cas01", 0).credentials(USER, PASSWORD).start());
        assertThrows(IllegalArgumentException.class,
                () -> CasSimulator.builder().server("not a name", 0).credentials(USER, PASSWORD).start());
    }

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackOnTheSameAddress() throws Exception {
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).start();
        CasSimulator.ServerAddress before = simulator.address("CAS01");
        try (WinRmShell shell = shell("CAS01")) {
            shell.cmd("echo before");
        }

        simulator.stopServer("CAS01");

        assertFalse(simulator.isRunning("CAS01"));
        assertThrows(ConnectException.class, () -> get(before.iisUrl() + "owa/healthcheck.htm"));
        assertThrows(ConnectException.class, () -> get(before.wsmanUrl()));
        assertThrows(IllegalStateException.class, () -> simulator.faults("CAS01"));
        assertEquals(403, get(simulator.address("CAS02").iisUrl() + "owa/healthcheck.htm").statusCode());

        simulator.startServer("CAS01");

        assertEquals(before, simulator.address("CAS01"));
        try (WinRmShell shell = shell("CAS01")) {
            assertEquals(0, shell.cmd("echo after").exitCode());
        }
        assertEquals(List.of("echo before", "echo after"),
                simulator.commandLog("CAS01").stream().map(c -> c.commandLine()).toList());
    }

    @Test
    void faultsAreTheServersOwn() {
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).start();
        simulator.faults("CAS01").always(WsmanOperation.CREATE, InjectedFault.fault(WsmanFaultKind.ACCESS_DENIED));

        RuntimeException denied = assertThrows(RuntimeException.class, () -> shell("CAS01"));
        assertEquals("5", WinRmShell.wsmanFaultCode(denied), "AccessDenied");
        try (WinRmShell shell = shell("CAS02")) {
            assertEquals(0, shell.cmd("echo fine").exitCode());
        }
    }

    @Test
    void controlsChangeTheServersState() throws Exception {
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).build(ExchangeBuild.CU23)
                .build("CAS02", ExchangeBuild.SP1).propagationMinutes(5).manualClock(SimClock.MANUAL_START).start();
        assertEquals("15.0.1497.2", simulator.snapshot("CAS01").build());
        assertEquals("15.0.847.32", simulator.snapshot("CAS02").build());
        assertEquals(5, simulator.snapshot("CAS02").periodicPollingMinutes());

        simulator.setExtendedProtection("CAS01", "Require");
        assertEquals("Require", simulator.snapshot("CAS01").location("Default Web Site/owa").orElseThrow()
                .effectiveTokenChecking());
        assertEquals("None", simulator.snapshot("CAS02").location("Default Web Site/owa").orElseThrow()
                .effectiveTokenChecking());

        simulator.cumulativeUpdate("CAS02", ExchangeBuild.CU23);
        assertEquals("15.0.1497.2", simulator.snapshot("CAS02").build());

        var start = simulator.now();
        simulator.advanceClock(Duration.ofMinutes(16));
        assertEquals(start.plus(Duration.ofMinutes(16)), simulator.now());
        assertEquals(0, simulator.recycleCount("CAS01", "MSExchangeOWAAppPool"));
        assertEquals(0, simulator.iisResetCount("CAS01"));
        assertThrows(IllegalArgumentException.class, () -> simulator.snapshot("CAS09"));
    }

    @Test
    void httpsServersShareOneCa() throws Exception {
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).https(true).start();

        String pem = simulator.caCertificatePem().orElseThrow();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(simulator.servers().stream().allMatch(s -> s.wsmanUrl().startsWith("https://127.0.0.1:")));
        HttpClient trusting = HttpClient.newBuilder().sslContext(TestTls.trusting(pem)).build();
        for (CasSimulator.ServerAddress server : simulator.servers()) {
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(URI.create(server.wsmanUrl()))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode(), "TLS handshake succeeded with the one CA; no credentials sent");
        }
    }

    /** By default the fleet keeps real time: the Service Host's pass comes on its own, Get-Date is today. */
    @Test
    void followsTheWallClockByDefault() throws Exception {
        simulator = CasSimulator.builder().credentials(USER, PASSWORD).propagationInterval(Duration.ofSeconds(1)).start();
        Instant before = Instant.now();
        assertTrue(Duration.between(simulator.now(), before).abs().compareTo(Duration.ofSeconds(5)) < 0, simulator.now().toString());
        try (WinRmShell shell = shell("CAS01")) {
            assertEquals(String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue()),
                    shell.powershell("(Get-Date).ToUniversalTime().Year").stdout().trim());
        }
        simulator.fleet().activeDirectory().change("CAS01", OutlookAnywhereChange.sslOffloading(false));
        await("the Service Host's pass in real time").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> rpcEffectiveSslFlags().equals("Ssl,Ssl128"));
        CasSnapshot state = simulator.snapshot("CAS01");
        Instant pass = Instant.parse(state.serviceHostLastPass());
        assertTrue(!pass.isBefore(before.minusSeconds(1)), pass.toString());
        assertEquals("PT1S", state.serviceHostPollingInterval());
        assertEquals(1, state.periodicPollingMinutes(), "the registry DWORD shows whole minutes");
    }

    @Test
    void aManualClockStandsStillUntilAdvanced() throws Exception {
        Instant start = Instant.parse("2024-06-01T08:00:00Z");
        simulator = CasSimulator.builder().credentials(USER, PASSWORD).manualClock(start).start();
        Thread.sleep(20);
        assertEquals(start, simulator.now());
        simulator.advanceClock(Duration.ofMinutes(16));
        assertEquals(start.plus(Duration.ofMinutes(16)), simulator.now());
        assertEquals(start.plus(Duration.ofMinutes(15)).toString(), simulator.snapshot("CAS01").serviceHostLastPass());
    }

    private String rpcEffectiveSslFlags() {
        return simulator.snapshot("CAS01").location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags();
    }

    @Test
    void badOptionsStartNothing() {
        assertThrows(IllegalArgumentException.class, () -> CasSimulator.builder().servers(0).credentials(USER, PASSWORD).start());
        assertThrows(IllegalArgumentException.class, () -> CasSimulator.builder().basePort(65535).servers(2)
                .credentials(USER, PASSWORD).start());
        assertThrows(IllegalArgumentException.class, () -> CasSimulator.builder().servers(1).start());
    }

    @Test
    void aBusyPortFailsTheStartAndReleasesEverythingElse() throws Exception {
        // CAS02's port is taken, CAS01's (the one below) is free
        try (ServerSocket busy = FixedPorts.bind(2, base -> {
            new ServerSocket(base, 1, java.net.InetAddress.getByName("127.0.0.1")).close();
            return new ServerSocket(base + 1, 1, java.net.InetAddress.getByName("127.0.0.1"));
        })) {
            int base = busy.getLocalPort() - 1;
            RuntimeException failed = assertThrows(RuntimeException.class, () -> CasSimulator.builder().servers(2)
                    .basePort(base).iisBasePort(0).credentials(USER, PASSWORD).start());
            WinRmShell.assertCause(failed, BindException.class);
            // CAS01 had started on base; the failed start closed it again
            try (ServerSocket again = new ServerSocket(base, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertEquals(base, again.getLocalPort());
            }
        }
    }
}
