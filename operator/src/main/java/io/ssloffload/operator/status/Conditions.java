package io.ssloffload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.ssloffload.operator.plan.Rfc3339;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the conditions of one status, top-level and per server alike: each carries the generation
 * this reconcile acted on, and only a change of its status stamps a new transition time. Everything
 * else is copied, so an unchanged world yields an equal status and the patch can be skipped.
 */
final class Conditions {

    private final long generation;
    private final Instant now;

    Conditions(long generation, Instant now) {
        this.generation = generation;
        this.now = now;
    }

    /** @param before the list the condition of this type stood in last time, or null */
    Condition next(List<Condition> before, String type, String status, String reason, String message) {
        String transition = find(before, type).filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElseGet(() -> Rfc3339.format(now));
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }
}
