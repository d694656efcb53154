package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
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
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.ServerOutcome;
import io.ssloffload.operator.status.StatusBuilder;
import io.ssloffload.operator.validation.SpecProblem;
import io.ssloffload.operator.validation.SpecValidator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The thin JOSDK controller: validate, resolve Secrets, hand the servers to the fleet reconciler,
 * build status with the pure builder, write it only when it changed, and come back later — at the
 * propagation poll interval while Outlook Anywhere is on its way, else at the drift interval.
 */
@ControllerConfiguration(name = "exchangessloffload")
public class ExchangeSslOffloadReconciler implements Reconciler<ExchangeSslOffload> {

    private final FleetReconciler fleet;
    private final Clock clock;
    private final Duration driftInterval;
    private InformerEventSource<Secret, ExchangeSslOffload> secrets;

    public ExchangeSslOffloadReconciler(CasConnector connector, ExecutorService serverExecutor, Clock clock,
                                        Duration driftInterval) {
        this.fleet = new FleetReconciler(connector, serverExecutor);
        this.clock = clock;
        this.driftInterval = driftInterval;
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
        ExchangeSslOffloadStatus previous = resource.getStatus();
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        ExchangeSslOffloadSpec spec = resource.getSpec();

        List<SpecProblem> problems = spec == null ? List.of(new SpecProblem("spec", "required")) : SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            // Nothing to retry: the next spec change triggers a reconcile.
            return write(resource, previous, StatusBuilder.blocked(previous, generation, Blocker.invalidSpec(problems), now),
                    Optional.empty());
        }
        String namespace = resource.getMetadata().getNamespace();
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(spec,
                name -> secrets.get(new ResourceID(name, namespace)));
        if (resolution instanceof EndpointResolver.Blocked blocked) {
            return write(resource, previous, StatusBuilder.blocked(previous, generation, blocked.blocker(), now),
                    Optional.empty());
        }
        DesiredOffload desired = SpecValidator.desiredOffload(spec);
        List<ServerReconciler.Result> results = fleet.reconcile(((EndpointResolver.Resolved) resolution).endpoints(),
                desired, server -> progress(previous, server), now);

        List<ServerOutcome> outcomes = results.stream().map(ServerReconciler.Result::outcome).toList();
        ExchangeSslOffloadStatus next = StatusBuilder.build(previous, generation, outcomes, now);
        return write(resource, previous, next, Optional.of(nextCheck(results, desired)));
    }

    /** The earliest of: a server's propagation poll, a retry for an unreached server, the drift interval. */
    private Duration nextCheck(List<ServerReconciler.Result> results, DesiredOffload desired) {
        Stream<Duration> polls = results.stream().flatMap(r -> r.nextCheck().stream());
        Stream<Duration> retries = results.stream()
                .filter(r -> r.outcome() instanceof ServerOutcome.Unreached unreached && !unreached.stalls())
                .map(r -> desired.pollInterval());
        return Stream.concat(Stream.concat(polls, retries), Stream.of(driftInterval))
                .min(Comparator.naturalOrder()).orElse(driftInterval);
    }

    private static UpdateControl<ExchangeSslOffload> write(ExchangeSslOffload resource, ExchangeSslOffloadStatus previous,
                                                           ExchangeSslOffloadStatus next, Optional<Duration> reschedule) {
        UpdateControl<ExchangeSslOffload> control;
        if (StatusBuilder.changed(previous, next)) {
            resource.setStatus(next);
            control = UpdateControl.patchStatus(resource);
        } else {
            control = UpdateControl.noUpdate();
        }
        reschedule.ifPresent(after -> control.rescheduleAfter(after));
        return control;
    }

    private static OutlookAnywhereProgress progress(ExchangeSslOffloadStatus previous, String server) {
        if (previous == null || previous.getServers() == null) {
            return OutlookAnywhereProgress.NONE;
        }
        return previous.getServers().stream()
                .filter(s -> server.equals(s.getName()))
                .map(ServerStatus::getOutlookAnywhere)
                .filter(Objects::nonNull)
                .map(OutlookAnywhereProgress::fromStatus)
                .findFirst()
                .orElse(OutlookAnywhereProgress.NONE);
    }

    private static Set<String> referencedSecrets(ExchangeSslOffload resource) {
        WinRmSpec winrm = resource.getSpec() == null ? null : resource.getSpec().getWinrm();
        if (winrm == null) {
            return Set.of();
        }
        return Stream.of(winrm.getCredentialsSecretRef(), winrm.getCaSecretRef())
                .filter(Objects::nonNull)
                .map(ref -> ref.getName())
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
