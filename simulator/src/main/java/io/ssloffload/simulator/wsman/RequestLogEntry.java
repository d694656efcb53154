package io.ssloffload.simulator.wsman;

import java.time.Instant;

/**
 * One HTTP request to the endpoint and how it was answered. {@code user} is null when the request
 * was not authenticated, {@code operation} when its action was not understood,
 * {@code wsmanFaultCode} unless a WS-Management fault was sent; {@code httpStatus} is 0 when the
 * connection was closed without a response (injected connection reset).
 */
public record RequestLogEntry(Instant at, String user, WsmanOperation operation, int httpStatus, String wsmanFaultCode) {
}
