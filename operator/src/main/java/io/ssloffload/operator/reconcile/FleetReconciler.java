package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Rollout;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.status.ServerOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Reconciles every server of a resource in parallel, with a bound shared by all resources, so
 * that one slow or unreachable server never holds back the others. Observation is always
 * parallel; changes are rolled ({@link Rollout}) or held back as the {@link ChangePolicy} says.
 */
final class FleetReconciler {

    /** Observe, read AD, apply IIS, set AD, verify: the most commands one server reconcile runs */
    private static final int MAX_COMMANDS_PER_SERVER = 6;

    private final ServerReconciler servers;
    private final ExecutorService executor;

    FleetReconciler(CasConnector connector, ExecutorService executor) {
        this.servers = new ServerReconciler(connector);
        this.executor = executor;
    }

    /** Results in the order of {@code endpoints}; every server may change at once. */
    List<ServerReconciler.Result> reconcile(List<ServerEndpoint> endpoints, DesiredOffload desired,
                                            Function<String, OutlookAnywhereProgress> progress,
                                            FirstObservedStore firstObserved, Instant now) {
        return reconcile(endpoints, desired, progress, firstObserved, now, ChangePolicy.unbounded()).results();
    }

    /** The servers' results in the order of the endpoints, and the rollout's line for status (or null). */
    record FleetResult(List<ServerReconciler.Result> results, String rollout) {
    }

    /**
     * Observes and plans every server in parallel; then changes those the policy admits, in
     * parallel, and reports for the others what would change.
     */
    FleetResult reconcile(List<ServerEndpoint> endpoints, DesiredOffload desired,
                          Function<String, OutlookAnywhereProgress> progress, FirstObservedStore firstObserved,
                          Instant now, ChangePolicy policy) {
        List<Running<ServerReconciler.Planned>> observing = new ArrayList<>();
        for (ServerEndpoint endpoint : endpoints) {
            observing.add(start(() -> servers.observe(endpoint, desired, progress.apply(endpoint.serverName()), firstObserved, now,
                    policy.hold().isEmpty())));
        }
        List<Object> observed = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            ServerEndpoint endpoint = endpoints.get(i);
            observed.add(await(observing.get(i), endpoint, desired, planned -> planned));
        }
        Rollout.Decision decision = decide(endpoints, observed, policy);

        List<Object> finished = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            if (observed.get(i) instanceof ServerReconciler.Planned planned) {
                if (policy.hold().isPresent()) {
                    ChangePolicy.Hold hold = policy.hold().get();
                    finished.add(ServerReconciler.hold(planned, hold.reason(), hold.why(), planned.plan().nextCheck()));
                } else if (planned.pending().isEmpty() || decision.admits(endpoints.get(i).serverName())) {
                    finished.add(start(() -> servers.apply(planned, desired, policy.restartServiceHost(), now)));
                } else {
                    finished.add(ServerReconciler.hold(planned, ProtocolState.Reason.WaitingForRollout,
                            "waiting for the rollout (" + decision.summary() + ")", Optional.of(desired.pollInterval())));
                }
            } else {
                finished.add(observed.get(i));
            }
        }
        List<ServerReconciler.Result> results = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Object step = finished.get(i);
            if (step instanceof Running<?> running) {
                @SuppressWarnings("unchecked")
                Running<ServerReconciler.Result> applying = (Running<ServerReconciler.Result>) running;
                results.add((ServerReconciler.Result) await(applying, endpoints.get(i), desired, result -> result));
            } else {
                results.add((ServerReconciler.Result) step);
            }
        }
        return new FleetResult(results, policy.hold().isPresent() ? null : decision.summary());
    }

    private static Rollout.Decision decide(List<ServerEndpoint> endpoints, List<Object> observed, ChangePolicy policy) {
        List<Rollout.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String name = endpoints.get(i).serverName();
            String before = policy.disturbedBefore().apply(name);
            if (observed.get(i) instanceof ServerReconciler.Planned planned) {
                String now = disturbedNow(planned);
                candidates.add(new Rollout.Candidate(name, !planned.pending().isEmpty(), now != null || before != null,
                        now != null ? now : before));
            } else {
                ServerOutcome.Unreached unreached = (ServerOutcome.Unreached) ((ServerReconciler.Result) observed.get(i)).outcome();
                candidates.add(new Rollout.Candidate(name, false, true, unreached.reason()));
            }
        }
        return Rollout.decide(candidates, policy.maxUnavailable());
    }

    /** Why a server is disturbed by what was found: a change of ours still on its way to a recycle; else null. */
    private static String disturbedNow(ServerReconciler.Planned planned) {
        return planned.progress().inFlight()
                ? Optional.ofNullable(planned.plan().protocolStates().get(Protocol.OUTLOOK_ANYWHERE))
                        .map(state -> "outlookAnywhere " + state.reason()).orElse("outlookAnywhere in flight")
                : null;
    }

    private <T> Running<T> start(Callable<T> work) {
        CompletableFuture<Instant> started = new CompletableFuture<>();
        Future<T> result = executor.submit(() -> {
            started.complete(Instant.now());
            T value = work.call();
            if (Thread.currentThread().isInterrupted() && value instanceof AutoCloseable open) {
                // given up on by await: nobody else will close it
                open.close();
            }
            return value;
        });
        return new Running<>(started, result);
    }

    /** A server's step: when a pool thread took it up, and its result. */
    private record Running<T>(CompletableFuture<Instant> started, Future<T> result) {
    }

    /** The step's value, or a failed server's result when it threw or overran its bound. */
    private static <T> Object await(Running<T> running, ServerEndpoint endpoint, DesiredOffload desired,
                                    Function<T, Object> value) {
        // Each command has its own deadline; this bound only catches a server stuck between them. It
        // counts from when the server's work started, not from when it was queued behind others'.
        Duration bound = endpoint.commandDeadline().multipliedBy(MAX_COMMANDS_PER_SERVER + 1);
        Future<T> result = running.result();
        try {
            Duration sinceStart = Duration.between(running.started().get(), Instant.now());
            return value.apply(result.get(bound.minus(sinceStart).toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            result.cancel(true);
            return failed(endpoint, desired, CasException.Kind.TIMEOUT,
                    endpoint.serverName() + ": reconcile did not finish within " + bound.toSeconds() + "s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CasException cas) {
                return ServerReconciler.unreached(endpoint, desired, cas);
            }
            return failed(endpoint, desired, CasException.Kind.REMOTE_ERROR,
                    endpoint.serverName() + ": " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            // Stopping, not a server's failure: a result saying "unreachable" would reach the status.
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new ReconcileInterrupted(endpoint.serverName(), e);
        }
    }

    private static ServerReconciler.Result failed(ServerEndpoint endpoint, DesiredOffload desired,
                                                  CasException.Kind kind, String message) {
        return new ServerReconciler.Result(new ServerOutcome.Unreached(endpoint.serverName(), kind, message,
                desired.reportedProtocols()), Optional.empty(), List.of());
    }
}
