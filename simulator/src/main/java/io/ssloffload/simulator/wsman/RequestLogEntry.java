package io.ssloffload.simulator.wsman;

import java.time.Instant;

/**
 * One HTTP request to the endpoint and how it was answered. {@code user} is null when the request
 * was not authenticated, {@code operation} when its action was not understood,
 * {@code wsmanFaultCode} unless a WS-Management fault was sent; {@code httpStatus} is 0 when the
 * connection was closed without a response (injected connection reset). {@code authentication}
 * says how the user logged on ({@code Basic}, {@code Negotiate/NTLM}, {@code Negotiate/Kerberos},
 * {@code Kerberos}), {@code encrypted} whether the body was sealed ([MS-WSMV] message encryption),
 * {@code logonFailure} why a logon was refused (what Windows writes to its Security log; the client
 * only sees the 401).
 */
public record RequestLogEntry(Instant at, String user, WsmanOperation operation, int httpStatus, String wsmanFaultCode,
                              String authentication, boolean encrypted, String logonFailure) {
}
