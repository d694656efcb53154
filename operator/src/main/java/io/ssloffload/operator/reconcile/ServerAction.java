package io.ssloffload.operator.reconcile;

/**
 * Something the operator did or saw happen on a server, reported as a Kubernetes Event so that
 * users can see what was done and when, not only the resulting state.
 *
 * @param message names the server; never holds a secret
 */
public record ServerAction(EventReason reason, String message) {
}
