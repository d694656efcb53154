package io.ssloffload.simulator.wsman;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssloffload.simulator.PywinrmDriver;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.windows.CmdExe;
import io.ssloffload.simulator.windows.TestWindowsHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real pywinrm (Debian's python3-winrm) against the endpoint, with Basic authentication. */
@Tag("simulator")
class PywinrmClientTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "S3cret!pw";
    private static final Charset CP437 = Charset.forName("IBM437");

    /**
     * A stand-in powershell.exe that prints its arguments. It writes nothing on stderr: Debian's
     * pywinrm 0.3.0 run_ps raises a TypeError on Python 3 whenever stderr is not empty.
     */
    private static final CmdExe.PowerShellLauncher FAKE_POWERSHELL = (arguments, environment, host) ->
            new NativeCommand.Result(String.join("|", arguments.subList(0, 1)) + " and " + (arguments.size() - 1)
                    + " more\n", "", 4);

    @TempDir
    Path work;
    private WsmanEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private JsonNode drive(String scenario, WsmanEndpoint.Config config) throws Exception {
        endpoint = WsmanEndpoint.start(config, new TestWindowsHost(), FAKE_POWERSHELL);
        Map<String, String> env = new HashMap<>(Map.of("WSMAN_URL", endpoint.url(), "WSMAN_USER", USER,
                "WSMAN_PASSWORD", PASSWORD));
        endpoint.caCertificateFile().ifPresent(ca -> env.put("WSMAN_CA", ca.toString()));
        return PywinrmDriver.run(work, scenario, env, Duration.ofSeconds(60));
    }

    private JsonNode drive(String scenario) throws Exception {
        return drive(scenario, WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true));
    }

    private static String text(JsonNode run, String stream) {
        return new String(HexFormat.of().parseHex(run.get(stream).asText()), CP437);
    }

    @Test
    void commandsInOneShell() throws Exception {
        JsonNode result = drive("commands");
        assertEquals("PYVAR=from python\r\n", text(result.get("env"), "stdout"));
        assertEquals("C:\\PyWork\r\n", text(result.get("cd"), "stdout"));
        assertEquals("broken\r\n", text(result.get("stderr"), "stderr"));
        assertEquals(5, result.get("exit").get("exitCode").asInt());
        assertEquals("82c90d0a", result.get("cp437").get("stdout").asText(), "é and ╔ in code page 437");
        assertEquals("The command line is too long.\r\n", text(result.get("tooLong"), "stderr"));
        assertEquals(1, result.get("tooLong").get("exitCode").asInt());
        assertEquals(0, endpoint.openShells());
        assertEquals("testprog env PYVAR", endpoint.commandLog().entries().get(0).commandLine());
    }

    @Test
    void timedOutReceivesAreRetriedUntilTheCommandEnds() throws Exception {
        JsonNode result = drive("timeout-retry");
        assertEquals("slept\r\n", text(result, "stdout"));
        assertTrue(endpoint.requestLog().entries().stream().anyMatch(e -> "2150858793".equals(e.wsmanFaultCode())));
    }

    @Test
    void wrongPasswordIsInvalidCredentials() throws Exception {
        assertEquals("InvalidCredentialsError", drive("bad-password").get("error").asText());
    }

    @Test
    void httpsValidatedAgainstTheGeneratedCa() throws Exception {
        JsonNode result = drive("https", WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withHttps(true));
        assertEquals("over tls\r\n", text(result, "stdout"));
    }

    @Test
    void signalTerminatesACommandThatNeverEnds() throws Exception {
        assertTrue(drive("signal-hang").get("timedOut").asBoolean());
        assertTrue(endpoint.requestLog().entries().stream()
                .anyMatch(e -> e.operation() == WsmanOperation.SIGNAL && e.httpStatus() == 200));
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void runPsStartsPowerShellWithAnEncodedCommand() throws Exception {
        JsonNode result = drive("run-ps");
        assertEquals("-encodedcommand and 1 more\r\n", text(result, "stdout"));
        assertEquals(4, result.get("exitCode").asInt());
        assertTrue(endpoint.commandLog().entries().get(0).commandLine().startsWith("powershell -encodedcommand "));
    }

    private JsonNode driveWindowsDefaults(String scenario) throws Exception {
        return drive(scenario, WsmanEndpoint.Config.windowsDefaults(Account.administrator(USER, PASSWORD)));
    }

    @Test
    void ntlmOverHttpIsSealedWithoutAllowUnencrypted() throws Exception {
        JsonNode result = driveWindowsDefaults("ntlm");
        assertEquals("sealed by pywinrm\r\n", text(result, "stdout"));
        List<RequestLogEntry> operations = endpoint.requestLog().entries().stream().filter(e -> e.operation() != null).toList();
        assertFalse(operations.isEmpty());
        assertTrue(operations.stream().allMatch(e -> e.encrypted() && e.httpStatus() == 200
                && "Negotiate/NTLM".equals(e.authentication())), operations.toString());
    }

    @Test
    void ntlmWrongPasswordIsInvalidCredentials() throws Exception {
        assertEquals("InvalidCredentialsError", driveWindowsDefaults("ntlm-bad-password").get("error").asText());
        assertTrue(endpoint.requestLog().entries().stream().anyMatch(e -> e.httpStatus() == 401
                && String.valueOf(e.logonFailure()).startsWith("wrong password")));
    }

    @Test
    void unsealedBodyOverHttpIsRefusedWithAFault() throws Exception {
        JsonNode result = driveWindowsDefaults("ntlm-unencrypted");
        assertEquals(500, result.get("status").asInt());
        assertThat(result.get("fault").asText()).as(result.toString()).contains("AllowUnencrypted");
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void replayedAuthenticateMessageIsRefused() throws Exception {
        JsonNode result = driveWindowsDefaults("ntlm-replay");
        assertEquals("[401,200]", result.get("handshake").toString());
        assertEquals(401, result.get("replayedOnSameConnection").asInt());
        assertEquals(401, result.get("replayedAfterNewChallenge").asInt());
    }

    @Test
    void ntlmV1ResponseIsRefused() throws Exception {
        assertEquals("[401,401]", driveWindowsDefaults("ntlm-v1").get("handshake").toString());
        assertTrue(endpoint.requestLog().entries().stream().anyMatch(e -> String.valueOf(e.logonFailure()).startsWith("NTLMv1")));
    }
}
