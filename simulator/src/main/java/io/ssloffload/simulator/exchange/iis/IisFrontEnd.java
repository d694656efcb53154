package io.ssloffload.simulator.exchange.iis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/** The plain-HTTP listener of Default Web Site that a load balancer offloading SSL talks to. */
public final class IisFrontEnd implements AutoCloseable {

    /** What IIS answers for one request path. */
    public record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;

    private IisFrontEnd(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on loopback at {@code port} (0 picks a free one) and answers each GET with {@code site};
     * every answer carries {@code Server: <serverHeader>} ("Microsoft-IIS/8.5").
     */
    public static IisFrontEnd start(int port, Function<String, Answer> site, Supplier<String> serverHeader) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", exchange -> respond(exchange, site, serverHeader));
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "iis-front-end-" + port);
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new IisFrontEnd(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, Function<String, Answer> site, Supplier<String> serverHeader)
            throws IOException {
        try (exchange) {
            Answer answer = "GET".equalsIgnoreCase(exchange.getRequestMethod())
                    ? site.apply(exchange.getRequestURI().getPath())
                    : new Answer(405, "text/html", "<h2>405 - HTTP verb used to access this page is not allowed.</h2>");
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("Server", serverHeader.get());
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
