package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.CoexistenceRoutes;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.HealthCheckConditions;
import io.ssloffload.operator.status.ServerOutcome;
import io.ssloffload.operator.status.StatusBuilder;
import io.ssloffload.operator.validation.SpecProblem;
import io.ssloffload.operator.validation.SpecValidator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One reconcile of one resource, free of JOSDK: validate, resolve Secrets, reconcile the servers,
 * build the status. The controller only wires it to the cluster; tests drive it directly.
 */
public final class OffloadReconciliation {

    private final FleetReconciler fleet;
    private final Duration driftInterval;
    private final LoadBalancerView loadBalancerView;

    public OffloadReconciliation(CasConnector connector, ExecutorService serverExecutor, Duration driftInterval) {
        this.fleet = new FleetReconciler(connector, serverExecutor);
        this.driftInterval = driftInterval;
        this.loadBalancerView = new LoadBalancerView(serverExecutor);
    }

    /**
     * @param status     the new status (equal to the previous one when nothing changed)
     * @param nextCheck  when to reconcile again with no event; empty when only a change to the
     *                   resource or its Secrets can help
     * @param actions    what was changed on the servers, in spec order
     */
    public record Result(ExchangeSslOffloadStatus status, Optional<Duration> nextCheck, List<ServerAction> actions) {
    }

    /**
     * With what was first observed kept in the resource object's annotations, in memory (the CLI, tests).
     *
     * @param secrets a Secret of the resource's namespace by name
     */
    public Result reconcile(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets, Instant now) {
        return reconcile(resource, secrets, FirstObservedStore.inResource(resource), now);
    }

    /**
     * @param secrets       a Secret of the resource's namespace by name
     * @param firstObserved where each server's state before any change is recorded, for an undo on delete
     */
    public Result reconcile(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets,
                            FirstObservedStore firstObserved, Instant now) {
        ExchangeSslOffloadStatus previous = resource.getStatus();
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        ExchangeSslOffloadSpec spec = resource.getSpec();

        List<SpecProblem> problems = spec == null ? List.of(new SpecProblem("spec", "required")) : SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            return new Result(StatusBuilder.blocked(previous, generation, Blocker.invalidSpec(problems), now), Optional.empty(),
                    List.of());
        }
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(spec, secrets);
        if (resolution instanceof EndpointResolver.Blocked blocked) {
            return new Result(StatusBuilder.blocked(previous, generation, blocked.blocker(), now), Optional.empty(), List.of());
        }
        DesiredOffload desired = SpecValidator.desiredOffload(spec);
        List<ServerReconciler.Result> results = fleet.reconcile(((EndpointResolver.Resolved) resolution).endpoints(),
                desired, server -> progress(previous, server), firstObserved, now);
        List<ServerOutcome> outcomes = results.stream().map(ServerReconciler.Result::outcome).toList();
        List<ServerAction> actions = results.stream().flatMap(r -> r.actions().stream()).toList();
        ExchangeSslOffloadStatus status = StatusBuilder.build(previous, generation, outcomes, now);
        HealthCheckConditions.apply(status, previous, loadBalancerView.probe(spec.getServers(), outcomes), generation, now);
        status.setCoexistence(CoexistenceRoutes.status(spec.getCoexistence()));
        return new Result(status, Optional.of(nextCheck(results, desired)), actions);
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

    private static OutlookAnywhereProgress progress(ExchangeSslOffloadStatus previous, String server) {
        ServerStatus before = StatusBuilder.previousServer(previous, server);
        return before == null || before.getOutlookAnywhere() == null
                ? OutlookAnywhereProgress.NONE : OutlookAnywhereProgress.fromStatus(before.getOutlookAnywhere());
    }
}
