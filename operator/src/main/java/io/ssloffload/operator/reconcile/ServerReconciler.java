package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.ExtendedProtection;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.InFlight;
import io.ssloffload.operator.plan.OutlookAnywhereComparison;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.PendingChanges;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Planner;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.plan.ServerPlan;
import io.ssloffload.operator.protocol.Protocol;
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
import java.util.Optional;
import java.util.Set;
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

    /** The Service Host's restart counts as this many commands against the deadlines ({@link CasSession#restartServiceHost}). */
    static final int SERVICE_RESTART_COMMANDS = CasSession.SERVICE_RESTART_COMMANDS;

    /**
     * A server observed and planned, its session still open (when the plan changes something) so
     * that the change, if the rollout allows it, needs no second observation.
     *
     * @param progress the Outlook Anywhere progress the plan started from
     * @param inFlight what the operator had recorded in flight there when it looked
     */
    record Planned(ServerEndpoint endpoint, CasSession session, ServerObservation before, ServerPlan plan,
                   OutlookAnywhereProgress progress, PendingChanges pending, ServerRecords records, InFlight inFlight)
            implements AutoCloseable {
        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Observes and plans; the caller closes the returned session (through {@link #apply} or {@link #hold}).
     *
     * @param fromStatus     the Outlook Anywhere progress status remembers; what is recorded in flight wins
     * @param records        what is kept of each server: first observed (for an undo on delete), in flight
     * @param changesAllowed false when nothing will be changed whatever the plan (observe-only, paused, the plan command)
     */
    Planned observe(ServerEndpoint endpoint, DesiredOffload desired, OutlookAnywhereProgress fromStatus,
                    ServerRecords records, Instant now, boolean changesAllowed) {
        String name = endpoint.serverName();
        InFlight inFlight = records.inFlight(name);
        if (inFlight.outlookAnywhere() != null && desired.outlookAnywhere().isEmpty() && changesAllowed) {
            // Outlook Anywhere left the spec's scope: its round trip is no longer the operator's to finish.
            inFlight = inFlight.outlookAnywhereDone();
            records.settle(name, inFlight);
        }
        OutlookAnywhereProgress progress = fromStatus.with(inFlight.outlookAnywhere());
        FirstObservedStore firstObserved = records.firstObserved();
        CasSession session = connector.connect(endpoint);
        try {
            ServerObservation before = observe(session, name, desired, progress, now, changesAllowed,
                    firstObserved.get(name).outlookAnywhere() != null);
            // Recorded before anything is changed: a crash between change and record would lose the original.
            FirstObserved known = firstObserved.get(name);
            FirstObserved filled = known.filledFrom(before);
            if (!filled.equals(known)) {
                firstObserved.record(name, filled);
            }
            ServerPlan plan = Planner.plan(desired, before, progress, inFlight, now);
            if (changesAllowed && inFlight.outlookAnywhere() != null && !inFlight.outlookAnywhere().answered()
                    && plan.outlookAnywhereToSet().isEmpty() && plan.progress().confirmedSettings() != null
                    && plan.progress().confirmedSettings().equals(inFlight.outlookAnywhere().fingerprint())) {
                // A set whose answer was lost, found in AD: it happened; AD need not be read for it again.
                inFlight = inFlight.outlookAnywhereAnswered();
                records.settle(name, inFlight);
            }
            if (!plan.changesAnything()) {
                // Released now, not after the whole fleet was observed: a drift check holds at most one
                // WinRM client (and its HTTP threads) per server thread, however many servers wait.
                session.close();
            }
            return new Planned(endpoint, session, before, plan, progress, PendingChanges.of(before, plan, desired),
                    records, inFlight);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    static Result unreached(ServerEndpoint endpoint, DesiredOffload desired, CasException e) {
        LOG.info("{} ({})", e.getMessage(), e.kind());
        return new Result(unreached(endpoint.serverName(), e.kind(), e.getMessage(), desired), Optional.empty(), List.of());
    }

    /** A server that failed this way, with Unknown conditions for every protocol it would report. */
    static ServerOutcome.Unreached unreached(String name, CasException.Kind failure, String message, DesiredOffload desired) {
        return new ServerOutcome.Unreached(name, failure.reason(), failure.stalls(), message, desired.reportedProtocols());
    }

    /**
     * Records what the plan will owe, applies it, verifies, records what is still owed, and
     * closes the session. Whatever fails after the record was written stays recorded as "may have
     * happened", for the next reconcile to check and finish.
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
            boolean restart = restartServiceHost && plan.outlookAnywhereToSet().isPresent() && plan.progress().inFlight();
            InFlight inFlight = planned.records().begin(serverSpec(planned.endpoint()), owedBy(plan, now));
            Step step = new Step(name, session, planned.records(), inFlight, actions);
            try {
                // Set-OutlookAnywhere changes AD only: IIS needs looking at again only if IIS was changed, in the
                // same command when it can be (not before a Service Host restart, which changes IIS again).
                Set<Protocol> verify = plan.changesIis() && !restart ? desired.scope() : Set.of();
                // With the Service Host restarted below, one IIS reset after it serves both its copy into Rpc and these changes.
                Optional<ServerObservation> observed = step.apply(plan, before, restart, verify);
                if (restart) {
                    session.restartServiceHost();
                    record(actions, name, EventReason.ServiceHostRestarted, "restarted MSExchangeServiceHost"
                            + " (spec.propagation.strategy is RestartServiceHost): its start-up pass copies Outlook Anywhere into IIS now");
                    observed = Optional.of(session.observe(desired.scope()));
                }
                ServerObservation after = observed.orElse(before);
                if (step.adAfter != null) {
                    after = after.withOutlookAnywhere(step.adAfter);
                } else if (before.outlookAnywhere().isPresent()) {
                    after = after.withOutlookAnywhere(before.outlookAnywhere().get());
                }
                // States come from verifying; the progress memory from what was actually done.
                ServerPlan verified = Planner.plan(desired, after, plan.progress(), step.inFlight, now);
                OutlookAnywhereProgress progress = plan.progress();
                boolean recyclesOnly = verified.sslFlagChanges().isEmpty() && verified.tokenCheckingChanges().isEmpty()
                        && verified.outlookAnywhereToSet().isEmpty();
                if (recyclesOnly && (!verified.appPoolsToRecycle().isEmpty() || verified.iisReset())) {
                    // The Service Host's pass landed before the verification (the restart's, or a periodic one that
                    // fell in between), or the deferred IIS reset is owed: the recycle a later poll would make is made
                    // now, once; a status that said Offloaded without it would be a lie.
                    step.apply(verified, after, false, Set.of());
                    progress = verified.progress();
                    verified = Planner.plan(desired, after, progress, step.inFlight, now);
                }
                step.settle();
                return new Result(reached(name, before, progress, verified, PendingChanges.NONE),
                        verified.nextCheck().or(plan::nextCheck), actions);
            } catch (RuntimeException e) {
                step.settle();
                throw e;
            }
        } catch (CasException e) {
            LOG.info("{} ({})", e.getMessage(), e.kind());
            return new Result(unreached(name, e.kind(), e.getMessage(), desired), Optional.empty(), actions);
        }
    }

    /** What a plan will owe once it starts: the recycles of what it writes, and Outlook Anywhere's round trip. */
    private static InFlight owedBy(ServerPlan plan, Instant now) {
        OutlookAnywhereProgress progress = plan.progress();
        InFlight.OutlookAnywhereIntent intent = plan.outlookAnywhereToSet().isPresent() && progress.inFlight()
                ? new InFlight.OutlookAnywhereIntent(progress.confirmedSettings(), progress.adChangedAt(),
                progress.propagationDeadline(), false)
                : null;
        return new InFlight(now, plan.appPoolsToRecycle(), plan.iisReset(), intent);
    }

    private static ServerSpec serverSpec(ServerEndpoint endpoint) {
        ServerSpec server = new ServerSpec();
        server.setName(endpoint.serverName());
        server.setAddress(endpoint.address());
        server.setPort(endpoint.port());
        return server;
    }

    /** One server's changes in one reconcile, and what of them is still owed as they answer. */
    private static final class Step {
        private final String name;
        private final CasSession session;
        private final ServerRecords records;
        private final InFlight recorded;
        private final List<ServerAction> actions;
        private InFlight inFlight;
        private OutlookAnywhereSettings adAfter;

        Step(String name, CasSession session, ServerRecords records, InFlight recorded, List<ServerAction> actions) {
            this.name = name;
            this.session = session;
            this.records = records;
            this.recorded = recorded;
            this.inFlight = recorded;
            this.actions = actions;
        }

        /**
         * Makes the plan's changes in one command (with {@code iisreset} after it when owed), and observes
         * {@code observeAfter} in that same command.
         *
         * @param before        what the plan was made from, for what Extended Protection was before it was turned off
         * @param deferIisReset an IIS reset follows later in this reconcile: this one is left owed
         * @return the observation of {@code observeAfter}, when it is not empty
         */
        Optional<ServerObservation> apply(ServerPlan plan, ServerObservation before, boolean deferIisReset,
                                          Set<Protocol> observeAfter) {
            boolean changesIis = !plan.sslFlagChanges().isEmpty() || !plan.tokenCheckingChanges().isEmpty()
                    || !plan.appPoolsToRecycle().isEmpty();
            Optional<OutlookAnywhereSettings> wanted = plan.outlookAnywhereToSet();
            Optional<ServerObservation> observed = Optional.empty();
            if (changesIis || wanted.isPresent()) {
                CasSession.Change change = new CasSession.Change(plan.sslFlagChanges(), plan.tokenCheckingChanges(),
                        plan.appPoolsToRecycle(), name, wanted, observeAfter);
                try {
                    CasSession.Changed changed = session.change(change);
                    observed = changed.observation();
                    if (changesIis) {
                        iisChanged(plan, before);
                    }
                    changed.outlookAnywhere().ifPresent(written -> outlookAnywhereSet(wanted.get(), written));
                } catch (CasSession.OutlookAnywhereNotSet e) {
                    // IIS was changed and its pools recycled; only Set-OutlookAnywhere failed, and is still owed.
                    if (changesIis) {
                        iisChanged(plan, before);
                    }
                    iisResetIfOwed(plan, deferIisReset);
                    throw e;
                }
            }
            iisResetIfOwed(plan, deferIisReset);
            if (plan.progress().rpcPoolRecycledAt() != null && !plan.progress().inFlight()) {
                // Only Rpc's recycle ends the round trip: a plan that merely is not waiting (a change to AD
                // alone) leaves what is owed owed.
                inFlight = inFlight.outlookAnywhereDone();
            }
            return observed;
        }

        /** The IIS reset a plan owes after its writes, unless one follows later in this reconcile. */
        private void iisResetIfOwed(ServerPlan plan, boolean deferIisReset) {
            if (plan.iisReset() && !deferIisReset) {
                session.iisReset();
                inFlight = inFlight.recyclesDone();
                record(actions, name, EventReason.IisReset, "iisreset /noforce (spec.recycle is IisReset)");
            }
        }

        private void iisChanged(ServerPlan plan, ServerObservation before) {
            if (!plan.iisReset() && !inFlight.iisResetOwed()) {
                inFlight = inFlight.recyclesDone();
            }
            String pools = plan.appPoolsToRecycle().isEmpty() ? "" : "recycled " + String.join(", ", plan.appPoolsToRecycle());
            ExtendedProtection.turnedOff(plan, before)
                    .ifPresent(what -> record(actions, name, EventReason.ExtendedProtectionTurnedOff, what));
            if (plan.sslFlagChanges().isEmpty() && plan.tokenCheckingChanges().isEmpty()) {
                record(actions, name, EventReason.AppPoolsRecycled, pools + recycleCause(plan));
            } else {
                String flags = plan.sslFlagChanges().entrySet().stream()
                        .map(change -> change.getKey() + " sslFlags=" + change.getValue())
                        .collect(Collectors.joining(", "));
                record(actions, name, EventReason.SslOffloaded, flags + (pools.isEmpty() ? "" : "; " + pools));
            }
        }

        private void outlookAnywhereSet(OutlookAnywhereSettings wanted, CasSession.OutlookAnywhereWrite written) {
            inFlight = inFlight.outlookAnywhereAnswered();
            adAfter = written.after();
            List<String> differences = OutlookAnywhereComparison.differences(wanted, written.before());
            record(actions, name, EventReason.OutlookAnywhereSet, "Set-OutlookAnywhere -SSLOffloading $true and the spec's settings"
                    + " in Active Directory (" + (differences.isEmpty() ? "it already held them" : String.join(", ", differences))
                    + "); what of them lives in IIS follows at the Exchange Service Host's next pass");
        }

        private static String recycleCause(ServerPlan plan) {
            return plan.progress().rpcPoolRecycledAt() != null && !plan.progress().inFlight()
                    ? " (Outlook Anywhere has reached IIS)" : " (owed for a change whose answer was lost)";
        }

        /** Records what is still owed; a failure to record leaves the earlier record, which owes more, not less. */
        void settle() {
            if (!inFlight.equals(recorded)) {
                try {
                    records.settle(name, inFlight);
                } catch (RuntimeException e) {
                    LOG.warn("{}: what is still in flight was not recorded; the next reconcile repeats what the older record owes: {}",
                            name, e.getMessage());
                }
            }
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

    /**
     * @param originalKnown what AD held before the operator came is recorded: until then AD is read with
     *                      the observation ({@link Planner#readsOutlookAnywhere}), so that the original
     *                      is recorded before the first set whatever happens to the set's answer
     */
    private static ServerObservation observe(CasSession session, String name, DesiredOffload desired,
                                             OutlookAnywhereProgress progress, Instant now, boolean changesAllowed,
                                             boolean originalKnown) {
        // Read with the observation, in the same process, when it will surely be needed; else only if the observation asks.
        boolean readFirst = Planner.readsOutlookAnywhere(desired, progress, now, changesAllowed, originalKnown);
        ServerObservation observation = session.observe(desired.scope(), readFirst ? Optional.of(name) : Optional.empty());
        if (Planner.needsOutlookAnywhere(desired, observation, progress, now, changesAllowed)) {
            observation = observation.withOutlookAnywhere(session.readOutlookAnywhere(name));
        }
        return observation;
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
