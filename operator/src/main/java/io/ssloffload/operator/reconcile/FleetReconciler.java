package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.InFlight;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Rollout;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.ServerEndpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Reconciles every server of a resource in parallel ({@link FanOut}), with a bound shared by all
 * resources, so that one slow or unreachable server never holds back the others. Observation is
 * always parallel; changes are rolled ({@link Rollout}) or held back as the {@link ChangePolicy} says.
 */
final class FleetReconciler {

    /**
     * Observe, read AD, apply IIS, set AD, verify, recycle: the most commands one server's step
     * runs; the Service Host's restart counts as {@link ServerReconciler#SERVICE_RESTART_COMMANDS}.
     */
    private static final int MAX_COMMANDS_PER_SERVER = 6 + ServerReconciler.SERVICE_RESTART_COMMANDS;

    private final ServerReconciler servers;
    private final ExecutorService executor;

    FleetReconciler(CasConnector connector, ExecutorService executor) {
        this.servers = new ServerReconciler(connector);
        this.executor = executor;
    }

    /** Results in the order of {@code endpoints}; every server may change at once. */
    List<ServerReconciler.Result> reconcile(List<ServerEndpoint> endpoints, DesiredOffload desired,
                                            Function<String, OutlookAnywhereProgress> progress,
                                            ServerRecords records, Instant now) {
        return reconcile(endpoints, desired, progress, records, now, ChangePolicy.unbounded()).results();
    }

    /** The servers' results in the order of the endpoints, and the rollout's line for status (or null). */
    record FleetResult(List<ServerReconciler.Result> results, String rollout) {
    }

    /**
     * Observes and plans every server in parallel; then changes those the policy admits, in
     * parallel, and reports for the others what would change.
     *
     * @param progress per server, the Outlook Anywhere progress status remembers
     */
    FleetResult reconcile(List<ServerEndpoint> endpoints, DesiredOffload desired,
                          Function<String, OutlookAnywhereProgress> progress, ServerRecords records,
                          Instant now, ChangePolicy policy) {
        boolean changesAllowed = policy.hold().isEmpty();
        List<FanOut.Outcome<ServerReconciler.Planned>> observing = FanOut.run(executor, endpoints,
                ServerEndpoint::serverName, FleetReconciler::bound,
                endpoint -> servers.observe(endpoint, desired, progress.apply(endpoint.serverName()), records, now,
                        changesAllowed));
        rethrowUnavailableRecords(observing);
        List<Object> observed = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            observed.add(observing.get(i) instanceof FanOut.Done<ServerReconciler.Planned> done
                    ? done.value() : failed(endpoints.get(i), desired, observing.get(i)));
        }
        Rollout.Decision decision = decide(endpoints, observed, records, progress, policy);

