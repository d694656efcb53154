package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.CoexistenceRoutes;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.api.v1alpha1.ManagementPolicy;
import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Rollout;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.ServerOutcome;
import io.ssloffload.operator.status.StatusBuilder;
import io.ssloffload.operator.validation.SpecProblem;
import io.ssloffload.operator.validation.SpecValidator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
    private final RestoreReconciliation restore;
    private final Duration driftInterval;
    private final LoadBalancerView loadBalancerView;

    public OffloadReconciliation(CasConnector connector, ExecutorService serverExecutor, Duration driftInterval) {
        this.fleet = new FleetReconciler(connector, serverExecutor);
        this.restore = new RestoreReconciliation(connector, serverExecutor);
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
     * With what is kept of each server in the resource object's annotations, in memory (the CLI, tests).
     *
     * @param secrets a Secret of the resource's namespace by name
     */
    public Result reconcile(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets, Instant now) {
        return reconcile(resource, secrets, ServerRecords.inResource(resource), List.of(), Optional.empty(), now);
    }

    /**
     * Why the resource cannot be worked on, found without contacting any server: its spec, its
     * Secrets, a server another resource holds. The same checks, in the same order, as a reconcile
     * makes first; the CLI makes them for every resource of a file before changing anything.
     *
     * @param others every resource there is (the resource itself may be among them)
     */
    public static Optional<Blocker> preflight(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets,
                                              Collection<ExchangeSslOffload> others) {
        ExchangeSslOffloadSpec spec = resource.getSpec();
        List<SpecProblem> problems = spec == null ? List.of(new SpecProblem("spec", "required")) : SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            return Optional.of(Blocker.invalidSpec(problems));
        }
        // The resource's own problems (spec, then Secret) come before a claim: its owner can fix them whoever holds its servers.
        if (EndpointResolver.resolve(spec, secrets) instanceof EndpointResolver.Blocked blocked) {
            return Optional.of(blocked.blocker());
        }
        return ServerClaims.heldByAnother(resource, others).map(claim -> new Blocker("ServerClaimed",
                "server %s is also named by %s, which holds it (created earlier); nothing is changed here until it is released"
                        .formatted(claim.server(), claim.holder())));
    }

    /**
     * @param records    what is kept of each server: first observed (for an undo on delete), in flight
     * @param others     every resource the operator sees (the resource itself may be among them), for
     *                   {@link ServerClaims}
     * @param forcedHold when present, nothing is changed whatever the resource says (the plan command)
     */
    public Result reconcile(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets,
                            ServerRecords records, Collection<ExchangeSslOffload> others,
                            Optional<ChangePolicy.Hold> forcedHold, Instant now) {
        ExchangeSslOffloadStatus previous = resource.getStatus();
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        ExchangeSslOffloadSpec spec = resource.getSpec();

        Optional<Blocker> blocker = preflight(resource, secrets, others);
        if (blocker.isPresent()) {
            // Come back at the poll interval for a claim: the holder's deletion is no event of ours.
            Optional<Duration> next = blocker.get().reason().equals("ServerClaimed")
                    ? Optional.of(SpecValidator.desiredOffload(spec).pollInterval()) : Optional.empty();
            return new Result(new StatusBuilder(previous, generation, now).blocked(blocker.get()).build(), next, List.of());
        }
        DesiredOffload desired = SpecValidator.desiredOffload(spec);
        List<ServerEndpoint> endpoints = ((EndpointResolver.Resolved) EndpointResolver.resolve(spec, secrets)).endpoints();
        records.load();
        Optional<ChangePolicy.Hold> hold = forcedHold.or(() -> hold(resource));
        ChangePolicy policy = new ChangePolicy(hold,
                Rollout.maxUnavailable(spec.getRollout() == null ? null : spec.getRollout().getMaxUnavailable(), endpoints.size()),
                propagationStrategy(spec) == PropagationStrategy.RestartServiceHost);
        FleetReconciler.FleetResult fleetResult = fleet.reconcile(endpoints, desired, server -> progress(previous, server),
                records, now, policy);
        List<ServerReconciler.Result> results = fleetResult.results();
        List<ServerOutcome> outcomes = results.stream().map(ServerReconciler.Result::outcome).toList();
        List<ServerAction> actions = new ArrayList<>(results.stream().flatMap(r -> r.actions().stream()).toList());
        boolean leftBehind = hold.isEmpty() && releaseServersLeftBehind(spec, secrets, records, actions);
        ExchangeSslOffloadStatus status = new StatusBuilder(previous, generation, now)
                .servers(outcomes)
                .rollout(fleetResult.rollout())
                .propagationStrategy(desired.outlookAnywhere().isPresent() ? propagationStrategy(spec).name() : null)
                .healthChecks(loadBalancerView.probe(spec.getServers(), outcomes))
                .coexistence(CoexistenceRoutes.status(spec.getCoexistence()))
                .build();
        Duration next = nextCheck(results, desired);
        return new Result(status, Optional.of(leftBehind && next.compareTo(desired.pollInterval()) > 0 ? desired.pollInterval() : next),
                actions);
    }

    /**
     * Servers the operator changed that have left spec.servers: with {@code deletionPolicy: Restore}
     * put back as first observed, then forgotten; otherwise forgotten at once.
     *
     * @return whether one is still to be put back (it is tried again at the poll interval)
     */
    private boolean releaseServersLeftBehind(ExchangeSslOffloadSpec spec, Function<String, Optional<Secret>> secrets,
                                             ServerRecords records, List<ServerAction> actions) {
        Set<String> inSpec = spec.getServers().stream().map(s -> s.getName().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<ServerSpec> left = records.changedServers().stream()
                .filter(server -> !inSpec.contains(server.getName().toLowerCase(Locale.ROOT))).toList();
        if (left.isEmpty()) {
            return false;
        }
        if (spec.getDeletionPolicy() != DeletionPolicy.Restore) {
            left.forEach(server -> records.forget(server.getName()));
            return false;
        }
        RestoreReconciliation.Result restored = restore.restore(spec, left, secrets, records);
        actions.addAll(restored.actions());
        restored.restored().forEach(records::forget);
        restored.failures().forEach(failure -> actions.add(new ServerAction(EventReason.RestoreFailed,
                "a server removed from spec.servers (deletionPolicy Restore) could not be put back yet: " + failure)));
        return !restored.done();
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
