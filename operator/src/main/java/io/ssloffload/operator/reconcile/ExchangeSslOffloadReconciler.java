package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.StatusBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The thin JOSDK controller: runs an {@link OffloadReconciliation} with Secrets from the informer
 * cache, records what it changed and what changed state as Events, writes status only when it
 * changed, and comes back when the reconciliation asks — at the propagation poll interval while
 * Outlook Anywhere is on its way, else at the drift interval. On deletion with
 * {@code deletionPolicy: Restore} it runs a {@link RestoreReconciliation} before letting go.
 */
@ControllerConfiguration(name = "exchangessloffload")
public class ExchangeSslOffloadReconciler implements Reconciler<ExchangeSslOffload>, Cleaner<ExchangeSslOffload> {

    /** {@code "true"} lets a deleted resource go at once, without restoring anything (README). */
    public static final String FORCE_DELETE_ANNOTATION = "ssloffload.io/force-delete";
    static final Duration FIRST_RESTORE_RETRY = Duration.ofSeconds(10);
    static final Duration MAX_RESTORE_RETRY = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSslOffloadReconciler.class);

    private final OffloadReconciliation reconciliation;
    private final RestoreReconciliation restore;
    private final OperatorMetrics metrics;
    private final Clock clock;
    /** Per resource uid being restored: failed attempts so far and the last failure reported, for backoff and dedup. */
    private final Map<String, RestoreAttempts> restoreAttempts = new ConcurrentHashMap<>();
    /**
     * Per resource uid: the status of a reconcile that the API server has not taken. It holds
     * progress that must not repeat (Outlook Anywhere set, Rpc's pool recycled): when its patch
     * fails (a 409, a 5xx past the client's own retries, the API server away), the error status
     * and the retry start from it, not from the older status the cache still holds, which would
     * have the retry recycle again.
     */
    private final Map<String, ExchangeSslOffloadStatus> unwrittenStatus = new ConcurrentHashMap<>();
    private InformerEventSource<Secret, ExchangeSslOffload> secrets;

    public ExchangeSslOffloadReconciler(CasConnector connector, ExecutorService serverExecutor, Clock clock,
                                        Duration driftInterval, OperatorMetrics metrics) {
        this.reconciliation = new OffloadReconciliation(connector, serverExecutor, driftInterval);
        this.restore = new RestoreReconciliation(connector, serverExecutor);
        this.metrics = metrics;
        this.clock = clock;
    }

    private record RestoreAttempts(int failures, String lastReported) {
    }

    @Override
    public List<EventSource<?, ExchangeSslOffload>> prepareEventSources(EventSourceContext<ExchangeSslOffload> context) {
        // A Secret change (rotated password, new CA) triggers every resource in its namespace that names it.
        var configuration = InformerEventSourceConfiguration.from(Secret.class, ExchangeSslOffload.class)
                .withSecondaryToPrimaryMapper((Secret secret) -> context.getPrimaryCache()
                        .list(secret.getMetadata().getNamespace())
                        .filter(resource -> referencedSecrets(resource).contains(secret.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        secrets = new InformerEventSource<>(configuration, context);
        return List.of(secrets);
    }

    @Override
    public UpdateControl<ExchangeSslOffload> reconcile(ExchangeSslOffload resource, Context<ExchangeSslOffload> context) {
        String uid = resource.getMetadata().getUid();
        ExchangeSslOffloadStatus stored = resource.getStatus();
        Optional.ofNullable(unwrittenStatus.get(uid)).ifPresent(resource::setStatus);
        ExchangeSslOffloadStatus previous = resource.getStatus();
        Instant now = clock.instant();
        if (previous == null) {
            writeStatusNow(resource, StatusBuilder.firstSeen(resource.getMetadata().getGeneration(), now), context);
        }
        OffloadReconciliation.Result result = reconciliation.reconcile(resource, secretsOf(resource),
                ServerRecords.onCluster(context.getClient(), resource), context.getPrimaryCache().list().toList(),
                Optional.empty(), now);
        List<ServerAction> events = new ArrayList<>(result.actions());
        events.addAll(TransitionEvents.between(previous, result.status()));
        events.forEach(event -> EventRecorder.record(context.getClient(), resource, event, now));
        metrics.observed(previous, events, now);
        metrics.status(key(resource), result.status());
        metrics.reconciled(readiness(result.status()));
        // Compared with what the API server holds, not with an unwritten status: that one is yet to be written.
        if (StatusBuilder.changed(stored, result.status())) {
            // The status holds progress that must not repeat (Outlook Anywhere set, pool recycled): the
            // patched resource goes into the informer cache at once, so that a reconcile triggered
            // before the watch delivers our own patch starts from it, not from the stale copy.
            unwrittenStatus.put(uid, result.status());
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, statusOnly(resource, result.status()), context);
        }
        unwrittenStatus.remove(uid);
        // An unchanged world writes nothing: no status churn, no watch events, no storms.
        UpdateControl<ExchangeSslOffload> control = UpdateControl.noUpdate();
        result.nextCheck().ifPresent(control::rescheduleAfter);
        return control;
    }

    /**
     * An exception no reconcile step expected (a bug, the API server refusing the patch): the status
     * says so, and JOSDK retries with backoff, instead of leaving the last status standing while
     * it fails silently.
     */
    @Override
    public ErrorStatusUpdateControl<ExchangeSslOffload> updateErrorStatus(ExchangeSslOffload resource,
                                                                         Context<ExchangeSslOffload> context, Exception e) {
        if (ReconcileInterrupted.in(e)) {
            // The operator is stopping: the status stays as the last finished reconcile left it.
            LOG.info("{}/{}: {}", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        if (ServerRecords.unavailable(e)) {
            // The API server is away: nothing was changed and nothing is known of the servers; the status
            // stays as the last finished reconcile left it while JOSDK retries with backoff.
            LOG.warn("{}/{}: {}; retrying", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        LOG.warn("{}/{}: reconcile failed", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e);
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
        String message = "the reconcile failed unexpectedly (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"
                + (lastAttempt ? "; retries are exhausted: the next change to the resource or its Secrets tries again"
                : "; retrying with backoff");
        ExchangeSslOffloadStatus known = unwrittenStatus.getOrDefault(resource.getMetadata().getUid(), resource.getStatus());
        resource.setStatus(StatusBuilder.blocked(known, generation, new Blocker("ReconcileError", message), clock.instant()));
        // Stalled now: counted for the ResourceStalled alert like a resource refused by its spec
        metrics.status(key(resource), resource.getStatus());
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    @Override
    public DeleteControl cleanup(ExchangeSslOffload resource, Context<ExchangeSslOffload> context) {
        Instant now = clock.instant();
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
        RestoreReconciliation.Result result = restore.restore(resource, secretsOf(resource),
                ServerRecords.onCluster(context.getClient(), resource));
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
        ExchangeSslOffloadStatus status = StatusBuilder.restoring(resource.getStatus(),
                Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L), problems, now);
        if (StatusBuilder.changed(resource.getStatus(), status)) {
            writeStatusNow(resource, status, context);
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(restoreBackoff(before.failures()));
    }

    /** 10 s, 20 s, 40 s ... up to 5 minutes. */
    static Duration restoreBackoff(int failuresBefore) {
        Duration delay = FIRST_RESTORE_RETRY.multipliedBy(1L << Math.min(failuresBefore, 10));
        return delay.compareTo(MAX_RESTORE_RETRY) > 0 ? MAX_RESTORE_RETRY : delay;
    }

    private DeleteControl letGo(ExchangeSslOffload resource) {
        restoreAttempts.remove(resource.getMetadata().getUid());
        unwrittenStatus.remove(resource.getMetadata().getUid());
        metrics.forget(key(resource));
        metrics.reconciled("Deleted");
        return DeleteControl.defaultDelete();
    }

    private Function<String, Optional<Secret>> secretsOf(ExchangeSslOffload resource) {
        String namespace = resource.getMetadata().getNamespace();
        return name -> secrets.get(new ResourceID(name, namespace));
    }

    private static String key(ExchangeSslOffload resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private static String readiness(ExchangeSslOffloadStatus status) {
        return status.getConditions().stream().filter(c -> StatusBuilder.READY.equals(c.getType())).findFirst()
                .map(c -> "True".equals(c.getStatus()) ? "Ready" : "NotReady").orElse("NotReady");
    }

    /** The resource's identity and a status, nothing else: what a server-side apply of the status sends. */
    private static ExchangeSslOffload statusOnly(ExchangeSslOffload resource, ExchangeSslOffloadStatus status) {
        ExchangeSslOffload statusOnly = new ExchangeSslOffload();
        statusOnly.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        statusOnly.setStatus(status);
        return statusOnly;
    }

    /** A status patch ahead of the reconcile's own (same field manager), for what must be seen before servers answer. */
    private static void writeStatusNow(ExchangeSslOffload resource, ExchangeSslOffloadStatus status,
                                       Context<ExchangeSslOffload> context) {
        ExchangeSslOffload statusOnly = statusOnly(resource, status);
        context.getClient().resource(statusOnly).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(context.getControllerConfiguration().fieldManager())
                .withForce(true).build(), statusOnly);
    }

    private static Set<String> referencedSecrets(ExchangeSslOffload resource) {
        WinRmSpec winrm = resource.getSpec() == null ? null : resource.getSpec().getWinrm();
        if (winrm == null) {
            return Set.of();
        }
        return Stream.of(winrm.getCredentialsSecretRef() == null ? null : winrm.getCredentialsSecretRef().getName(),
                        winrm.getCaSecretRef() == null ? null : winrm.getCaSecretRef().getName())
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