        List<ServerReconciler.Result> results = new ArrayList<>();
        List<ServerReconciler.Planned> admitted = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            if (observed.get(i) instanceof ServerReconciler.Planned planned) {
                if (policy.hold().isPresent()) {
                    ChangePolicy.Hold hold = policy.hold().get();
                    results.add(ServerReconciler.hold(planned, hold.reason(), hold.why(), planned.plan().nextCheck()));
                } else if (planned.pending().isEmpty() || decision.admits(endpoints.get(i).serverName())) {
                    admitted.add(planned);
                    results.add(null);
                } else {
                    results.add(ServerReconciler.hold(planned, ProtocolState.Reason.WaitingForRollout,
                            "waiting for the rollout (" + decision.summary() + ")", Optional.of(desired.pollInterval())));
                }
            } else {
                results.add((ServerReconciler.Result) observed.get(i));
            }
        }
        List<FanOut.Outcome<ServerReconciler.Result>> applied;
        try {
            applied = FanOut.run(executor, admitted, planned -> planned.endpoint().serverName(),
                    planned -> bound(planned.endpoint()), planned -> servers.apply(planned, desired, policy.restartServiceHost(), now));
        } catch (ReconcileInterrupted e) {
            // a task cancelled before it started never reached apply's close
            admitted.forEach(ServerReconciler.Planned::close);
            throw e;
        }
        rethrowUnavailableRecords(applied);
        for (int i = 0, next = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                ServerReconciler.Planned planned = admitted.get(next);
                FanOut.Outcome<ServerReconciler.Result> outcome = applied.get(next++);
                results.set(i, outcome instanceof FanOut.Done<ServerReconciler.Result> done
                        ? done.value() : failed(planned.endpoint(), desired, outcome));
            }
        }
        return new FleetResult(results, policy.hold().isPresent() ? null : decision.summary());
    }

    /**
     * The API server failing to keep a server's records is the reconcile's failure, not the
     * server's: it ends the reconcile (what was begun is recorded, for the retry to finish), after
     * the sessions opened are closed.
     */
    private static void rethrowUnavailableRecords(List<? extends FanOut.Outcome<?>> outcomes) {
        outcomes.stream().filter(o -> o instanceof FanOut.Failed<?> failed && ServerRecords.unavailable(failed.cause()))
                .findFirst().ifPresent(o -> {
                    outcomes.forEach(FanOut::close);
                    throw (RuntimeException) ((FanOut.Failed<?>) o).cause();
                });
    }

    /** Each command has its own deadline; this bound only catches a server stuck between them. */
    private static Duration bound(ServerEndpoint endpoint) {
        return endpoint.commandDeadline().multipliedBy(MAX_COMMANDS_PER_SERVER + 1);
    }

    /**
     * A server is being changed while the operator has a change of its recorded and not seen
     * through (or status, written by an older operator, shows Outlook Anywhere on its way);
     * reachable or not.
     */
    private static Rollout.Decision decide(List<ServerEndpoint> endpoints, List<Object> observed, ServerRecords records,
                                           Function<String, OutlookAnywhereProgress> progress, ChangePolicy policy) {
        List<Rollout.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String name = endpoints.get(i).serverName();
            String inFlight = inFlight(records.inFlight(name), progress.apply(name));
            boolean wantsChange = observed.get(i) instanceof ServerReconciler.Planned planned && !planned.pending().isEmpty();
            candidates.add(new Rollout.Candidate(name, wantsChange, inFlight != null, inFlight));
        }
        return Rollout.decide(candidates, policy.maxUnavailable());
    }

    /** What of the operator's is in flight on a server, in a few words; null when nothing is. */
    private static String inFlight(InFlight recorded, OutlookAnywhereProgress fromStatus) {
        List<String> parts = new ArrayList<>();
        if (!recorded.appPoolsOwed().isEmpty() || recorded.iisResetOwed()) {
            parts.add("recycle owed");
        }
        if (recorded.outlookAnywhere() != null || fromStatus.inFlight()) {
            parts.add(Protocol.OUTLOOK_ANYWHERE.specName() + " on its way to Rpc's recycle");
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** A server's result when its step threw or overran its bound. */
    private static ServerReconciler.Result failed(ServerEndpoint endpoint, DesiredOffload desired, FanOut.Outcome<?> outcome) {
        if (outcome instanceof FanOut.Failed<?> failed && failed.cause() instanceof CasException cas) {
            return ServerReconciler.unreached(endpoint, desired, cas);
        }
        String message = outcome instanceof FanOut.TimedOut<?> timedOut
                ? endpoint.serverName() + ": reconcile did not finish within " + timedOut.bound().toSeconds() + "s"
                : endpoint.serverName() + ": " + ((FanOut.Failed<?>) outcome).cause().getClass().getSimpleName() + ": "
                + ((FanOut.Failed<?>) outcome).cause().getMessage();
        CasException.Kind kind = outcome instanceof FanOut.TimedOut<?> ? CasException.Kind.TIMEOUT : CasException.Kind.REMOTE_ERROR;
        return new ServerReconciler.Result(ServerReconciler.unreached(endpoint.serverName(), kind, message, desired),
                Optional.empty(), List.of());
    }
}
