package io.ssloffload.simulator.wsman;

import com.sun.net.httpserver.HttpExchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Negotiate authentication left on one TCP connection, as http.sys keeps it: the CHALLENGE
 * awaiting its AUTHENTICATE, then the logged-on account and its session security, which later
 * requests on the same connection use without an Authorization header. The JDK's HTTP server does
 * not expose its connections, so a connection is known by its address pair (client address and
 * port, server port), which no two open connections share; state idle for longer than the
 * server's idle interval (after which it has closed the connection) is forgotten, so a later
 * connection reusing the client port starts unauthenticated.
 */
final class ConnectionAuth {

    private Ntlm.Challenge pendingChallenge;
    private Account account;
    private String method;
    private MessageSecurity security;
    private Instant lastUsed = Instant.now();
    private int requestsInFlight;

    synchronized Ntlm.Challenge takeChallenge() {
        Ntlm.Challenge challenge = pendingChallenge;
        pendingChallenge = null;
        return challenge;
    }

    synchronized void challenged(Ntlm.Challenge challenge) {
        reset();
        pendingChallenge = challenge;
    }

    synchronized void loggedOn(Account value, String byMethod, MessageSecurity withSecurity) {
        pendingChallenge = null;
        account = value;
        method = byMethod;
        security = withSecurity;
    }

    synchronized void reset() {
        pendingChallenge = null;
        account = null;
        method = null;
        security = null;
    }

    synchronized Account account() {
        return account;
    }

    synchronized String method() {
        return method;
    }

    synchronized MessageSecurity security() {
        return security;
    }

    /** The connections of one endpoint. */
    static final class Table {

        private final Duration idleLimit;
        private final Map<String, ConnectionAuth> byAddress = new ConcurrentHashMap<>();

        Table() {
            // sun.net.httpserver.idleInterval: seconds after which the JDK server closes an idle connection
            this.idleLimit = Duration.ofSeconds(Long.getLong("sun.net.httpserver.idleInterval", 30) + 5);
        }

        /** The state of the connection {@code exchange} came on; call {@link #requestDone()} when answered. */
        ConnectionAuth requestStarted(HttpExchange exchange) {
            Instant now = Instant.now();
            byAddress.values().removeIf(state -> state.idleLongerThan(idleLimit, now));
            String key = exchange.getRemoteAddress() + ">" + exchange.getLocalAddress().getPort();
            return byAddress.compute(key, (k, state) -> (state == null ? new ConnectionAuth() : state).started());
        }
    }

    private synchronized boolean idleLongerThan(Duration limit, Instant now) {
        return requestsInFlight == 0 && Duration.between(lastUsed, now).compareTo(limit) > 0;
    }

    private synchronized ConnectionAuth started() {
        requestsInFlight++;
        return this;
    }

    synchronized void requestDone() {
        requestsInFlight--;
        lastUsed = Instant.now();
    }
}
