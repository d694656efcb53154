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
import java.util.Optional;

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

    /** What happened, and when this server wants to be looked at again (empty: the drift interval). */
    record Result(ServerOutcome outcome, Optional<Duration> nextCheck) {
    }

    Result reconcile(ServerEndpoint endpoint, DesiredOffload desired, OutlookAnywhereProgress progress, Instant now) {
        String name = endpoint.serverName();
        try (CasSession session = connector.connect(endpoint)) {
            ServerObservation before = observe(session, name, desired, progress);
            ServerPlan plan = Planner.plan(desired, before, progress, now);
            if (!plan.changesAnything()) {
                return new Result(reached(name, before, plan, plan), plan.nextCheck());
            }
            apply(session, name, plan);
            ServerObservation after = session.observe(desired.scope());
            if (plan.outlookAnywhereToSet().isPresent()) {
                after = after.withOutlookAnywhere(plan.outlookAnywhereToSet().get());
            } else if (before.outlookAnywhere().isPresent()) {
                after = after.withOutlookAnywhere(before.outlookAnywhere().get());
            }
            // States come from verifying; the progress memory from what was actually done.
            ServerPlan verified = Planner.plan(desired, after, plan.progress(), now);
            return new Result(reached(name, before, plan, verified), verified.nextCheck().or(plan::nextCheck));
        } catch (CasException e) {
            LOG.info("{} ({})", e.getMessage(), e.kind());
            return new Result(new ServerOutcome.Unreached(name, e.kind(), e.getMessage(), desired.reportedProtocols()),
                    Optional.empty());
        }
    }

    private static ServerObservation observe(CasSession session, String name, DesiredOffload desired,
                                             OutlookAnywhereProgress progress) {
        ServerObservation observation = session.observe(desired.scope());
        if (Planner.needsOutlookAnywhere(desired, observation, progress)) {
            observation = observation.withOutlookAnywhere(session.readOutlookAnywhere(name));
        }
        return observation;
    }

    private static void apply(CasSession session, String name, ServerPlan plan) {
        if (!plan.sslFlagChanges().isEmpty() || !plan.appPoolsToRecycle().isEmpty()) {
            LOG.info("{}: setting sslFlags {} and recycling {}", name, plan.sslFlagChanges(), plan.appPoolsToRecycle());
            session.applyIis(plan.sslFlagChanges(), plan.appPoolsToRecycle());
        }
        if (plan.iisReset()) {
            LOG.info("{}: iisreset /noforce (spec.recycle is IisReset)", name);
            session.iisReset();
        }
        plan.outlookAnywhereToSet().ifPresent(settings -> {
            LOG.info("{}: Set-OutlookAnywhere -SSLOffloading $true", name);
            session.setOutlookAnywhere(name, settings);
        });
    }

    private static ServerOutcome reached(String name, ServerObservation before, ServerPlan plan, ServerPlan verified) {
        return new ServerOutcome.Reached(name, before.build(), verified.protocolStates(), plan.progress(), before.sslFlags());
    }
}
