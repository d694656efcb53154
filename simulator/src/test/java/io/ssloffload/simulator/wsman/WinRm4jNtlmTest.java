package io.ssloffload.simulator.wsman;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.ssloffload.simulator.WinRmShell.Run;
import io.ssloffload.simulator.windows.TestWindowsHost;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ssloffload.simulator.WinRmShell.execute;
import static io.ssloffload.simulator.WinRmShell.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * winrm4j 0.12.3 as the operator uses it (authenticationScheme NTLM: NTLMv2 under Negotiate, with
 * its optional message encryption) against an endpoint with Windows' defaults.
 */
@Tag("simulator")
class WinRm4jNtlmTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "S3cret!pw";

    private WinRmClientContext context;
    private WsmanEndpoint endpoint;

    @BeforeEach
    void startClientContext() {
        context = WinRmClientContext.newInstance();
    }

    @AfterEach
    void stop() {
        context.shutdown();
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private void start(WsmanEndpoint.Config config) {
        endpoint = WsmanEndpoint.start(config, new TestWindowsHost());
    }

    private WinRmClientBuilder client(String user, String password) throws Exception {
        WinRmClientBuilder builder = WinRmClient.builder(endpoint.url()).authenticationScheme(AuthSchemes.NTLM)
                .credentials(user, password).operationTimeout(10_000);
        if (endpoint.url().startsWith("https")) {
            builder.sslContext(io.ssloffload.simulator.TestTls.trusting(endpoint.caCertificatePem().orElseThrow()));
        }
        return builder;
    }

    @Test
    void ntlmOverHttpSealsEveryMessageAndNeedsNoAllowUnencrypted() throws Exception {
        start(WsmanEndpoint.Config.windowsDefaults(Account.administrator(USER, PASSWORD)));
        try (WinRmClient client = client(USER, PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "sealed\r\n", ""), execute(shell, "echo sealed"));
            assertEquals(new Run(0, "twice\r\n", ""), execute(shell, "echo twice"));
        }
        List<RequestLogEntry> answered = endpoint.requestLog().entries().stream().filter(e -> e.httpStatus() == 200).toList();
        assertFalse(answered.isEmpty());
        assertTrue(answered.stream().allMatch(e -> e.encrypted() && "Negotiate/NTLM".equals(e.authentication())
                && USER.equals(e.user())), answered.toString());
        assertTrue(endpoint.requestLog().entries().stream().anyMatch(e -> e.httpStatus() == 401),
                "the handshake's CHALLENGE is a 401");
    }

    @Test
    void ntlmOverHttpsWithTheCaTrusted() throws Exception {
        start(WsmanEndpoint.Config.windowsDefaults(Account.administrator(USER, PASSWORD)).withHttps(true));
        try (WinRmClient client = client(USER, PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "tls\r\n", ""), execute(shell, "echo tls"));
        }
        assertTrue(endpoint.requestLog().entries().stream().anyMatch(e -> e.httpStatus() == 200
                && "Negotiate/NTLM".equals(e.authentication())));
    }

    /**
     * The endpoint answers a refused AUTHENTICATE with a bare 401 at once. winrm4j itself never
     * returns from that 401 (its CXF conduit waits for a retransmission that is not sent; the
     * operator's own deadline ends the call), so the client is given a few seconds and the
     * endpoint's answers are what is checked.
     */
    @Test
    void wrongPasswordAndUnknownUserAre401sWithTheReasonLogged() throws Exception {
        start(WsmanEndpoint.Config.windowsDefaults(Account.administrator(USER, PASSWORD)));
        for (String[] credentials : new String[][]{{USER, "wrong"}, {"nobody", PASSWORD}, {"OTHERDOMAIN\\" + USER, PASSWORD}}) {
            int slash = credentials[0].indexOf('\\');
            WinRmClientBuilder builder = slash < 0 ? client(credentials[0], credentials[1])
                    : client(credentials[0], credentials[1]).credentials(credentials[0].substring(0, slash),
                    credentials[0].substring(slash + 1), credentials[1]);
            try (WinRmClient client = builder.build()) {
                ExecutorService thread = Executors.newSingleThreadExecutor();
                Future<?> attempt = thread.submit(client::createShell);
                int failures = failures().size();
                try {
                    await("the refusal recorded").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                            .until(() -> failures().size() != failures);
                } finally {
                    attempt.cancel(true);
                    thread.shutdownNow();
                }
            }
        }
        List<String> failures = failures();
        assertEquals(3, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("wrong password for \\operator"), failures.toString());
        assertTrue(failures.get(1).startsWith("unknown user \\nobody"), failures.toString());
        assertTrue(failures.get(2).startsWith("unknown user OTHERDOMAIN\\operator"), failures.toString());
        assertTrue(endpoint.requestLog().entries().stream().noneMatch(e -> e.httpStatus() == 200));
        assertEquals(0, endpoint.commandLog().entries().size());
    }

    private List<String> failures() {
        return endpoint.requestLog().entries().stream().filter(e -> e.logonFailure() != null)
                .peek(e -> assertEquals(401, e.httpStatus())).map(RequestLogEntry::logonFailure).toList();
    }
}
