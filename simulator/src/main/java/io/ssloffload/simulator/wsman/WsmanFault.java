package io.ssloffload.simulator.wsman;

/** A request this endpoint answers with a WS-Management fault. */
final class WsmanFault extends Exception {

    private final WsmanFaultKind kind;

    WsmanFault(WsmanFaultKind kind, Object... details) {
        super(kind.message(details));
        this.kind = kind;
    }

    WsmanFaultKind kind() {
        return kind;
    }
}
