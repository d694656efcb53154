package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.StatusBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes resource status to the API server, and decides when: at once for what must be seen before
 * any server answers (a resource first seen, a deletion waiting on a restore); after a reconcile
 * only when its status changed; after a failure only when status can say something true about it.
 * Every write is a server-side apply of the status alone, under the controller's field manager.
 */
final class StatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    /**
     * Per resource uid: the status of a reconcile that the API server has not taken. It holds
     * progress that must not repeat (Outlook Anywhere set, Rpc's pool recycled): when its patch
     * fails (a 409, a 5xx past the client's own retries, the API server away), the error status
     * and the retry start from it, not from the older status the cache still holds, which would
     * have the retry recycle again.
     */
    private final Map<String, ExchangeSslOffloadStatus> unwritten = new ConcurrentHashMap<>();

    /**
     * @param stored   the status as the API server holds it
     * @param previous the status the reconcile starts from: an unwritten one, when a write failed
     */
    record Baseline(ExchangeSslOffloadStatus stored, ExchangeSslOffloadStatus previous) {
    }

    /**
     * Readies a resource for its reconcile, which reads the status it starts from in the resource:
     * puts back a status the API server has not taken, and writes a first status at once for a
     * resource that has none.
     */
    Baseline begin(ExchangeSslOffload resource, Context<ExchangeSslOffload> context, Instant now) {
        ExchangeSslOffloadStatus stored = resource.getStatus();
        Optional.ofNullable(unwritten.get(resource.getMetadata().getUid())).ifPresent(resource::setStatus);
        ExchangeSslOffloadStatus previous = resource.getStatus();
        if (previous == null) {
            writeNow(resource, new StatusBuilder(null, resource.getMetadata().getGeneration(), now).firstSeen().build(), context);
        }
        return new Baseline(stored, previous);
    }

    /**
     * Writes a reconcile's status if it differs from what the API server holds; the reconcile's own
     * control then has nothing left to write.
     */
    UpdateControl<ExchangeSslOffload> finish(ExchangeSslOffload resource, Baseline baseline, ExchangeSslOffloadStatus status,
                                             Context<ExchangeSslOffload> context) {
        String uid = resource.getMetadata().getUid();
        // Compared with what the API server holds, not with an unwritten status: that one is yet to be written.
        if (StatusBuilder.changed(baseline.stored(), status)) {
            // The status holds progress that must not repeat (Outlook Anywhere set, pool recycled): the
            // patched resource goes into the informer cache at once, so that a reconcile triggered
            // before the watch delivers our own patch starts from it, not from the stale copy.
            unwritten.put(uid, status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, statusOnly(resource, status), context);
        }
        unwritten.remove(uid);
        // An unchanged world writes nothing: no status churn, no watch events, no storms.
        return UpdateControl.noUpdate();
    }

    /**
     * An exception no reconcile step expected (a bug, the API server refusing the patch): the status
     * says so, and JOSDK retries with backoff, instead of leaving the last status standing while
     * it fails silently. A stopping operator and an API server out of reach write nothing.
     */
    ErrorStatusUpdateControl<ExchangeSslOffload> afterFailure(ExchangeSslOffload resource, Context<ExchangeSslOffload> context,
                                                              Exception e, Instant now) {
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
        ExchangeSslOffloadStatus known = unwritten.getOrDefault(resource.getMetadata().getUid(), resource.getStatus());
        resource.setStatus(StatusBuilder.blocked(known, generation, Blocker.reconcileError(e, lastAttempt), now));
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /** Writes at once, if it differs from the resource's: for a deletion, whose control cannot carry a status. */
    void writeNowIfChanged(ExchangeSslOffload resource, ExchangeSslOffloadStatus status, Context<ExchangeSslOffload> context) {
        if (StatusBuilder.changed(resource.getStatus(), status)) {
            writeNow(resource, status, context);
        }
    }

    /** The resource is gone: nothing of it is left to write. */
    void forget(ExchangeSslOffload resource) {
        unwritten.remove(resource.getMetadata().getUid());
    }

    /** A status patch ahead of the reconcile's own (same field manager), for what must be seen before servers answer. */
    private static void writeNow(ExchangeSslOffload resource, ExchangeSslOffloadStatus status, Context<ExchangeSslOffload> context) {
        ExchangeSslOffload statusOnly = statusOnly(resource, status);
        context.getClient().resource(statusOnly).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(context.getControllerConfiguration().fieldManager())
                .withForce(true).build(), statusOnly);
    }

    /** The resource's identity and a status, nothing else: what a server-side apply of the status sends. */
    private static ExchangeSslOffload statusOnly(ExchangeSslOffload resource, ExchangeSslOffloadStatus status) {
        ExchangeSslOffload statusOnly = new ExchangeSslOffload();
        statusOnly.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        statusOnly.setStatus(status);
        return statusOnly;
    }
}
