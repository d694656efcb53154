package io.ssloffload.simulator;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.xml.ws.soap.SOAPFaultException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.ssloffload.simulator.WinRmShell.execute;
import static io.ssloffload.simulator.WinRmShell.within;
import static io.ssloffload.simulator.WinRmShell.wsmanFaultCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WinRM service as Windows Server 2012 R2 runs it, seen by real clients: Identify without
 * credentials, shells that expire after their idle timeout, WinRM 3.0's quotas, and the versions a
 * script and an HTTP client see.
 */
@Tag("simulator")
class WinRmFidelityTest {

    private static final String USER = "Administrator";
    private static final String PASSWORD = "Fidelity!pw1";
    private static final String IDENTIFY = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
            + "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"><s:Header/>"
            + "<s:Body><wsmid:Identify/></s:Body></s:Envelope>";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
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

    private CasSimulator start(CasSimulator.Builder builder) {
        simulator = builder.credentials(USER, PASSWORD).start();
        return simulator;
    }

    private HttpResponse<String> identify(String url, boolean unauthenticatedHeader, boolean credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(IDENTIFY));
        if (unauthenticatedHeader) {
            request.header("WSMANIDENTIFY", "unauthenticated");
        }
        if (credentials) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void identifyIsAnsweredWithoutCredentialsAndWithoutTheOsVersion() throws Exception {
        start(CasSimulator.builder().servers(2).build("CAS02", ExchangeBuild.EXCHANGE_2019));
        String url = simulator.address("CAS01").wsmanUrl();

        HttpResponse<String> anonymous = identify(url, true, false);
        assertEquals(200, anonymous.statusCode());
        assertEquals("Microsoft-HTTPAPI/2.0", anonymous.headers().firstValue("Server").orElseThrow());
        assertEquals("<s:Envelope xml:lang=\"en-US\" xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header/>"
                + "<s:Body><wsmid:IdentifyResponse xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">"
                + "<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion>"
                + "<wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor>"
                + "<wsmid:ProductVersion>OS: 0.0.0 SP: 0.0 Stack: 3.0</wsmid:ProductVersion>"
                + "</wsmid:IdentifyResponse></s:Body></s:Envelope>", anonymous.body());

        // without the WSMANIDENTIFY header an anonymous request is refused like any other
        HttpResponse<String> refused = identify(url, false, false);
        assertEquals(401, refused.statusCode());

        assertTrue(identify(url, false, true).body().contains("<wsmid:ProductVersion>OS: 6.3.9600 SP: 0.0 Stack: 3.0<"));
        assertTrue(identify(simulator.address("CAS02").wsmanUrl(), false, true).body()
                .contains("<wsmid:ProductVersion>OS: 10.0.17763 SP: 0.0 Stack: 3.0<"));
        assertTrue(simulator.commandLog("CAS01").isEmpty());
    }

    @Test
    void anIdleShellExpiresAndThenIsNotFound() {
        start(CasSimulator.builder().shellIdleTimeout(Duration.ofMinutes(10)));
        String url = simulator.address("CAS01").wsmanUrl();
        try (WinRmClient client = WinRmShell.client(context, url, USER, PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(0, execute(shell, "echo first").exitCode());
            // activity keeps it open: 2 x 6 minutes with a command between
            simulator.advanceClock(Duration.ofMinutes(6));
            assertEquals(0, execute(shell, "echo second").exitCode());
            simulator.advanceClock(Duration.ofMinutes(6));
            assertEquals(0, execute(shell, "echo third").exitCode());

            simulator.advanceClock(Duration.ofMinutes(10));
            Throwable gone = assertThrows(Throwable.class, () -> execute(shell, "echo late"));
            assertEquals("2150858843", wsmanFaultCode(gone));
            assertTrue(WinRmShell.assertCause(gone, SOAPFaultException.class).getMessage()
                    .contains("the shell was not found on the server"), gone.toString());
            // Delete of the expired shell: winrm4j ignores ShellNotFound there
            within(() -> {
                shell.close();
                return null;
            });
        }
    }

    @Test
    void windowsDefaultQuotasAllowMoreThanWinRm2Shells() {
        start(CasSimulator.builder());
        String url = simulator.address("CAS01").wsmanUrl();
        List<ShellCommand> shells = new ArrayList<>();
        try (WinRmClient client = WinRmShell.client(context, url, USER, PASSWORD).build()) {
            // WinRM 2.0 allowed 30 shells per user; 3.0 (2012 R2) allows 2147483647
            for (int i = 0; i < 31; i++) {
                shells.add(within(client::createShell));
            }
            assertEquals(0, execute(shells.get(30), "echo 31st").exitCode());
        }
    }

    @Test
    void scriptsAndHttpClientsSeeOneWindowsRelease() throws Exception {
        start(CasSimulator.builder().servers(2).build("CAS02", ExchangeBuild.EXCHANGE_2019));
        String script = "$PSVersionTable.PSVersion.ToString(); [Environment]::OSVersion.Version.ToString(); "
                + "(Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\InetStp).VersionString; hostname; whoami";
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS01").wsmanUrl(), USER, PASSWORD,
                java.util.Map.of(), 60_000)) {
            assertEquals(new WinRmShell.Run(0, "5.1.14409.1005\r\n6.3.9600.0\r\nVersion 8.5\r\nCAS01\r\ncas01\\administrator\r\n", ""),
                    shell.powershell(script));
            assertEquals(new WinRmShell.Run(0, "\r\n\r\nName   : W3SVC\r\nStatus : Running\r\n\r\n\r\n\r\n"
                    + "\r\nName Size\r\n---- ----\r\nx      22\r\n\r\n\r\n", ""),
                    shell.powershell("Get-Service W3SVC | fl Name, Status; [pscustomobject]@{Name='x'; Size=22} | ft"));
        }
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS02").wsmanUrl(), USER, PASSWORD,
                java.util.Map.of(), 60_000)) {
            assertEquals("5.1.17763.1\r\n10.0.17763.0\r\nVersion 10.0\r\nCAS02\r\ncas02\\administrator\r\n",
                    shell.powershell(script).stdout());
        }
        assertEquals("Microsoft-IIS/8.5", serverHeader(simulator.address("CAS01").iisUrl() + "owa/healthcheck.htm"));
        assertEquals("Microsoft-IIS/10.0", serverHeader(simulator.address("CAS02").iisUrl() + "owa/healthcheck.htm"));
    }

    private String serverHeader(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("Server").orElseThrow();
    }
}
