package io.ssloffload.simulator.wsman;

import java.time.Duration;

/**
 * What a {@link FaultRule} does to a request it matches. Made with the factories below; the
 * records are what the endpoint matches on.
 */
public sealed interface InjectedFault {

    /** Waits, then handles the request normally. */
    record Delay(Duration duration) implements InjectedFault {
    }

    /**
     * Closes the TCP connection before any response byte is written (an orderly close from the
     * server, not a RST: the JDK HTTP server gives no access to SO_LINGER). Clients see an
     * IOException such as "Unexpected end of file" or "Connection reset".
     */
    record ConnectionReset() implements InjectedFault {
    }

    /** HTTP 401 exactly as for wrong credentials. */
    record Unauthorized() implements InjectedFault {
    }

    /** HTTP 500 with this WS-Management fault. */
    record Fault(WsmanFaultKind kind) implements InjectedFault {
    }

    /**
     * For Command: the command is accepted and gets a CommandId but its process never ends, so
     * Receive times out (TimedOut fault) until a Signal terminates it.
     */
    record NeverFinish() implements InjectedFault {
    }

    /** HTTP 200 whose body is a truncated, not well-formed envelope. */
    record MalformedResponse() implements InjectedFault {
    }

    static InjectedFault delay(Duration duration) {
        return new Delay(duration);
    }

    static InjectedFault connectionReset() {
        return new ConnectionReset();
    }

    static InjectedFault unauthorized() {
        return new Unauthorized();
    }

    static InjectedFault fault(WsmanFaultKind kind) {
        return new Fault(kind);
    }

    static InjectedFault neverFinish() {
        return new NeverFinish();
    }

    static InjectedFault malformedResponse() {
        return new MalformedResponse();
    }
}
