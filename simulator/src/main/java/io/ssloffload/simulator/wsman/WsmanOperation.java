package io.ssloffload.simulator.wsman;

import java.util.Arrays;
import java.util.Optional;

/** The WS-Management operations a WinRS client uses, by the wsa:Action they arrive with. */
public enum WsmanOperation {
    CREATE("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
            "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse"),
    COMMAND("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
            "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse"),
    RECEIVE("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive",
            "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse"),
    SIGNAL("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal",
            "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse"),
    DELETE("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete",
            "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse");

    private final String action;
    private final String responseAction;

    WsmanOperation(String action, String responseAction) {
        this.action = action;
        this.responseAction = responseAction;
    }

    public String action() {
        return action;
    }

    public String responseAction() {
        return responseAction;
    }

    static Optional<WsmanOperation> fromAction(String action) {
        return Arrays.stream(values()).filter(op -> op.action.equals(action)).findFirst();
    }
}
