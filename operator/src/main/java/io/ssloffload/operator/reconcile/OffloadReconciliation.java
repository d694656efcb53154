package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.CoexistenceRoutes;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.api.v1alpha1.ManagementPolicy;
import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Rollout;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.status.Divergence;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.HealthCheckConditions;
import io.ssloffload.operator.status.ServerOutcome;
import io.ssloffload.operator.status.StatusBuilder;
import io.ssloffload.operator.validation.SpecProblem;
import io.ssloffload.operator.validation.SpecValidator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    /** The annotation that holds back every change on the resource's servers while it is "true". */
    public static final String PAUSED_ANNOTATION = "ssloffload.io/paused";

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
        return reconcile(resource, secrets, firstObserved, List.of(), Optional.empty(), now);
    }

    /**
     * @param others     every resource the operator sees (the resource itself may be among them), for
     *                   {@link ServerClaims}
     * @param forcedHold when present, nothing is changed whatever the resource says (the plan command)
     */
    public Result reconcile(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets,
                            FirstObservedStore firstObserved, Collection<ExchangeSslOffload> others,
                            Optional<ChangePolicy.Hold> forcedHold, Instant now) {
        ExchangeSslOffloadStatus previous = resource.getStatus();
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        ExchangeSslOffloadSpec spec = resource.getSpec();

        List<SpecProblem> problems = spec == null ? List.of(new SpecProblem("spec", "required")) : SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            return new Result(StatusBuilder.blocked(previous, generation, Blocker.invalidSpec(problems), now), Optional.empty(),
                    List.of());
        }
        // The resource's own problems (spec, then Secret) come before a claim: its owner can fix them whoever holds its servers.
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(spec, secrets);
        if (resolution instanceof EndpointResolver.Blocked blocked) {
            return new Result(StatusBuilder.blocked(previous, generation, blocked.blocker(), now), Optional.empty(), List.of());
        }
        Optional<ServerClaims.Claim> claim = ServerClaims.heldByAnother(resource, others);
        if (claim.isPresent()) {
            // Come back at the poll interval: the holder's deletion is no event of ours.
            return new Result(StatusBuilder.blocked(previous, generation, new Blocker("ServerClaimed",
                    "server %s is also named by %s, which holds it (created earlier); nothing is changed here until it is released"
                            .formatted(claim.get().server(), claim.get().holder())), now),
                    Optional.of(SpecValidator.desiredOffload(spec).pollInterval()), List.of());
        }
        DesiredOffload desired = SpecValidator.desiredOffload(spec);
        List<ServerEndpoint> endpoints = ((EndpointResolver.Resolved) resolution).endpoints();
        ChangePolicy policy = new ChangePolicy(forcedHold.or(() -> hold(resource)),
                Rollout.maxUnavailable(spec.getRollout() == null ? null : spec.getRollout().getMaxUnavailable(), endpoints.size()),
                server -> disturbedBefore(previous, server), propagationStrategy(spec) == PropagationStrategy.RestartServiceHost);
        FleetReconciler.FleetResult fleetResult = fleet.reconcile(endpoints, desired, server -> progress(previous, server),
                firstObserved, now, policy);
        List<ServerReconciler.Result> results = fleetResult.results();
        List<ServerOutcome> outcomes = results.stream().map(ServerReconciler.Result::outcome).toList();
        List<ServerAction> actions = results.stream().flatMap(r -> r.actions().stream()).toList();
        ExchangeSslOffloadStatus status = StatusBuilder.build(previous, generation, outcomes, now);
        status.setRollout(fleetResult.rollout());
        status.setPropagationStrategy(desired.outlookAnywhere().isPresent() ? propagationStrategy(spec).name() : null);
        List<String> divergence = Divergence.of(outcomes);
        status.setDivergence(divergence.isEmpty() ? null : divergence);
        HealthCheckConditions.apply(status, previous, loadBalancerView.probe(spec.getServers(), outcomes), generation, now);
        status.setCoexistence(CoexistenceRoutes.status(spec.getCoexistence()));
        return new Result(status, Optional.of(nextCheck(results, desired)), actions);
    }

    /** Observe-only or paused: the hold the resource asks for, if any. */
    private static Optional<ChangePolicy.Hold> hold(ExchangeSslOffload resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        if (annotations != null && "true".equalsIgnoreCase(Objects.toString(annotations.get(PAUSED_ANNOTATION), "").trim())) {
            return Optional.of(new ChangePolicy.Hold(ProtocolState.Reason.Paused,
                    "paused by the annotation " + PAUSED_ANNOTATION + ": \"true\"; nothing is changed"));
        }
        if (resource.getSpec().getManagementPolicy() == ManagementPolicy.ObserveOnly) {
            return Optional.of(new ChangePolicy.Hold(ProtocolState.Reason.ObserveOnly,
                    "spec.managementPolicy is ObserveOnly; nothing is changed"));
        }
        return Optional.empty();
    }

    private static PropagationStrategy propagationStrategy(ExchangeSslOffloadSpec spec) {
        return spec.getPropagation() == null || spec.getPropagation().getStrategy() == null
                ? PropagationStrategy.Wait : spec.getPropagation().getStrategy();
    }

    /**
     * Why the previous status shows a server disturbed: unreachable, or a protocol neither offloaded
     * nor refused nor merely held back; null when it was settled (or never seen).
     */
    private static String disturbedBefore(ExchangeSslOffloadStatus previous, String server) {
        ServerStatus before = StatusBuilder.previousServer(previous, server);
        if (before == null) {
            return null;
        }
        return before.getConditions().stream()
                .filter(c -> !SETTLED_OR_HELD.contains(c.getReason()))
                .map(c -> c.getType() + " " + c.getReason())
                .findFirst().orElse(null);
    }

    private static final Set<String> SETTLED_OR_HELD = Stream.of(ProtocolState.Reason.Offloaded, ProtocolState.Reason.Refused,
            ProtocolState.Reason.NotPresent, ProtocolState.Reason.ExtendedProtectionEnabled,
            ProtocolState.Reason.WaitingForRollout, ProtocolState.Reason.Paused, ProtocolState.Reason.ObserveOnly)
            .map(Enum::name).collect(Collectors.toSet());

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
