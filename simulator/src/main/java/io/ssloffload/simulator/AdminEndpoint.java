package io.ssloffload.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.wsman.CommandLogEntry;
import io.ssloffload.simulator.wsman.FaultRule;
import io.ssloffload.simulator.wsman.RequestLogEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's control plane over HTTP on 127.0.0.1, JSON in and out, for clients that are not
 * Java (the README lists the routes). Each route is a call on {@link CasSimulator}; bad input is a
 * 400 with {@code {"error": ...}} and changes nothing.
 */
final class AdminEndpoint implements AutoCloseable {

    private static final Pattern SERVER_ROUTE = Pattern.compile("/servers/([^/]+)(/[a-z-]+)?/?");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final CasSimulator simulator;
    private final HttpServer server;
    private final ExecutorService threads;
    private final ObjectMapper json = new ObjectMapper();

    private AdminEndpoint(CasSimulator simulator, HttpServer server, ExecutorService threads) {
        this.simulator = simulator;
        this.server = server;
        this.threads = threads;
    }

    static AdminEndpoint start(CasSimulator simulator, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
            ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "simulator-admin");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(threads);
            AdminEndpoint admin = new AdminEndpoint(simulator, server, threads);
            server.createContext("/", admin::handle);
            server.start();
            return admin;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the admin endpoint on 127.0.0.1:" + port, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    /** A request the caller got wrong: 400, or the given status. */
    private static final class BadRequest extends RuntimeException {
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), exchange);
        } catch (BadRequest e) {
            reply = new Reply(e.status, Map.of("error", e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            reply = new Reply(400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            reply = new Reply(500, Map.of("error", e.toString()));
        }
        byte[] body = json.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply route(String method, String path, Map<String, String> query, HttpExchange exchange) throws IOException {
        if (path.equals("/servers") || path.equals("/servers/")) {
            requireMethod(method, "GET");
            return Reply.ok(simulator.servers().stream().map(this::describe).toList());
        }
        if (path.equals("/commands")) {
            requireMethod(method, "GET");
            return Reply.ok(simulator.commandLog().stream().map(c -> commandView(c.server(), c.command())).toList());
        }
        if (path.equals("/ca")) {
            requireMethod(method, "GET");
            // what a client must trust for the https:// WinRM URLs, as a Secret's ca.crt would hold it
            String pem = simulator.caCertificatePem()
                    .orElseThrow(() -> new BadRequest(404, "no CA: the servers speak plain HTTP (start with --https)"));
            return Reply.ok(Map.of("caCertificatePem", pem));
        }
        if (path.equals("/clock")) {
            requireMethod(method, "GET");
            return Reply.ok(Map.of("now", simulator.now().toString(),
                    "mode", simulator.fleet().clock().isManual() ? "manual" : "realTime"));
        }
        if (path.equals("/clock/advance")) {
            requireMethod(method, "POST");
            simulator.advanceClock(duration(query));
            return Reply.ok(Map.of("now", simulator.now().toString()));
        }
        if (path.equals("/password")) {
            requireMethod(method, "POST");
            PasswordChange change = body(exchange, PasswordChange.class, "password change");
            if (change.user() == null || change.password() == null) {
                throw new BadRequest(400, "give user and password");
            }
            simulator.changePassword(change.user(), change.password());
            return Reply.ok(Map.of("user", change.user(), "changed", true));
        }
        Matcher matcher = SERVER_ROUTE.matcher(path);
        if (!matcher.matches()) {
            throw new BadRequest(404, "no such route: " + path);
        }
        String name = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
        if (simulator.fleet().find(name).isEmpty()) {
            throw new BadRequest(404, "no server " + name);
        }
        String action = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (action) {
            case "" -> {
                requireMethod(method, "GET");
                yield Reply.ok(simulator.snapshot(name));
            }
            case "/commands" -> {
                requireMethod(method, "GET");
                yield Reply.ok(simulator.commandLog(name).stream().map(c -> commandView(name, c)).toList());
            }
            case "/requests" -> {
                requireMethod(method, "GET");
                yield Reply.ok(simulator.requestLog(name).stream().map(AdminEndpoint::requestView).toList());
            }
            case "/cu-upgrade" -> {
                requireMethod(method, "POST");
                String build = query.get("build");
                simulator.cumulativeUpdate(name, build == null ? null : ExchangeBuild.parse(build),
                        bool(query, "doNotEnableEP"));
                yield Reply.ok(simulator.snapshot(name));
            }
            case "/extended-protection" -> {
                requireMethod(method, "POST");
                String location = query.get("location");
                if (location == null) {
                    simulator.setExtendedProtection(name, required(query, "value"));
                } else {
                    simulator.setExtendedProtection(name, required(query, "value"), location);
                }
                yield Reply.ok(simulator.snapshot(name));
            }
            case "/faults" -> faults(method, name, exchange);
            case "/stop" -> {
                requireMethod(method, "POST");
                simulator.stopServer(name);
                yield Reply.ok(describe(simulator.address(name)));
            }
            case "/start" -> {
                requireMethod(method, "POST");
                simulator.startServer(name);
                yield Reply.ok(describe(simulator.address(name)));
            }
            default -> throw new BadRequest(404, "no such route: " + path);
        };
    }

    private Reply faults(String method, String name, HttpExchange exchange) throws IOException {
        if (method.equals("DELETE")) {
            simulator.faults(name).clear();
            return Reply.ok(Map.of("cleared", true));
        }
        requireMethod(method, "POST");
        FaultRequest request = body(exchange, FaultRequest.class, "fault description");
        FaultRule rule = request.addTo(simulator.faults(name));
        return Reply.ok(Map.of("operation", rule.operation().name(), "fault", rule.fault().toString()));
    }

    /** {@code {"user": "lab-admin", "password": "..."}}: the new password of the fleet's account. */
    record PasswordChange(String user, String password) {
    }

    /** The request's JSON body, at most {@link #MAX_BODY_BYTES}; {@code what} names it in a 400. */
    private <T> T body(HttpExchange exchange, Class<T> type, String what) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new BadRequest(413, what + " over " + MAX_BODY_BYTES + " bytes");
            }
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "not a " + what + ": " + e.getOriginalMessage());
        }
    }

    private Map<String, Object> describe(CasSimulator.ServerAddress address) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", address.name());
        view.put("wsmanUrl", address.wsmanUrl());
        view.put("iisUrl", address.iisUrl());
        view.put("running", simulator.isRunning(address.name()));
        return view;
    }

    /** The log entry as JSON; environment variables by name only, as the endpoint records them. */
    private static Map<String, Object> commandView(String server, CommandLogEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("server", server);
        view.put("receivedAt", entry.receivedAt().toString());
        view.put("user", entry.user());
        view.put("shellId", entry.shellId());
        view.put("commandLine", entry.commandLine());
        view.put("environmentNames", entry.environmentNames());
        return view;
    }

    /** The request log entry as JSON: how the client logged on and whether the body was sealed, never a secret. */
    private static Map<String, Object> requestView(RequestLogEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", entry.at().toString());
        view.put("user", entry.user());
        view.put("operation", entry.operation() == null ? null : entry.operation().name());
        view.put("httpStatus", entry.httpStatus());
        view.put("wsmanFaultCode", entry.wsmanFaultCode());
        view.put("authentication", entry.authentication());
        view.put("encrypted", entry.encrypted());
        view.put("logonFailure", entry.logonFailure());
        return view;
    }

    private static Duration duration(Map<String, String> query) {
        String minutes = query.get("minutes");
        String seconds = query.get("seconds");
        if ((minutes == null) == (seconds == null)) {
            throw new BadRequest(400, "give exactly one of minutes= or seconds=");
        }
        long amount;
        try {
            amount = Long.parseLong(minutes != null ? minutes : seconds);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "not a whole number: " + (minutes != null ? minutes : seconds));
        }
        if (amount < 0) {
            throw new BadRequest(400, "time cannot go back: " + amount);
        }
        return minutes != null ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new BadRequest(400, name + "= is required");
        }
        return value;
    }

    /** An optional true/false parameter (absent: false). */
    private static boolean bool(Map<String, String> query, String name) {
        String value = query.getOrDefault(name, "false").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new BadRequest(400, name + "= must be true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new BadRequest(405, "use " + expected);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }
}
