package io.ssloffload.simulator;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract: the flags, one line per server, then ready; usage errors exit 2. */
@Tag("simulator")
class CasSimulatorProcessTest {

    @TempDir
    Path work;

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
            assertTrue(simulator.stderr().contains("admin endpoint http://127.0.0.1:"), simulator.stderr());
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
        assertTrue(stderr.startsWith("cas-simulator: --servers is not a whole number: two"), stderr);
        assertTrue(stderr.contains("usage: java -jar cas-simulator.jar"), stderr);
    }
}
