package io.ssloffload.simulator;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.wsman.CostModel;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.apache.cxf.transport.http.HTTPException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.ws.soap.SOAPFaultException;

import static io.ssloffload.simulator.WinRmShell.execute;
import static io.ssloffload.simulator.WinRmShell.within;
import static io.ssloffload.simulator.WinRmShell.wsmanFaultCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real winrm4j client driving real PowerShell through the simulator's interpreter: the
 * scripts an operator would send, and what a CAS does with them.
 */
@Tag("simulator")
class WinRm4jEndToEndTest {

    private static final String USER = "svc-offload";
    private static final String PASSWORD = "E2e!pass-w0rd";
    /** The credential reaches the script as shell environment variables, never as script text. */
    private static final Map<String, String> CREDENTIAL_ENV = Map.of("EXCHANGE_USER", USER, "EXCHANGE_PASSWORD", PASSWORD);

    private static final String IDENTIFY = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
            + "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"><s:Header/>"
            + "<s:Body><wsmid:Identify/></s:Body></s:Envelope>";

    private static final String READ_SSL_FLAGS = """
            $v = Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location $env:LOCATION -Filter 'system.webServer/security/access' -Name 'sslFlags'
            "string=$($v -is [string])"
            if ($v -is [string]) { "value=$v" } else { "value=$($v.Value)" }
            """;

    private static final String SET_OUTLOOK_ANYWHERE = """
            $ErrorActionPreference = 'Stop'
            $secure = ConvertTo-SecureString $env:EXCHANGE_PASSWORD -AsPlainText -Force
            $credential = New-Object System.Management.Automation.PSCredential($env:EXCHANGE_USER, $secure)
            $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$($env:COMPUTERNAME).contoso.local/PowerShell/" -Authentication Kerberos -Credential $credential
            try {
                Import-PSSession $session -DisableNameChecking | Out-Null
                %s
            } finally {
                Remove-PSSession $session
            }
            """;

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

    private void start(CasSimulator.Builder builder) {
        simulator = builder.credentials(USER, PASSWORD).start();
    }

    private WinRmShell shell(String server, Map<String, String> environment) {
        return WinRmShell.open(context, simulator.address(server).wsmanUrl(), USER, PASSWORD, environment, 60_000);
    }

    private static WinRmShell.Run readSslFlags(WinRmShell shell, String location) {
        return shell.powershell("$env:LOCATION = '" + location + "'\n" + READ_SSL_FLAGS);
    }

    private CasSnapshot.Location location(String server, String path) {
        return simulator.snapshot(server).location(path).orElseThrow();
    }

    @Test
    void readsAndWritesSslFlagsWithTheConfigurationAttributeQuirk() {
        start(CasSimulator.builder().servers(1));
        try (WinRmShell shell = shell("CAS01", Map.of())) {
            assertEquals(new WinRmShell.Run(0, "string=True\r\nvalue=Ssl,Ssl128\r\n", ""),
                    readSslFlags(shell, "Default Web Site/owa"));

            WinRmShell.Run write = shell.powershell("Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa'"
                    + " -Filter 'system.webServer/security/access' -Name 'sslFlags' -Value 'None'");
            assertEquals(0, write.exitCode(), write.stderr());

            // None comes back as a ConfigurationAttribute whose .Value is the raw UInt32 0, as on IIS
            assertEquals(new WinRmShell.Run(0, "string=False\r\nvalue=0\r\n", ""),
                    readSslFlags(shell, "Default Web Site/owa"));
        }
        assertEquals("None", location("CAS01", "Default Web Site/owa").explicitSslFlags());
        assertEquals("Ssl,Ssl128", location("CAS01", "Exchange Back End/owa").effectiveSslFlags());
    }

