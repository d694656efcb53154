package io.ssloffload.operator.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar simulator/target/cas-simulator.jar} with its documented contract: one
 * {@code NAME WINRM-URL IIS-URL} line per server on stdout, then {@code ready}; the admin endpoint's
 * URL on stderr (the process is always started with {@code --admin-port}).
 */
public final class SimulatorProcess implements AutoCloseable {

    private static final Pattern ADMIN_URL = Pattern.compile("admin endpoint (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Server(String name, URI wsmanUrl, URI iisUrl) {
    }

    private final JarProcess process;
    private final List<Server> servers;
    private final URI admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SimulatorProcess(JarProcess process, List<Server> servers, URI admin) {
        this.process = process;
        this.servers = servers;
        this.admin = admin;
    }

    /** The jar the build made, as failsafe names it ({@code simulator.jar}). */
    public static Path jar() {
        return Path.of(System.getProperty("simulator.jar", "../simulator/target/cas-simulator.jar"));
    }

    /**
     * Starts it with {@code arguments} plus {@code --admin-port 0} (and {@code --manual-clock}: time
     * moves only through {@code POST /clock/advance}) and waits for {@code ready}.
     */
    public static SimulatorProcess start(Path logs, List<String> arguments, boolean manualClock) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of("--admin-port", "0"));
        if (manualClock) {
            all.add("--manual-clock");
        }
        JarProcess process = JarProcess.start("simulator", logs, jar(), all, Map.of());
        try {
            process.awaitOutput(text -> text.lines().anyMatch("ready"::equals), "ready", START_TIMEOUT);
            List<Server> servers = process.stdout().lines().takeWhile(line -> !line.equals("ready"))
                    .map(line -> line.split(" "))
                    .map(f -> new Server(f[0], URI.create(f[1]), URI.create(f[2]))).toList();
            Matcher admin = ADMIN_URL.matcher(process.stderr());
            if (!admin.find()) {
                throw new AssertionError("no admin endpoint URL on stderr\n" + process.logs());
            }
            return new SimulatorProcess(process, servers, URI.create(admin.group(1)));
        } catch (RuntimeException | Error e) {
            process.kill();
            throw e;
        }
    }

    public JarProcess process() {
        return process;
    }

    public List<Server> servers() {
        return servers;
    }

    public Server server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no server " + name + " in " + servers));
    }

    /** {@code GET} on the admin endpoint, e.g. {@code /servers/CAS01}; fails unless 200. */
    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(admin.resolve(path)).GET());
    }

    /** {@code POST} on the admin endpoint, e.g. {@code /clock/advance?minutes=15}; fails unless 200. */
    public JsonNode post(String path) {
        return send(HttpRequest.newBuilder(admin.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST} with a JSON body, e.g. {@code /password}; fails unless 200. */
    public JsonNode post(String path, String json) {
        return send(HttpRequest.newBuilder(admin.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The effective sslFlags of a location ({@code Default Web Site/Rpc}) as the server's snapshot has it. */
    public String effectiveSslFlags(String server, String location) {
        for (JsonNode l : get("/servers/" + server).get("locations")) {
            if (l.get("path").asText().equalsIgnoreCase(location)) {
                return l.get("effectiveSslFlags").asText();
            }
        }
        throw new AssertionError(server + " has no location " + location);
    }

    /** {@code DELETE} on the admin endpoint, e.g. {@code /servers/CAS01/faults}; fails unless 200. */
    public JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(admin.resolve(path)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(response.request().method() + " " + response.uri() + ": "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("admin endpoint " + admin + ": " + e + "\n" + process.logs(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
