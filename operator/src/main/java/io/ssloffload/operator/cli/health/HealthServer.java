package io.ssloffload.operator.cli.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operator's small HTTP server for the kubelet's probes, from JOSDK's {@link RuntimeInfo}:
 * {@code /healthz} (liveness) is 200 once the operator has started; {@code /readyz} (readiness)
 * is 200 when it has started and every event source (the informers on resources and Secrets) is
 * healthy, else 503 naming the unhealthy ones; {@code /metrics} (see {@link #metrics}) for
 * Prometheus. Listens on all interfaces: the kubelet probes the Pod's IP.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param port 0 for any free port (see {@link #port()}) */
    public static HealthServer start(int port, RuntimeInfo runtime) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            // one thread: probes are rare and each answer is computed in microseconds
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "health-server");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            HealthServer health = new HealthServer(server, executor);
            health.handle("/healthz", () -> runtime.isStarted() ? null : "operator not started");
            health.handle("/readyz", () -> !runtime.isStarted() ? "operator not started"
                    : runtime.allEventSourcesAreHealthy() ? null
                    : "unhealthy event sources: " + runtime.unhealthyEventSources());
            server.start();
            return health;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on health port " + port, e);
        }
    }

    /** What a check finds: null when healthy, else why not. */
    @FunctionalInterface
    interface Check {
        String problem();
    }

    /**
     * Serves {@code /metrics}: the registry in Prometheus text format (JOSDK's reconcile metrics
     * and the operator's own), on this same server so one port serves the kubelet and Prometheus.
     */
    public void metrics(PrometheusMeterRegistry registry) {
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "GET only");
                    return;
                }
                byte[] bytes = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
    }

    /** Answers GET {@code path} with 200 "ok" when healthy, else 503 and the problem. */
    void handle(String path, Check check) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "GET only");
                    return;
                }
                String problem = check.problem();
                respond(exchange, problem == null ? 200 : 503, problem == null ? "ok" : problem);
            }
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
