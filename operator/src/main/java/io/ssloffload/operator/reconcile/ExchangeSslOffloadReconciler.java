package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The thin JOSDK controller: runs an {@link OffloadReconciliation} with Secrets from the informer
 * cache, records what it changed as Events, writes status only when it changed, and comes back
 * when the reconciliation asks — at the
 * propagation poll interval while Outlook Anywhere is on its way, else at the drift interval.
 */
@ControllerConfiguration(name = "exchangessloffload")
public class ExchangeSslOffloadReconciler implements Reconciler<ExchangeSslOffload> {

    private final OffloadReconciliation reconciliation;
    private final Clock clock;
    private InformerEventSource<Secret, ExchangeSslOffload> secrets;

    public ExchangeSslOffloadReconciler(CasConnector connector, ExecutorService serverExecutor, Clock clock,
                                        Duration driftInterval) {
        this.reconciliation = new OffloadReconciliation(connector, serverExecutor, driftInterval);
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
        String namespace = resource.getMetadata().getNamespace();
        ExchangeSslOffloadStatus previous = resource.getStatus();
        Instant now = clock.instant();
        if (previous == null) {
            writeStatusNow(resource, StatusBuilder.firstSeen(resource.getMetadata().getGeneration(), now), context);
        }
        OffloadReconciliation.Result result = reconciliation.reconcile(resource,
                name -> secrets.get(new ResourceID(name, namespace)), now);
        result.actions().forEach(action -> EventRecorder.record(context.getClient(), resource, action, now));
        UpdateControl<ExchangeSslOffload> control;
        if (StatusBuilder.changed(previous, result.status())) {
            resource.setStatus(result.status());
            control = UpdateControl.patchStatus(resource);
        } else {
            // An unchanged world writes nothing: no status churn, no watch events, no storms.
            control = UpdateControl.noUpdate();
        }
        result.nextCheck().ifPresent(control::rescheduleAfter);
        return control;
    }

    /** A status patch ahead of the reconcile's own (same field manager), for what must be seen before servers answer. */
    private static void writeStatusNow(ExchangeSslOffload resource, ExchangeSslOffloadStatus status,
                                       Context<ExchangeSslOffload> context) {
        ExchangeSslOffload statusOnly = new ExchangeSslOffload();
        statusOnly.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        statusOnly.setStatus(status);
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
