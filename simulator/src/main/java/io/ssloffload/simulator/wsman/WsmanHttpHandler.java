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
 * POST /wsman as the WinRM service answers it: Identify (also unauthenticated), Basic, Negotiate
 * (NTLMv2 or Kerberos) and Kerberos authentication with Windows' 401s, [MS-WSMV] message
 * encryption, the envelope size limit, per-user concurrent-operation quota, injected faults, then the shell
 * operation. Every response carries {@code Server: Microsoft-HTTPAPI/2.0}.
 */
final class WsmanHttpHandler implements HttpHandler {

    private static final String SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";
    private static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_MAX_ENVELOPE_SIZE = 153600;
    private static final int MIN_MAX_ENVELOPE_SIZE = 8192;
    private static final String INJECTED = "(injected by the simulator)";

    /** Replaced whole when an account's password changes, so a request sees one or the other. */
    private volatile WsmanEndpoint.Config config;
    private final String machine;
    private final Supplier<WindowsRelease> release;
    private final ShellService shells;
    private final FaultInjector faults;
    private final EndpointLog<RequestLogEntry> requestLog;
    private final Map<String, AtomicInteger> operationsInFlight = new ConcurrentHashMap<>();
    private final ConnectionAuth.Table connections = new ConnectionAuth.Table();

    WsmanHttpHandler(WsmanEndpoint.Config config, String machine, Supplier<WindowsRelease> release, ShellService shells,
                     FaultInjector faults, EndpointLog<RequestLogEntry> requestLog) {
        this.config = config;
        this.machine = machine;
        this.release = release;
        this.shells = shells;
        this.faults = faults;
        this.requestLog = requestLog;
    }

    /**
     * The account's new password, from the next logon on: Basic sends it with every request, so
     * the old one is refused at once; a Negotiate connection already logged on stays so, as on Windows.
     */
    void changePassword(String userName, String password) {
        config = config.withPassword(userName, password);
    }

    /** What was answered, for the request log. */
    private static final class Outcome {
        String user;
        WsmanOperation operation;
        int status;
        String faultCode;
        String authentication;
        /** Seals the answer when the request was sealed. */
        MessageSecurity security;
        String refusal;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Outcome outcome = new Outcome();
        ConnectionAuth connection = connections.requestStarted(exchange);
        try {
            Pause.sleep(config.costs().perRequest());
            handle(exchange, outcome, connection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (outcome.status == 0) {
                sendFault(exchange, outcome, null, WsmanFaultKind.INTERNAL_ERROR, WsmanFaultKind.INTERNAL_ERROR.message(e));
            }
        } finally {
            connection.requestDone();
            requestLog.add(new RequestLogEntry(Instant.now(), outcome.user, outcome.operation, outcome.status, outcome.faultCode,
                    outcome.authentication, outcome.security != null, outcome.refusal));
            exchange.close();
        }
    }

