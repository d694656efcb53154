package io.ssloffload.operator.status;

import io.ssloffload.operator.validation.SpecProblem;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why no server was even contacted: something only the user can fix (an invalid spec, a missing
 * or unusable Secret). Makes the resource Stalled.
 *
 * @param reason  CamelCase, e.g. InvalidSpec, SecretNotFound, InvalidSecret
 * @param message what is wrong, free of secrets
 */
public record Blocker(String reason, String message) {

    public Blocker {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (!reason.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a condition reason is one CamelCase word: " + reason);
        }
    }

    public static Blocker invalidSpec(List<SpecProblem> problems) {
        return new Blocker("InvalidSpec", problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
    }

    /**
     * An exception no reconcile step expected (a bug, the API server refusing the patch): said in
     * status instead of leaving the last status standing while the reconcile fails silently.
     *
     * @param retriesExhausted whether this was the last attempt that will be retried with backoff
     */
    public static Blocker reconcileError(Exception e, boolean retriesExhausted) {
        return new Blocker("ReconcileError", "the reconcile failed unexpectedly (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + ")" + (retriesExhausted
                ? "; retries are exhausted: the next change to the resource or its Secrets tries again"
                : "; retrying with backoff"));
    }
}
