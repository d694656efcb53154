package io.ssloffload.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract: the flags, one line per server, then ready; usage errors exit 2. */
@Tag("simulator")
class CasSimulatorProcessTest {

    @TempDir
    Path work;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void announcesEveryServerThenReady() throws Exception {
        int base = FixedPorts.free(4);
        try (SimulatorProcess simulator = SimulatorProcess.start(work, List.of("--servers", "2", "--port",
                String.valueOf(base), "--iis-port", String.valueOf(base + 2), "--user", "u", "--password", "p"))) {
            assertEquals(List.of(
                    "CAS01 http://127.0.0.1:" + base + "/wsman http://127.0.0.1:" + (base + 2) + "/",
                    "CAS02 http://127.0.0.1:" + (base + 1) + "/wsman http://127.0.0.1:" + (base + 3) + "/"),
                    simulator.lines());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create(simulator.server("CAS02")[2] + "ecp/healthcheck.htm")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, health.statusCode());
        }
    }

    @Test
    void httpsAndAnyFreePorts() throws Exception {
        try (SimulatorProcess simulator = SimulatorProcess.start(work, List.of("--https", "--port", "0", "--user", "u",
                "--password", "p", "--admin-port", "0"))) {
            assertEquals(1, simulator.lines().size());
            assertTrue(simulator.server("CAS01")[1].matches("https://127\\.0\\.0\\.1:\\d+/wsman"), simulator.lines().get(0));
            assertThat(simulator.stderr()).contains("admin endpoint http://127.0.0.1:");
        }
    }

    @Test
    void badFlagsPrintUsageAndExit2() throws Exception {
        Process process = SimulatorProcess.command(work, List.of("--servers", "two", "--user", "u", "--password", "p"))
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals("", new String(process.getInputStream().readAllBytes()));
        String stderr = Files.readString(work.resolve("simulator-stderr.txt"));
        assertTrue(stderr.startsWith("cas-simulator: Invalid value for option '--servers': 'two' is not an int"), stderr);
        assertThat(stderr).contains("Usage: java -jar cas-simulator.jar");
    }

    @Test
    void helpPrintsUsageOnStdoutAndExits0() throws Exception {
        Process process = SimulatorProcess.command(work, List.of("--help")).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        String usage = new String(process.getInputStream().readAllBytes());
        assertTrue(usage.startsWith("Usage: java -jar cas-simulator.jar"), usage);
        assertTrue(usage.contains("--manual-clock") && usage.contains("--propagation-minutes"), usage);
    }

    /** The default clock is the wall clock: the Service Host's passes come on their own, Get-Date is today. */
    @Test
    void followsTheWallClockByDefault() throws Exception {
        try (SimulatorProcess simulator = SimulatorProcess.start(work, List.of("--port", "0", "--user", "u",
                "--password", "p", "--admin-port", "0", "--propagation-interval", "1s"))) {
            String admin = adminUrl(simulator);
            Instant clock = Instant.parse(field(get(admin + "/clock"), "now"));
            assertTrue(Duration.between(clock, Instant.now()).abs().compareTo(Duration.ofSeconds(30)) < 0, clock.toString());
            Instant firstPass = Instant.parse(field(get(admin + "/servers/CAS01"), "serviceHostLastPass"));
            await("a periodic pass in real time after " + firstPass).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Instant.parse(field(get(admin + "/servers/CAS01"), "serviceHostLastPass")).isAfter(firstPass));
        }
    }

    @Test
    void manualClockStandsStill() throws Exception {
        try (SimulatorProcess simulator = SimulatorProcess.start(work, List.of("--port", "0", "--user", "u",
                "--password", "p", "--admin-port", "0", "--manual-clock"))) {
            String admin = adminUrl(simulator);
            assertEquals("2024-01-01T00:00:00Z", field(get(admin + "/clock"), "now"));
            HttpResponse<String> advanced = http.send(HttpRequest.newBuilder(URI.create(admin + "/clock/advance?minutes=16"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("2024-01-01T00:16:00Z", field(advanced.body(), "now"));
            assertEquals("2024-01-01T00:15:00Z", field(get(admin + "/servers/CAS01"), "serviceHostLastPass"));
        }
    }

    private static String adminUrl(SimulatorProcess simulator) throws Exception {
        Matcher matcher = Pattern.compile("admin endpoint (http://\\S+)").matcher(simulator.stderr());
        assertTrue(matcher.find(), simulator.stderr());
        return matcher.group(1);
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static String field(String json, String name) throws Exception {
        return JSON.readTree(json).get(name).asText();
    }
}
