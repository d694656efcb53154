package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.ExtendedProtection;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.OutlookAnywhereComparison;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.PendingChanges;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Planner;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.plan.ServerPlan;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.CasSession;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.status.ServerOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One server, one reconcile: observe → plan, then (if the rollout and the management policy allow)
 * apply → verify, in a single WinRM shell; else report what would change. Never waits for
 * propagation: the plan's next check says when to come back.
 */
final class ServerReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ServerReconciler.class);

    private final CasConnector connector;

    ServerReconciler(CasConnector connector) {
        this.connector = connector;
    }

    /**
     * What happened, what was changed (also when a later step failed), and when this server wants
     * to be looked at again (empty: the drift interval).
     */
    record Result(ServerOutcome outcome, Optional<Duration> nextCheck, List<ServerAction> actions) {
    }

    /**
     * A server observed and planned, its session still open (when the plan changes something) so
     * that the change, if the rollout allows it, needs no second observation.
     *
     * @param progress the Outlook Anywhere progress the plan started from
     */
    record Planned(ServerEndpoint endpoint, CasSession session, ServerObservation before, ServerPlan plan,
                   OutlookAnywhereProgress progress, PendingChanges pending, FirstObservedStore firstObserved)
            implements AutoCloseable {
        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Observes and plans; the caller closes the returned session (through {@link #apply} or {@link #hold}).
     *
     * @param firstObserved  where what this server held before any change is kept, for an undo on delete
     * @param changesAllowed false when nothing will be changed whatever the plan (observe-only, paused, the plan command)
     */
    Planned observe(ServerEndpoint endpoint, DesiredOffload desired, OutlookAnywhereProgress progress,
                    FirstObservedStore firstObserved, Instant now, boolean changesAllowed) {
        String name = endpoint.serverName();
        CasSession session = connector.connect(endpoint);
        try {
            ServerObservation before = observe(session, name, desired, progress, now, changesAllowed);
            // Recorded before anything is changed: a crash between change and record would lose the original.
            // (AD settings the plan sets unread are known only from the set's own read: see apply.)
            FirstObserved known = firstObserved.get(name);
            FirstObserved filled = known.filledFrom(before);
            if (!filled.equals(known)) {
                firstObserved.record(name, filled);
            }
            ServerPlan plan = Planner.plan(desired, before, progress, now);
            if (!plan.changesAnything()) {
                // Released now, not after the whole fleet was observed: a drift check holds at most one
                // WinRM client (and its HTTP threads) per server thread, however many servers wait.
                session.close();
            }
            return new Planned(endpoint, session, before, plan, progress, PendingChanges.of(before, plan, desired),
                    firstObserved);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    static Result unreached(ServerEndpoint endpoint, DesiredOffload desired, CasException e) {
        LOG.info("{} ({})", e.getMessage(), e.kind());
        return new Result(new ServerOutcome.Unreached(endpoint.serverName(), e.kind(), e.getMessage(),
                desired.reportedProtocols()), Optional.empty(), List.of());
    }

    /**
     * Applies the plan, verifies, and closes the session.
     *
     * @param restartServiceHost after setting Outlook Anywhere in AD, restart the Service Host so
     *                           that it reaches IIS now, and recycle the Rpc pool in the same reconcile
     */
    Result apply(Planned planned, DesiredOffload desired, boolean restartServiceHost, Instant now) {
        String name = planned.endpoint().serverName();
        ServerObservation before = planned.before();
        ServerPlan plan = planned.plan();
        List<ServerAction> actions = new ArrayList<>();
        try (planned) {
            CasSession session = planned.session();
            if (!plan.changesAnything()) {
                return new Result(reached(name, before, plan.progress(), plan, PendingChanges.NONE), plan.nextCheck(), actions);
            }
            Optional<OutlookAnywhereSettings> adAfter = apply(session, name, plan, before, planned.firstObserved(), actions);
            boolean restart = restartServiceHost && plan.outlookAnywhereToSet().isPresent() && plan.progress().inFlight();
            if (restart) {
                session.restartServiceHost();
                record(actions, name, EventReason.ServiceHostRestarted, "restarted MSExchangeServiceHost"
                        + " (spec.propagation.strategy is RestartServiceHost): its start-up pass copies Outlook Anywhere into IIS now");
            }
            // Set-OutlookAnywhere changes AD only: IIS needs looking at again only if IIS was changed.
            ServerObservation after = plan.changesIis() || restart ? session.observe(desired.scope()) : before;
            if (adAfter.isPresent()) {
                after = after.withOutlookAnywhere(adAfter.get());
            } else if (before.outlookAnywhere().isPresent()) {
                after = after.withOutlookAnywhere(before.outlookAnywhere().get());
            }
            // States come from verifying; the progress memory from what was actually done.
            ServerPlan verified = Planner.plan(desired, after, plan.progress(), now);
            OutlookAnywhereProgress progress = plan.progress();
            if (restart && (!verified.appPoolsToRecycle().isEmpty() || verified.iisReset())) {
                // The restart's pass landed: the recycle a later poll would make is made now, once.
                apply(session, name, verified, after, planned.firstObserved(), actions);
                progress = verified.progress();
            }
            return new Result(reached(name, before, progress, verified, PendingChanges.NONE),
                    verified.nextCheck().or(plan::nextCheck), actions);
        } catch (CasException e) {
            LOG.info("{} ({})", e.getMessage(), e.kind());
            return new Result(new ServerOutcome.Unreached(name, e.kind(), e.getMessage(), desired.reportedProtocols()),
                    Optional.empty(), actions);
        }
    }

    /** Changes nothing: reports what would change and why it is held back, and closes the session. */
    static Result hold(Planned planned, ProtocolState.Reason reason, String why, Optional<Duration> nextCheck) {
        try (planned) {
            ServerPlan held = planned.pending().hold(planned.plan(), reason, why, planned.progress(), nextCheck);
            return new Result(reached(planned.endpoint().serverName(), planned.before(), held.progress(), held,
                    planned.pending()),
                    held.nextCheck(), List.of());
        }
    }

    private static ServerObservation observe(CasSession session, String name, DesiredOffload desired,
                                             OutlookAnywhereProgress progress, Instant now, boolean changesAllowed) {
        ServerObservation observation = session.observe(desired.scope());
        if (Planner.needsOutlookAnywhere(desired, observation, progress, now, changesAllowed)) {
            observation = observation.withOutlookAnywhere(session.readOutlookAnywhere(name));
        }
        return observation;
    }

    /** @return what AD holds after the plan's Set-OutlookAnywhere, as read back in its session; empty when it sets nothing */
    private static Optional<OutlookAnywhereSettings> apply(CasSession session, String name, ServerPlan plan, ServerObservation before,
                                                           FirstObservedStore firstObserved, List<ServerAction> actions) {
        if (!plan.sslFlagChanges().isEmpty() || !plan.tokenCheckingChanges().isEmpty() || !plan.appPoolsToRecycle().isEmpty()) {
            session.applyIis(plan.sslFlagChanges(), plan.tokenCheckingChanges(), plan.appPoolsToRecycle());
            String pools = plan.appPoolsToRecycle().isEmpty() ? "" : "recycled " + String.join(", ", plan.appPoolsToRecycle());
            ExtendedProtection.turnedOff(plan, before).ifPresent(what -> record(actions, name, EventReason.ExtendedProtectionTurnedOff, what));
            if (plan.sslFlagChanges().isEmpty() && plan.tokenCheckingChanges().isEmpty()) {
                record(actions, name, EventReason.AppPoolsRecycled, pools + " (Outlook Anywhere has reached IIS)");
            } else {
                String flags = plan.sslFlagChanges().entrySet().stream()
                        .map(change -> change.getKey() + " sslFlags=" + change.getValue())
                        .collect(Collectors.joining(", "));
                record(actions, name, EventReason.SslOffloaded, flags + (pools.isEmpty() ? "" : "; " + pools));
            }
        }
        if (plan.iisReset()) {
            session.iisReset();
            record(actions, name, EventReason.IisReset, "iisreset /noforce (spec.recycle is IisReset)");
        }
        if (plan.outlookAnywhereToSet().isEmpty()) {
            return Optional.empty();
        }
        OutlookAnywhereSettings wanted = plan.outlookAnywhereToSet().get();
        CasSession.OutlookAnywhereWrite written = session.setOutlookAnywhere(name, wanted);
        if (firstObserved.get(name).outlookAnywhere() == null) {
            // AD was not read before this set: what it held is known only now, read in the set's own session.
            try {
                firstObserved.record(name, new FirstObserved(Map.of(), written.before()));
            } catch (RuntimeException e) {
                // AD is already set: failing the server now would report undone what was done.
                LOG.warn("{}: Outlook Anywhere as first read was not recorded; a Restore on delete will leave it as set: {}",
                        name, e.getMessage());
            }
        }
        List<String> differences = OutlookAnywhereComparison.differences(wanted, written.before());
        record(actions, name, EventReason.OutlookAnywhereSet, "Set-OutlookAnywhere -SSLOffloading $true and the spec's settings"
                + " in Active Directory (" + (differences.isEmpty() ? "it already held them" : String.join(", ", differences))
                + "); what of them lives in IIS follows at the Exchange Service Host's next pass");
        return Optional.of(written.after());
    }

    private static void record(List<ServerAction> actions, String server, EventReason reason, String what) {
        actions.add(new ServerAction(reason, server + ": " + what));
    }

    /** @param progress what was actually done to Outlook Anywhere, for status */
    private static ServerOutcome reached(String name, ServerObservation before, OutlookAnywhereProgress progress,
                                         ServerPlan verified, PendingChanges pending) {
        return new ServerOutcome.Reached(name, before.build(), verified.protocolStates(), progress, before.sslFlags(),
                pending);
    }
}
