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
}
