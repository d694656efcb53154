package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.status.StatusBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The thin JOSDK controller: runs an {@link OffloadReconciliation} with Secrets from the informer
 * cache, records what it changed and what changed state as Events and metrics, has the
 * {@link StatusWriter} write the status, and comes back when the reconciliation asks — at the
 * propagation poll interval while Outlook Anywhere is on its way, else at the drift interval. A
 * deletion is the {@link ResourceDeletion}'s.
 */
@ControllerConfiguration(name = "exchangessloffload")
public class ExchangeSslOffloadReconciler implements Reconciler<ExchangeSslOffload>, Cleaner<ExchangeSslOffload> {

    private final OffloadReconciliation reconciliation;
    private final StatusWriter statusWriter = new StatusWriter();
    private final ResourceDeletion deletion;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private InformerEventSource<Secret, ExchangeSslOffload> secrets;

    public ExchangeSslOffloadReconciler(CasConnector connector, ExecutorService serverExecutor, Clock clock,
                                        Duration driftInterval, OperatorMetrics metrics) {
        this.reconciliation = new OffloadReconciliation(connector, serverExecutor, driftInterval);
        this.deletion = new ResourceDeletion(new RestoreReconciliation(connector, serverExecutor), statusWriter, metrics);
        this.metrics = metrics;
        this.clock = clock;
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
        Instant now = clock.instant();
        StatusWriter.Baseline baseline = statusWriter.begin(resource, context, now);
        OffloadReconciliation.Result result = reconciliation.reconcile(resource, secretsOf(resource),
                ServerRecords.onCluster(context.getClient(), resource), context.getPrimaryCache().list().toList(),
                Optional.empty(), now);
        report(resource, baseline.previous(), result, context, now);
        UpdateControl<ExchangeSslOffload> control = statusWriter.finish(resource, baseline, result.status(), context);
        result.nextCheck().ifPresent(control::rescheduleAfter);
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<ExchangeSslOffload> updateErrorStatus(ExchangeSslOffload resource,
                                                                         Context<ExchangeSslOffload> context, Exception e) {
        ErrorStatusUpdateControl<ExchangeSslOffload> control = statusWriter.afterFailure(resource, context, e, clock.instant());
        // Stalled now: counted for the ResourceStalled alert like a resource refused by its spec
        control.getResource().ifPresent(failed -> metrics.status(OperatorMetrics.key(failed), failed.getStatus()));
        return control;
    }

    @Override
    public DeleteControl cleanup(ExchangeSslOffload resource, Context<ExchangeSslOffload> context) {
        return deletion.cleanup(resource, secretsOf(resource), context, clock.instant());
    }

    /** What the reconcile changed and what changed state, as Events and metrics. */
    private void report(ExchangeSslOffload resource, ExchangeSslOffloadStatus previous, OffloadReconciliation.Result result,
                        Context<ExchangeSslOffload> context, Instant now) {
        List<ServerAction> events = new ArrayList<>(result.actions());
        events.addAll(TransitionEvents.between(previous, result.status()));
        events.forEach(event -> EventRecorder.record(context.getClient(), resource, event, now));
        metrics.observed(previous, events, now);
        metrics.status(OperatorMetrics.key(resource), result.status());
        metrics.reconciled(readiness(result.status()));
    }

    private Function<String, Optional<Secret>> secretsOf(ExchangeSslOffload resource) {
        String namespace = resource.getMetadata().getNamespace();
        return name -> secrets.get(new ResourceID(name, namespace));
    }

    private static String readiness(ExchangeSslOffloadStatus status) {
        return status.getConditions().stream().filter(c -> StatusBuilder.READY.equals(c.getType())).findFirst()
                .map(c -> "True".equals(c.getStatus()) ? "Ready" : "NotReady").orElse("NotReady");
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
