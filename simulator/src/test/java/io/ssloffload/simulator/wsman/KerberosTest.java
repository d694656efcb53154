package io.ssloffload.simulator.wsman;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.ssloffload.kdcharness.MitKdc;
import io.ssloffload.simulator.PywinrmDriver;
import io.ssloffload.simulator.TestTls;
import io.ssloffload.simulator.WinRmShell.Run;
import io.ssloffload.simulator.windows.TestWindowsHost;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ssloffload.simulator.WinRmShell.execute;
import static io.ssloffload.simulator.WinRmShell.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kerberos against a real MIT KDC (realm CONTOSO.LOCAL on loopback): the endpoint accepts
 * tickets for its HTTP/ service principals with JGSS; winrm4j (Kerberos scheme, a TGT from the
 * user's password) and pywinrm (transport kerberos, a ticket cache from kinit) log on over HTTPS.
 */
@Tag("simulator")
class KerberosTest {

    static final String REALM = "CONTOSO.LOCAL";
    /** Upper case: winrm4j upper-cases the principal it logs on with, and MIT principals are case-sensitive (AD's are not). */
    private static final String USER = "OPERATOR";
    private static final String PASSWORD = "Kerb3ros!pw";
    private static MitKdc kdc;
    private static Path serviceKeytab;
    private static Path userKeytab;

    @TempDir
    Path work;
    private WsmanEndpoint endpoint;

    @BeforeAll
    static void realm() {
        kdc = MitKdc.shared(REALM);
        kdc.addUser(USER, PASSWORD);
        // pywinrm names the server's FQDN; winrm4j the canonical name of 127.0.0.1
        kdc.addService("HTTP/cas01.contoso.local");
        kdc.addService("HTTP/localhost");
        serviceKeytab = kdc.keytab("http.keytab", "HTTP/cas01.contoso.local", "HTTP/localhost");
        userKeytab = kdc.keytab("operator.keytab", USER);
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private void start() {
        endpoint = WsmanEndpoint.start(WsmanEndpoint.Config.windowsDefaults(Account.administrator(USER, "not-used-by-kerberos"))
                .withHttps(true).withKerberos(KerberosAcceptor.fromKeytab(serviceKeytab)), new TestWindowsHost());
    }

    @Test
    void winrm4jLogsOnWithATicketFromTheKdc() throws Exception {
        start();
        WinRmClientContext context = WinRmClientContext.newInstance();
        try (WinRmClient client = WinRmClient.builder(endpoint.url()).authenticationScheme(AuthSchemes.KERBEROS)
                .requestNewKerberosTicket(true).credentials(USER + "@" + REALM, PASSWORD)
                .sslContext(TestTls.trusting(endpoint.caCertificatePem().orElseThrow())).context(context).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "kerberos\r\n", ""), execute(shell, "echo kerberos"));
        } finally {
            context.shutdown();
        }
        // HttpClient's Kerberos scheme answers the "Kerberos" challenge with a raw AP-REQ under Negotiate
        assertLoggedOn("Negotiate/Kerberos");
    }

    @Test
    void pywinrmLogsOnWithATicketFromKinit() throws Exception {
        start();
        Path cache = kdc.kinit(USER, userKeytab, "pywinrm-ccache");
        JsonNode result = pywinrm("kerberos", cache.toString());
        assertEquals("kerberos\r\n", new String(java.util.HexFormat.of().parseHex(result.get("stdout").asText())));
        assertLoggedOn("Negotiate/Kerberos");
    }

    /** pywinrm sends its Kerberos token preemptively: without a ticket it stops before sending anything. */
    @Test
    void pywinrmWithoutATicketFailsBeforeSending() throws Exception {
        start();
        JsonNode result = pywinrm("kerberos-bad", work.resolve("no-such-ccache").toString());
        assertEquals("KerberosExchangeError", result.get("error").asText(), result.toString());
        assertThat(result.get("message").asText()).as(result.toString()).contains("No credentials were supplied");
        assertTrue(endpoint.requestLog().entries().isEmpty());
    }

    /** A token that is no valid AP-REQ for this server (forged, expired, for another service) is a bare 401. */
    @Test
    void aTokenTheServiceKeyCannotOpenIsA401OfferingNegotiateAndKerberos() throws Exception {
        start();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(TestTls.trusting(endpoint.caCertificatePem().orElseThrow())).build();
        for (String scheme : List.of("Kerberos", "Negotiate")) {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.url()))
                    .header("Authorization", scheme + " " + java.util.Base64.getEncoder().encodeToString(
                            "YIIB not a ticket".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, answer.statusCode());
            assertEquals(List.of("Negotiate", "Kerberos"), answer.headers().allValues("WWW-Authenticate"));
        }
    }

    private JsonNode pywinrm(String scenario, String cache) throws Exception {
        Map<String, String> env = new HashMap<>(kdc.environment());
        env.putAll(Map.of("WSMAN_URL", endpoint.url(), "WSMAN_USER", USER, "WSMAN_PASSWORD", "", "KRB5CCNAME", "FILE:" + cache,
                "WSMAN_KERBEROS_HOST", "cas01.contoso.local", "WSMAN_CA", endpoint.caCertificateFile().orElseThrow().toString()));
        return PywinrmDriver.run(work, scenario, env, Duration.ofSeconds(60));
    }

    private void assertLoggedOn(String method) {
        List<RequestLogEntry> answered = endpoint.requestLog().entries().stream().filter(e -> e.operation() != null).toList();
        assertFalse(answered.isEmpty());
        assertTrue(answered.stream().allMatch(e -> e.httpStatus() == 200 && method.equals(e.authentication())
                && USER.equals(e.user())), answered.toString());
    }
}