    @Test
    void appcmdSetsConfigAndRecyclesAPool() {
        start(CasSimulator.builder().servers(1));
        try (WinRmShell shell = shell("CAS01", Map.of())) {
            WinRmShell.Run set = shell.cmd("%windir%\\system32\\inetsrv\\appcmd set config \"Default Web Site/ecp\""
                    + " /section:access /sslFlags:None /commit:APPHOST");
            assertEquals(0, set.exitCode(), set.stdout() + set.stderr());
            WinRmShell.Run recycle = shell.cmd("%windir%\\system32\\inetsrv\\appcmd recycle apppool /apppool.name:MSExchangeECPAppPool");
            assertEquals(0, recycle.exitCode(), recycle.stdout() + recycle.stderr());
        }
        assertEquals("None", location("CAS01", "Default Web Site/ecp").effectiveSslFlags());
        assertEquals(1, simulator.recycleCount("CAS01", "MSExchangeECPAppPool"));
        assertEquals(0, simulator.recycleCount("CAS01", "MSExchangeOWAAppPool"));
    }

    @Test
    void restartWebAppPoolCountsEachRecycle() {
        start(CasSimulator.builder().servers(1));
        try (WinRmShell shell = shell("CAS01", Map.of())) {
            assertEquals(0, shell.powershell("Restart-WebAppPool -Name 'MSExchangeOWAAppPool'").exitCode());
            assertEquals(0, shell.powershell("Restart-WebAppPool -Name 'MSExchangeOWAAppPool'").exitCode());
        }
        assertEquals(2, simulator.recycleCount("CAS01", "MSExchangeOWAAppPool"));
        assertEquals(0, simulator.iisResetCount("CAS01"));
    }

    @Test
    void setOutlookAnywhereThroughAnExchangeSessionAndTheFifteenMinuteDelay() {
        start(CasSimulator.builder().servers(2));
        try (WinRmShell shell = shell("CAS01", CREDENTIAL_ENV)) {
            // a new server offloads; turning it off shows the same delay as turning it on
            WinRmShell.Run set = shell.powershell(SET_OUTLOOK_ANYWHERE.formatted(
                    "Set-OutlookAnywhere -Identity \"$($env:COMPUTERNAME)\\Rpc (Default Web Site)\" -SSLOffloading $false"));
            assertEquals(0, set.exitCode(), set.stderr());
            assertFalse(simulator.snapshot("CAS01").outlookAnywhere().sslOffloading());

            // AD says done at once; IIS follows at the Service Host's next pass
            assertEquals(new WinRmShell.Run(0, "string=False\r\nvalue=0\r\n", ""),
                    readSslFlags(shell, "Default Web Site/Rpc"));
            simulator.advanceClock(Duration.ofMinutes(10));
            assertEquals("None", location("CAS01", "Default Web Site/Rpc").effectiveSslFlags());
            simulator.advanceClock(Duration.ofMinutes(6));
            assertEquals(new WinRmShell.Run(0, "string=True\r\nvalue=Ssl,Ssl128\r\n", ""),
                    readSslFlags(shell, "Default Web Site/Rpc"));
        }
        assertEquals("None", location("CAS02", "Default Web Site/Rpc").effectiveSslFlags());
        assertTrue(simulator.commandLog("CAS01").stream().noneMatch(c -> c.commandLine().contains(PASSWORD)));
    }

    @Test
    void anInvalidSetOutlookAnywhereFailsWithTheCmdletsErrorAndChangesNothing() {
        start(CasSimulator.builder().servers(1));
        var before = simulator.snapshot("CAS01").outlookAnywhere();
        try (WinRmShell shell = shell("CAS01", CREDENTIAL_ENV)) {
            WinRmShell.Run set = shell.powershell(SET_OUTLOOK_ANYWHERE.formatted(
                    "Set-OutlookAnywhere -Identity \"$($env:COMPUTERNAME)\\Rpc (Default Web Site)\" -ExternalHostname 'mail.fabrikam.com'"));
            assertEquals(1, set.exitCode());
            assertTrue(set.stderr().startsWith("#< CLIXML"), set.stderr());
            assertThat(set.stderr()).contains("ExternalClientsRequireSsl");
        }
        assertEquals(before, simulator.snapshot("CAS01").outlookAnywhere());
    }

    @Test
    void aWrongExchangeCredentialIsAccessDenied() {
        start(CasSimulator.builder().servers(1));
        try (WinRmShell shell = shell("CAS01", Map.of("EXCHANGE_USER", USER, "EXCHANGE_PASSWORD", "not-it"))) {
            WinRmShell.Run set = shell.powershell(SET_OUTLOOK_ANYWHERE.formatted(
                    "Set-OutlookAnywhere -Identity \"$($env:COMPUTERNAME)\\Rpc (Default Web Site)\" -SSLOffloading $false"));
            assertEquals(1, set.exitCode());
            assertThat(set.stderr()).contains("Access is denied.");
        }
        assertEquals(true, simulator.snapshot("CAS01").outlookAnywhere().sslOffloading());
    }

