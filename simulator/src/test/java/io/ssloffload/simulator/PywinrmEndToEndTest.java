package io.ssloffload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real pywinrm (Debian's python3-winrm) against the simulator started as its own process with
 * the documented flags, driving PowerShell through the interpreter; the clock moves through the
 * admin endpoint. The driver strips CLIXML itself: Debian's pywinrm 0.3.0 run_ps raises a
 * TypeError on Python 3 whenever stderr is not empty.
 */
@Tag("simulator")
class PywinrmEndToEndTest {

    private static final String USER = "Administrator";
    private static final String PASSWORD = "Py!e2e-pass";

    @TempDir
    Path work;

    private SimulatorProcess start(String... extraFlags) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--servers", "2", "--port", "0", "--user", USER,
                "--password", PASSWORD, "--admin-port", "0"));
        flags.addAll(List.of(extraFlags));
        return SimulatorProcess.start(work, flags);
    }

    private static String adminUrl(SimulatorProcess simulator) throws Exception {
        String stderr = simulator.stderr();
        int at = stderr.indexOf("admin endpoint ");
        assertTrue(at >= 0, stderr);
        return stderr.substring(at + "admin endpoint ".length()).lines().findFirst().orElseThrow().trim();
    }

    private JsonNode drive(String scenario, SimulatorProcess simulator, String server, String password) throws Exception {
        // the runnable simulator has Windows' defaults: NTLM, and plain http only with message encryption
        return PywinrmDriver.run(work, scenario, Map.of("WSMAN_URL", simulator.server(server)[1], "WSMAN_USER", USER,
                "WSMAN_PASSWORD", password, "WSMAN_TRANSPORT", "ntlm", "ADMIN_URL", adminUrl(simulator)), Duration.ofSeconds(90));
    }

    @Test
    void readsAndWritesSslFlagsWithCmdAndPowerShell() throws Exception {
        try (SimulatorProcess simulator = start()) {
            JsonNode result = drive("cas-ssl-flags", simulator, "CAS02", PASSWORD);
            assertEquals("4341533032", result.get("cmd").get("stdout").asText().substring(0, 10), "CAS02 in hex");
            assertEquals("Ssl,Ssl128\r\n", result.get("before").get("stdout").asText());
            assertEquals(0, result.get("write").get("exitCode").asInt(), result.get("write").toString());
            assertEquals("0\r\n", result.get("after").get("stdout").asText(), "None as the ConfigurationAttribute's raw Value");
            JsonNode notACmdlet = result.get("notACmdlet");
            assertEquals(1, notACmdlet.get("exitCode").asInt());
            assertThat(notACmdlet.get("stderr").asText())
                    .as(notACmdlet.toString())
                    .contains("The term 'Get-Frobnicator' is not recognized");
        }
    }

    @Test
    void setOutlookAnywhereAndTheAdminEndpointsClock() throws Exception {
        try (SimulatorProcess simulator = start("--propagation-minutes", "15")) {
            JsonNode result = drive("cas-outlook-anywhere", simulator, "CAS01", PASSWORD);
            JsonNode invalid = result.get("invalid");
            assertEquals(1, invalid.get("exitCode").asInt());
            assertThat(invalid.get("stderr").asText()).as(invalid.toString()).contains("ExternalClientsRequireSsl");
            assertEquals(0, result.get("valid").get("exitCode").asInt(), result.get("valid").toString());
            // a new server offloads; SSLOffloading $false reaches Rpc only at the Service Host's pass
            assertEquals("0\r\n", result.get("rpcBefore").get("stdout").asText(), "None until the pass");
            assertEquals("Ssl,Ssl128\r\n", result.get("rpcAfter").get("stdout").asText(), "after the Service Host pass");
        }
    }

    @Test
    void timedOutReceivesAreRetriedUntilPowerShellFinishes() throws Exception {
        try (SimulatorProcess simulator = start("--powershell-start-ms", "2500")) {
            JsonNode result = drive("cas-timeout-retry", simulator, "CAS01", PASSWORD);
            assertEquals("finished\r\n", result.get("stdout").asText());
            assertEquals(0, result.get("exitCode").asInt());
        }
    }

    @Test
    void identifyHostnameWhoamiFormatTableAndAnIdleShellExpiring() throws Exception {
        try (SimulatorProcess simulator = start("--shell-idle-timeout", "90s")) {
            JsonNode result = drive("cas-fidelity", simulator, "CAS02", PASSWORD);
            assertEquals(200, result.get("identify").get("status").asInt());
            assertThat(result.get("identify").get("body").asText())
                    .as(result.toString())
                    .contains("<wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor>");
            assertEquals("CAS02\r\n", hexText(result.get("hostname").get("stdout").asText()));
            assertEquals("cas02\\administrator\r\n", hexText(result.get("whoami").get("stdout").asText()));
            String row = "%-8s %-18s %-38s\r\n";
            assertEquals("\r\n" + String.format(row, "Status", "Name", "DisplayName")
                    + String.format(row, "------", "----", "-----------")
                    + String.format(row, "Running", "W3SVC", "World Wide Web Publishing Service")
                    + String.format(row, "Running", "WAS", "Windows Process Activation Service") + "\r\n\r\n",
                    result.get("table").get("stdout").asText());
            // one shell asked for a 60 s idle timeout: 61 s of simulated time later it is gone; the other
            // has the flag's 90 s, lives on, and goes once it has been idle for 91 s
            JsonNode expired = result.get("shortAfter61s");
            assertEquals("WinRMError", expired.get("error").asText(), result.toString());
            assertThat(expired.get("message").asText()).as(expired.toString()).contains("2150858843");
            assertTrue(result.get("defaultAfter61s").isNull(), result.toString());
            assertThat(result.get("defaultAfter91sIdle").get("message").asText())
                    .as(result.toString())
                    .contains("2150858843");
        }
    }

    private static String hexText(String hex) {
        return new String(java.util.HexFormat.of().parseHex(hex), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void wrongPasswordIsInvalidCredentials() throws Exception {
        try (SimulatorProcess simulator = start()) {
            assertEquals("InvalidCredentialsError", drive("bad-password", simulator, "CAS01", "wrong").get("error").asText());
        }
    }
}
