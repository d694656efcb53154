package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One server, one reconcile: observe → plan → apply → verify, in a single WinRM shell.
 * Never waits for propagation: the plan's next check says when to come back.
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

    Result reconcile(ServerEndpoint endpoint, DesiredOffload desired, OutlookAnywhereProgress progress, Instant now) {
        String name = endpoint.serverName();
        List<ServerAction> actions = new ArrayList<>();
        try (CasSession session = connector.connect(endpoint)) {
            ServerObservation before = observe(session, name, desired, progress, now);
            ServerPlan plan = Planner.plan(desired, before, progress, now);
            if (!plan.changesAnything()) {
                return new Result(reached(name, before, plan, plan), plan.nextCheck(), actions);
            }
            apply(session, name, plan, actions);
            // Set-OutlookAnywhere changes AD only: IIS needs looking at again only if IIS was changed.
            ServerObservation after = plan.changesIis() ? session.observe(desired.scope()) : before;
            if (plan.outlookAnywhereToSet().isPresent()) {
                after = after.withOutlookAnywhere(plan.outlookAnywhereToSet().get());
            } else if (before.outlookAnywhere().isPresent()) {
                after = after.withOutlookAnywhere(before.outlookAnywhere().get());
            }
            // States come from verifying; the progress memory from what was actually done.
            ServerPlan verified = Planner.plan(desired, after, plan.progress(), now);
            return new Result(reached(name, before, plan, verified), verified.nextCheck().or(plan::nextCheck), actions);
        } catch (CasException e) {
            LOG.info("{} ({})", e.getMessage(), e.kind());
            return new Result(new ServerOutcome.Unreached(name, e.kind(), e.getMessage(), desired.reportedProtocols()),
                    Optional.empty(), actions);
        }
    }

    private static ServerObservation observe(CasSession session, String name, DesiredOffload desired,
                                             OutlookAnywhereProgress progress, Instant now) {
        ServerObservation observation = session.observe(desired.scope());
        if (Planner.needsOutlookAnywhere(desired, observation, progress, now)) {
            observation = observation.withOutlookAnywhere(session.readOutlookAnywhere(name));
        }
        return observation;
    }

    private static void apply(CasSession session, String name, ServerPlan plan, List<ServerAction> actions) {
        if (!plan.sslFlagChanges().isEmpty() || !plan.appPoolsToRecycle().isEmpty()) {
            session.applyIis(plan.sslFlagChanges(), plan.appPoolsToRecycle());
            String pools = plan.appPoolsToRecycle().isEmpty() ? "" : "recycled " + String.join(", ", plan.appPoolsToRecycle());
            if (plan.sslFlagChanges().isEmpty()) {
                record(actions, name, "AppPoolsRecycled", pools + " (Outlook Anywhere has reached IIS)");
            } else {
                String flags = plan.sslFlagChanges().entrySet().stream()
                        .map(change -> change.getKey() + " sslFlags=" + change.getValue())
                        .collect(Collectors.joining(", "));
                record(actions, name, "SslOffloaded", flags + (pools.isEmpty() ? "" : "; " + pools));
            }
        }
        if (plan.iisReset()) {
            session.iisReset();
            record(actions, name, "IisReset", "iisreset /noforce (spec.recycle is IisReset)");
        }
        plan.outlookAnywhereToSet().ifPresent(settings -> {
            session.setOutlookAnywhere(name, settings);
            record(actions, name, "OutlookAnywhereSet", "Set-OutlookAnywhere -SSLOffloading $true and the spec's settings"
                    + " in Active Directory; what of them lives in IIS follows at the Exchange Service Host's next pass");
        });
    }

    private static void record(List<ServerAction> actions, String server, String reason, String what) {
        ServerAction action = new ServerAction(reason, server + ": " + what);
        LOG.info("{}", action.message());
        actions.add(action);
    }

    private static ServerOutcome reached(String name, ServerObservation before, ServerPlan plan, ServerPlan verified) {
        return new ServerOutcome.Reached(name, before.build(), verified.protocolStates(), plan.progress(), before.sslFlags());
    }
}