    @Test
    void aCommandOutlastingTheOperationTimeoutIsRetriedToCompletion() {
        start(CasSimulator.builder().servers(1).costs(new CostModel(Duration.ZERO, Duration.ofMillis(1500))));
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS01").wsmanUrl(), USER, PASSWORD, Map.of(), 500)) {
            assertEquals(new WinRmShell.Run(0, "finished\r\n", ""), shell.powershell("'finished'"));
        }
        assertTrue(simulator.requestLog("CAS01").stream().anyMatch(e -> e.operation() == WsmanOperation.RECEIVE
                && "2150858793".equals(e.wsmanFaultCode())), "at least one Receive timed out");
    }

    @Test
    void aWrongPasswordIsA401() {
        start(CasSimulator.builder().servers(1));
        RuntimeException failure = assertThrows(RuntimeException.class, () -> WinRmShell.open(context,
                simulator.address("CAS01").wsmanUrl(), USER, "wrong", Map.of(), 60_000));
        assertEquals(401, WinRmShell.assertCause(failure, HTTPException.class).getResponseCode());
    }

    @Test
    void aScriptOverCmdExesLimitIsTooLong() {
        start(CasSimulator.builder().servers(1));
        try (WinRmShell shell = shell("CAS01", Map.of())) {
            String script = "'x' | Out-Null\n".repeat(300);
            assertTrue(("powershell -encodedcommand " + WinRmShell.encoded(script)).length() > 8191);
            assertEquals(new WinRmShell.Run(1, "", "The command line is too long.\r\n"), shell.powershell(script));
        }
    }

    @Test
    void somethingThatIsNotACmdletIsNotRecognized() {
        start(CasSimulator.builder().servers(1));
        try (WinRmShell shell = shell("CAS01", Map.of())) {
            WinRmShell.Run run = shell.powershell("Get-Frobnicator -All");
            assertEquals(1, run.exitCode());
            assertTrue(run.stderr().startsWith("#< CLIXML"), run.stderr());
            assertThat(run.stderr()).contains("The term 'Get-Frobnicator' is not recognized as the name of a cmdlet");
        }
    }

    // ---- Windows Server 2012 R2's WinRM service and versions, seen by winrm4j and a plain HTTP client

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

        assertThat(identify(url, false, true).body())
                .contains("<wsmid:ProductVersion>OS: 6.3.9600 SP: 0.0 Stack: 3.0<");
        assertThat(identify(simulator.address("CAS02").wsmanUrl(), false, true).body())
                .contains("<wsmid:ProductVersion>OS: 10.0.17763 SP: 0.0 Stack: 3.0<");
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
            assertThat(WinRmShell.assertCause(gone, SOAPFaultException.class).getMessage())
                    .as(gone.toString())
                    .contains("the shell was not found on the server");
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
                Map.of(), 60_000)) {
            assertEquals(new WinRmShell.Run(0, "5.1.14409.1005\r\n6.3.9600.0\r\nVersion 8.5\r\nCAS01\r\ncas01\\svc-offload\r\n", ""),
                    shell.powershell(script));
            assertEquals(new WinRmShell.Run(0, "\r\n\r\nName   : W3SVC\r\nStatus : Running\r\n\r\n\r\n\r\n"
                    + "\r\nName Size\r\n---- ----\r\nx      22\r\n\r\n\r\n", ""),
                    shell.powershell("Get-Service W3SVC | fl Name, Status; [pscustomobject]@{Name='x'; Size=22} | ft"));
        }
        try (WinRmShell shell = WinRmShell.open(context, simulator.address("CAS02").wsmanUrl(), USER, PASSWORD,
                Map.of(), 60_000)) {
            assertEquals("5.1.17763.1\r\n10.0.17763.0\r\nVersion 10.0\r\nCAS02\r\ncas02\\svc-offload\r\n",
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
