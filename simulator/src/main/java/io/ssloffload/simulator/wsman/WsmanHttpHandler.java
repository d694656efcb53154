package io.ssloffload.simulator.wsman;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.ssloffload.simulator.powershell.WindowsRelease;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * POST /wsman as the WinRM service answers it: Identify (also unauthenticated), Basic
 * authentication with Windows' 401s, the envelope size limit, per-user concurrent-operation quota, injected faults, then the shell
 * operation. Every response carries {@code Server: Microsoft-HTTPAPI/2.0}.
 */
final class WsmanHttpHandler implements HttpHandler {

    private static final String SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";
    private static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_MAX_ENVELOPE_SIZE = 153600;
    private static final int MIN_MAX_ENVELOPE_SIZE = 8192;
    private static final String INJECTED = "(injected by the simulator)";

    private final WsmanEndpoint.Config config;
    private final String machine;
    private final Supplier<WindowsRelease> release;
    private final ShellService shells;
    private final FaultInjector faults;
    private final EndpointLog<RequestLogEntry> requestLog;
    private final Map<String, AtomicInteger> operationsInFlight = new ConcurrentHashMap<>();

    WsmanHttpHandler(WsmanEndpoint.Config config, String machine, Supplier<WindowsRelease> release, ShellService shells,
                     FaultInjector faults, EndpointLog<RequestLogEntry> requestLog) {
        this.config = config;
        this.machine = machine;
        this.release = release;
        this.shells = shells;
        this.faults = faults;
        this.requestLog = requestLog;
    }

    /** What was answered, for the request log. */
    private static final class Outcome {
        String user;
        WsmanOperation operation;
        int status;
        String faultCode;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Outcome outcome = new Outcome();
        try {
            Pause.sleep(config.costs().perRequest());
            handle(exchange, outcome);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (outcome.status == 0) {
                sendFault(exchange, outcome, null, WsmanFaultKind.INTERNAL_ERROR, WsmanFaultKind.INTERNAL_ERROR.message(e));
            }
        } finally {
            requestLog.add(new RequestLogEntry(Instant.now(), outcome.user, outcome.operation, outcome.status, outcome.faultCode));
            exchange.close();
        }
    }

