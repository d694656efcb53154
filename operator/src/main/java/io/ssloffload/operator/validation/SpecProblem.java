package io.ssloffload.operator.validation;

/** One thing wrong with a spec: the field's path (e.g. {@code spec.servers[1].name}) and what is wrong. */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