    private void handle(HttpExchange exchange, Outcome outcome, ConnectionAuth connection) throws IOException, InterruptedException {
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
        boolean sealed = EncryptedMessage.isEncrypted(exchange.getRequestHeaders().getFirst("Content-Type"));
        WsmanRequest parsed = body == null || sealed ? null : parseOrNull(body);
        if (parsed != null && Identify.isRequest(parsed) && Identify.asksUnauthenticated(exchange)) {
            send(exchange, outcome, 200, Identify.response(null).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Optional<Logon> logon = authenticate(exchange, outcome, connection);
        if (logon.isEmpty()) {
            return;
        }
        Account user = logon.get().account();
        outcome.user = user.userName();
        outcome.authentication = logon.get().method();
        if (body == null) {
            send(exchange, outcome, 413, null);
            return;
        }
        boolean secureChannel = exchange instanceof HttpsExchange;
        if (sealed) {
            MessageSecurity security = logon.get().security();
            if (security == null) {
                send(exchange, outcome, 400, null);
                return;
            }
            try {
                body = EncryptedMessage.decrypt(body, security);
            } catch (SecurityException | NumberFormatException e) {
                send(exchange, outcome, 400, null);
                return;
            }
            // the answer is sealed with the same session security
            outcome.security = security;
            parsed = parseOrNull(body);
        } else if (body.length == 0 && logon.get().connectionBound()) {
            // an empty POST that only authenticates the connection (pywinrm sends one before encrypting)
            send(exchange, outcome, 200, null);
            return;
        } else if (!secureChannel && !config.allowUnencrypted()) {
            sendFault(exchange, outcome, null, WsmanFaultKind.UNENCRYPTED, WsmanFaultKind.UNENCRYPTED.message());
            return;
        }
        if (parsed != null && Identify.isRequest(parsed)) {
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

    /** Who sent a request, how, and the session security of its connection (null for Basic). */
    private record Logon(Account account, String method, MessageSecurity security, boolean connectionBound) {
    }

    /**
     * Basic per request; Negotiate (NTLM or Kerberos) and Kerberos for the connection, as
     * http.sys does: a request without Authorization on a logged-on connection is that account's.
     * Empty when a 401 was sent.
     */
    private Optional<Logon> authenticate(HttpExchange exchange, Outcome outcome, ConnectionAuth connection) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            Account account = connection.account();
            if (account != null) {
                return Optional.of(new Logon(account, connection.method(), connection.security(), true));
            }
            sendUnauthorized(exchange, outcome);
            return Optional.empty();
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String credentials = space < 0 ? "" : header.substring(space + 1).strip();
        if (WinRmAuth.BASIC.scheme().equalsIgnoreCase(scheme) && config.auth().contains(WinRmAuth.BASIC)) {
            Optional<Account> account = basic(exchange, credentials);
            if (account.isPresent()) {
                return Optional.of(new Logon(account.get(), WinRmAuth.BASIC.scheme(), null, false));
            }
        } else if ((WinRmAuth.NEGOTIATE.scheme().equalsIgnoreCase(scheme) && config.auth().contains(WinRmAuth.NEGOTIATE))
                || (WinRmAuth.KERBEROS.scheme().equalsIgnoreCase(scheme) && config.auth().contains(WinRmAuth.KERBEROS))) {
            byte[] token;
            try {
                token = Base64.getDecoder().decode(credentials);
            } catch (IllegalArgumentException e) {
                token = new byte[0];
            }
            if (Ntlm.isNtlm(token) && WinRmAuth.NEGOTIATE.scheme().equalsIgnoreCase(scheme)) {
                return ntlm(exchange, outcome, connection, token);
            }
            connection.reset();
            if (config.kerberos() != null && token.length > 0) {
                Optional<KerberosAcceptor.Accepted> accepted = config.kerberos().accept(token);
                // the account is the principal's name, or its user principal name (user@REALM)
                Optional<Account> account = accepted.flatMap(a -> config.accounts().stream()
                        .filter(candidate -> candidate.userName().equalsIgnoreCase(a.userName())
                                || candidate.userName().equalsIgnoreCase(a.principal())).findFirst());
                if (account.isPresent()) {
                    String method = scheme.equalsIgnoreCase(WinRmAuth.KERBEROS.scheme()) ? "Kerberos" : "Negotiate/Kerberos";
                    connection.loggedOn(account.get(), method, accepted.get().security());
                    accepted.get().responseToken().ifPresent(reply -> exchange.getResponseHeaders()
                            .set("WWW-Authenticate", scheme + " " + Base64.getEncoder().encodeToString(reply)));
                    return Optional.of(new Logon(account.get(), method, accepted.get().security(), true));
                }
            }
        }
        sendUnauthorized(exchange, outcome);
        return Optional.empty();
    }

    /** NEGOTIATE gets a CHALLENGE (401); AUTHENTICATE is checked against this connection's CHALLENGE. */
    private Optional<Logon> ntlm(HttpExchange exchange, Outcome outcome, ConnectionAuth connection, byte[] token) throws IOException {
        try {
            if (Ntlm.messageType(token) == 1) {
                Ntlm.Challenge challenge = Ntlm.challenge(token, machine, release.get(), Instant.now());
                connection.challenged(challenge);
                exchange.getResponseHeaders().add("WWW-Authenticate",
                        WinRmAuth.NEGOTIATE.scheme() + " " + Base64.getEncoder().encodeToString(challenge.challengeMessage()));
                send(exchange, outcome, 401, null);
                return Optional.empty();
            }
            Ntlm.Challenge challenge = connection.takeChallenge();
            if (Ntlm.messageType(token) != 3 || challenge == null) {
                throw new Ntlm.Refusal("an AUTHENTICATE message needs this connection's CHALLENGE");
            }
            Ntlm.Authenticated authenticated = Ntlm.verify(token, challenge, this::ntlmPassword);
            Account account = config.accounts().stream().filter(a -> a.userName().equalsIgnoreCase(authenticated.user()))
                    .findFirst().orElseThrow();
            MessageSecurity security = NtlmSessionSecurity.of(authenticated);
            connection.loggedOn(account, "Negotiate/NTLM", security);
            return Optional.of(new Logon(account, "Negotiate/NTLM", security, true));
        } catch (Ntlm.Refusal refusal) {
            connection.reset();
            outcome.refusal = refusal.getMessage();
            exchange.getResponseHeaders().set("Connection", "close");
            sendUnauthorized(exchange, outcome);
            return Optional.empty();
        }
    }

    /** Local accounts: the domain a client names must be empty, "." or this computer. */
    private Optional<String> ntlmPassword(String user, String domain) {
        if (!domain.isEmpty() && !".".equals(domain) && !machine.equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        return config.accounts().stream().filter(a -> a.userName().equalsIgnoreCase(user)).map(Account::password).findFirst();
    }

    /** Basic needs a secure channel unless AllowUnencrypted. */
    private Optional<Account> basic(HttpExchange exchange, String credentials) {
        if (!(exchange instanceof HttpsExchange) && !config.allowUnencrypted()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
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

    /** A bare 401 offering what the service accepts, as Windows answers a missing or refused logon. */
    private void sendUnauthorized(HttpExchange exchange, Outcome outcome) throws IOException {
        exchange.getResponseHeaders().remove("WWW-Authenticate");
        if (config.auth().contains(WinRmAuth.NEGOTIATE)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", WinRmAuth.NEGOTIATE.scheme());
        }
        if (config.auth().contains(WinRmAuth.KERBEROS) && config.kerberos() != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", WinRmAuth.KERBEROS.scheme());
        }
        if (config.auth().contains(WinRmAuth.BASIC)) {
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
        if (outcome.security != null) {
            body = EncryptedMessage.encrypt(body, outcome.security);
            exchange.getResponseHeaders().set("Content-Type", EncryptedMessage.CONTENT_TYPE);
        } else {
            exchange.getResponseHeaders().set("Content-Type", SOAP_CONTENT_TYPE);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