    private void handle(HttpExchange exchange, Outcome outcome) throws IOException, InterruptedException {
        if (!"/wsman".equals(exchange.getRequestURI().getPath())) {
            send(exchange, outcome, 404, null);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, outcome, 405, null);
            return;
        }
        // read before answering, also a 401: answering first races the client still sending the
        // body (CXF then fails with "Buffer already closed for writing" instead of seeing the 401)
        byte[] body = readBody(exchange.getRequestBody(), config.quotas().maxEnvelopeSizeBytes());
        WsmanRequest parsed = body == null ? null : parseOrNull(body);
        boolean identify = parsed != null && Identify.isRequest(parsed);
        if (identify && Identify.asksUnauthenticated(exchange)) {
            send(exchange, outcome, 200, Identify.response(null).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Optional<Account> account = authenticate(exchange);
        if (account.isEmpty()) {
            sendUnauthorized(exchange, outcome);
            return;
        }
        Account user = account.get();
        outcome.user = user.userName();
        if (body == null) {
            send(exchange, outcome, 413, null);
            return;
        }
        if (identify) {
            send(exchange, outcome, 200, Identify.response(release.get()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        WsmanRequest request;
        try {
            request = parsed != null ? parsed : WsmanRequest.parse(body);
        } catch (WsmanFault fault) {
            sendFault(exchange, outcome, null, fault.kind(), fault.getMessage());
            return;
        }
        Optional<WsmanOperation> operation = WsmanOperation.fromAction(request.action());
        if (operation.isEmpty()) {
            sendFault(exchange, outcome, request.messageId(), WsmanFaultKind.ACTION_NOT_SUPPORTED,
                    WsmanFaultKind.ACTION_NOT_SUPPORTED.message(request.action()));
            return;
        }
        outcome.operation = operation.get();
        // only the cmd shell is served: WMI, PowerShell (PSRP) and configuration resources are not
        if (!Namespaces.CMD_RESOURCE_URI.equals(request.resourceUri())) {
            sendFault(exchange, outcome, request.messageId(), WsmanFaultKind.UNKNOWN_RESOURCE_URI,
                    WsmanFaultKind.UNKNOWN_RESOURCE_URI.message(request.resourceUri() == null ? "" : request.resourceUri()));
            return;
        }
        if (!user.remoteAccess()) {
            sendFault(exchange, outcome, request.messageId(), WsmanFaultKind.ACCESS_DENIED, WsmanFaultKind.ACCESS_DENIED.message());
            return;
        }
        AtomicInteger inFlight = operationsInFlight.computeIfAbsent(user.userName().toLowerCase(Locale.ROOT),
                name -> new AtomicInteger());
        try {
            if (inFlight.incrementAndGet() > config.quotas().maxConcurrentOperationsPerUser()) {
                sendFault(exchange, outcome, request.messageId(), WsmanFaultKind.CONCURRENT_OPERATIONS,
                        WsmanFaultKind.CONCURRENT_OPERATIONS.message(config.quotas().maxConcurrentOperationsPerUser()));
                return;
            }
            handleOperation(exchange, outcome, user, request, operation.get());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleOperation(HttpExchange exchange, Outcome outcome, Account user, WsmanRequest request,
                                 WsmanOperation operation) throws IOException, InterruptedException {
        boolean neverFinish = false;
        for (InjectedFault fault : faults.faultsFor(operation)) {
            if (fault instanceof InjectedFault.Delay delay) {
                Pause.sleep(delay.duration());
            } else if (fault instanceof InjectedFault.NeverFinish) {
                neverFinish = true;
            } else if (fault instanceof InjectedFault.ConnectionReset) {
                // no response headers sent: closing the exchange closes the connection
                outcome.status = 0;
                return;
            } else if (fault instanceof InjectedFault.Unauthorized) {
                sendUnauthorized(exchange, outcome);
                return;
            } else if (fault instanceof InjectedFault.Fault injected) {
                sendFault(exchange, outcome, request.messageId(), injected.kind(), injected.kind().message(INJECTED));
                return;
            } else if (fault instanceof InjectedFault.MalformedResponse) {
                String envelope = Envelopes.response(operation.responseAction(), request.messageId(), "");
                send(exchange, outcome, 200, envelope.substring(0, envelope.length() / 2).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        try {
            Duration timeout = operationTimeout(request);
            int maxEnvelopeSize = maxEnvelopeSize(request);
            String body = switch (operation) {
                case CREATE -> shells.create(user, request, exchange.getRemoteAddress().getAddress().getHostAddress());
                case COMMAND -> shells.command(user, request, neverFinish);
                case RECEIVE -> shells.receive(user, request, timeout, maxEnvelopeSize);
                case SIGNAL -> shells.signal(user, request);
                case DELETE -> shells.delete(user, request);
            };
            send(exchange, outcome, 200, Envelopes.response(operation.responseAction(), request.messageId(), body)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (WsmanFault fault) {
            sendFault(exchange, outcome, request.messageId(), fault.kind(), fault.getMessage());
        }
    }

    /** The request, or null when it is not a well-formed envelope (answered after authentication). */
    private static WsmanRequest parseOrNull(byte[] body) {
        try {
            return WsmanRequest.parse(body);
        } catch (WsmanFault notAnEnvelope) {
            return null;
        }
    }

    /** Absent means the service default; zero, unparsable or above MaxTimeoutms is refused. */
    private Duration operationTimeout(WsmanRequest request) throws WsmanFault {
        if (request.operationTimeout() == null) {
            return DEFAULT_OPERATION_TIMEOUT.compareTo(config.quotas().maxOperationTimeout()) < 0
                    ? DEFAULT_OPERATION_TIMEOUT : config.quotas().maxOperationTimeout();
        }
        Optional<Duration> timeout = XsDuration.parse(request.operationTimeout());
        if (timeout.isEmpty() || timeout.get().isZero() || timeout.get().compareTo(config.quotas().maxOperationTimeout()) > 0) {
            throw new WsmanFault(WsmanFaultKind.INVALID_OPERATION_TIMEOUT, request.operationTimeout());
        }
        return timeout.get();
    }

    /** Absent means Windows' default; anything but a whole number of at least 8192 is refused. */
    private static int maxEnvelopeSize(WsmanRequest request) throws WsmanFault {
        String text = request.maxEnvelopeSize();
        if (text == null) {
            return DEFAULT_MAX_ENVELOPE_SIZE;
        }
        try {
            int size = Integer.parseInt(text);
            if (size >= MIN_MAX_ENVELOPE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new WsmanFault(WsmanFaultKind.MAX_ENVELOPE_SIZE, text);
    }

    private Optional<Account> authenticate(HttpExchange exchange) {
        boolean encrypted = exchange instanceof HttpsExchange;
        if (!config.basicAuthEnabled() || (!encrypted && !config.allowUnencrypted())) {
            return Optional.empty();
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return config.accounts().stream().filter(a -> a.accepts(user, password)).findFirst();
    }

    /** Null when the body is larger than {@code limit}; reads chunked bodies to their end. */
    private static byte[] readBody(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    private void sendUnauthorized(HttpExchange exchange, Outcome outcome) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
        if (config.basicAuthEnabled()) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
        }
        send(exchange, outcome, 401, null);
    }

    private void sendFault(HttpExchange exchange, Outcome outcome, String relatesTo, WsmanFaultKind kind, String message)
            throws IOException {
        outcome.faultCode = kind.wsmanCode();
        send(exchange, outcome, 500, Envelopes.fault(kind, message, relatesTo, machine).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, Outcome outcome, int status, byte[] body) throws IOException {
        outcome.status = status;
        exchange.getResponseHeaders().set("Server", "Microsoft-HTTPAPI/2.0");
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", SOAP_CONTENT_TYPE);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
