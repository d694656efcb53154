package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.status.StatusBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a deleted resource's servers go through before the resource may go, by its deletionPolicy:
 * with {@code Restore}, the servers the operator changed are put back as first observed, retried
 * with backoff until they all are (or the force-delete annotation gives up); otherwise the resource
 * goes at once.
 */
final class ResourceDeletion {

    /** {@code "true"} lets a deleted resource go at once, without restoring anything (README). */
    static final String FORCE_DELETE_ANNOTATION = "ssloffload.io/force-delete";
    static final Duration FIRST_RESTORE_RETRY = Duration.ofSeconds(10);
    static final Duration MAX_RESTORE_RETRY = Duration.ofMinutes(5);

    private final RestoreReconciliation restore;
    private final StatusWriter statusWriter;
    private final OperatorMetrics metrics;
    /** Per resource uid being restored: failed attempts so far and the last failure reported, for backoff and dedup. */
    private final Map<String, RestoreAttempts> restoreAttempts = new ConcurrentHashMap<>();

    ResourceDeletion(RestoreReconciliation restore, StatusWriter statusWriter, OperatorMetrics metrics) {
        this.restore = restore;
        this.statusWriter = statusWriter;
        this.metrics = metrics;
    }

    private record RestoreAttempts(int failures, String lastReported) {
    }

    /** @param secrets a Secret of the resource's namespace by name */
    DeleteControl cleanup(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets,
                          Context<ExchangeSslOffload> context, Instant now) {
        String uid = resource.getMetadata().getUid();
        Map<String, String> annotations = Objects.requireNonNullElse(resource.getMetadata().getAnnotations(), Map.of());
        DeletionPolicy policy = resource.getSpec() == null ? null : resource.getSpec().getDeletionPolicy();
        if (policy != DeletionPolicy.Restore) {
            return letGo(resource);
        }
        if ("true".equalsIgnoreCase(annotations.get(FORCE_DELETE_ANNOTATION))) {
            EventRecorder.record(context.getClient(), resource, new ServerAction(EventReason.ForcedRemoval,
                    FORCE_DELETE_ANNOTATION + " is true: deleted without restoring the servers"), now);
            return letGo(resource);
        }
        // Only the servers the operator changed, whatever the management policy says now: a server it
        // only ever observed keeps what an admin did by hand since it first looked.
        RestoreReconciliation.Result result = restore.restore(resource, secrets, ServerRecords.onCluster(context.getClient(), resource));
        result.actions().forEach(action -> EventRecorder.record(context.getClient(), resource, action, now));
        metrics.observed(resource.getStatus(), result.actions(), now);
        if (result.done()) {
            return letGo(resource);
        }
        String problems = String.join("; ", result.failures());
        RestoreAttempts before = restoreAttempts.getOrDefault(uid, new RestoreAttempts(0, null));
        if (!problems.equals(before.lastReported())) {
            // one Event per new failure, not one per retry
            EventRecorder.record(context.getClient(), resource, new ServerAction(EventReason.RestoreFailed,
                    problems + " (retrying with backoff; annotate " + FORCE_DELETE_ANNOTATION + "=true to give up)"), now);
        }
        restoreAttempts.put(uid, new RestoreAttempts(before.failures() + 1, problems));
        statusWriter.writeNowIfChanged(resource, new StatusBuilder(resource.getStatus(),
                Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L), now).restoring(problems).build(), context);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(restoreBackoff(before.failures()));
    }

    /** 10 s, 20 s, 40 s ... up to 5 minutes. */
    static Duration restoreBackoff(int failuresBefore) {
        Duration delay = FIRST_RESTORE_RETRY.multipliedBy(1L << Math.min(failuresBefore, 10));
        return delay.compareTo(MAX_RESTORE_RETRY) > 0 ? MAX_RESTORE_RETRY : delay;
    }

    private DeleteControl letGo(ExchangeSslOffload resource) {
        restoreAttempts.remove(resource.getMetadata().getUid());
        statusWriter.forget(resource);
        metrics.forget(OperatorMetrics.key(resource));
        metrics.reconciled("Deleted");
        return DeleteControl.defaultDelete();
    }
}
