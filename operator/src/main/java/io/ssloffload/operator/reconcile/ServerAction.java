package io.ssloffload.operator.reconcile;

/**
 * Something the operator changed on a server, reported as a Kubernetes Event so that users can
 * see what was done and when, not only the resulting state.
 *
 * @param reason  CamelCase: SslOffloaded, AppPoolsRecycled, IisReset, OutlookAnywhereSet
 * @param message names the server; never holds a secret
 */
public record ServerAction(String reason, String message) {
}
