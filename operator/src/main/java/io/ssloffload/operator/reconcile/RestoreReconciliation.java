package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.RestorePlan;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.CasSession;
import io.ssloffload.operator.remote.ServerEndpoint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Deletion with {@code deletionPolicy: Restore}, free of JOSDK: for each server with first-observed
 * values, observe, put back what differs ({@link RestorePlan}), recycle the pools of the locations
 * changed. Idempotent: a server already put back needs nothing, so a retry redoes only what failed.
 * Outlook Anywhere is put back in AD; the Service Host copies it to Rpc at its next pass, which
 * the deletion does not wait for.
 */
public final class RestoreReconciliation {

    private final CasConnector connector;
    private final ExecutorService executor;

    public RestoreReconciliation(CasConnector connector, ExecutorService executor) {
        this.connector = connector;
        this.executor = executor;
    }

    /**
     * @param actions what was put back, in spec order
     * @param failures per server that could not be put back (yet), "CAS02: why"; empty when done
     */
    public record Result(List<ServerAction> actions, List<String> failures) {
        public boolean done() {
            return failures.isEmpty();
        }
    }

    public Result restore(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets, FirstObservedStore firstObserved) {
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(resource.getSpec(), secrets);
        if (resolution instanceof EndpointResolver.Blocked blocked) {
            return new Result(List.of(), List.of(blocked.blocker().reason() + ": " + blocked.blocker().message()));
        }
        List<ServerEndpoint> endpoints = ((EndpointResolver.Resolved) resolution).endpoints();
        List<Future<List<ServerAction>>> running = new ArrayList<>();
        for (ServerEndpoint endpoint : endpoints) {
            FirstObserved original = firstObserved.get(endpoint.serverName());
            running.add(executor.submit(() -> original.isEmpty() ? List.of() : restore(endpoint, original)));
        }
        List<ServerAction> actions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            ServerEndpoint endpoint = endpoints.get(i);
            // observe, read AD, write IIS, write AD: each command has its own deadline
            long bound = endpoint.commandDeadline().multipliedBy(5).toMillis();
            try {
                actions.addAll(running.get(i).get(bound, TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failures.add(cause instanceof CasException ? cause.getMessage()
                        : endpoint.serverName() + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            } catch (TimeoutException e) {
                running.get(i).cancel(true);
                failures.add(endpoint.serverName() + ": restore did not finish within " + bound / 1000 + "s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(endpoint.serverName() + ": interrupted");
            }
        }
        return new Result(actions, failures);
    }

    private List<ServerAction> restore(ServerEndpoint endpoint, FirstObserved original) {
        String name = endpoint.serverName();
        Set<Protocol> scope = EnumSet.noneOf(Protocol.class);
        scope.addAll(original.sslFlags().keySet());
        scope.addAll(original.extendedProtection().keySet());
        List<ServerAction> actions = new ArrayList<>();
        try (CasSession session = connector.connect(endpoint)) {
            ServerObservation now = session.observe(scope);
            if (RestorePlan.needsOutlookAnywhere(original)) {
                now = now.withOutlookAnywhere(session.readOutlookAnywhere(name));
            }
            RestorePlan plan = RestorePlan.of(original, now);
            if (!plan.sslFlagChanges().isEmpty() || !plan.tokenCheckingChanges().isEmpty()) {
                session.applyIis(plan.sslFlagChanges(), plan.tokenCheckingChanges(), plan.appPoolsToRecycle());
                actions.add(new ServerAction(EventReason.Restored, name + ": " + Stream.concat(
                        plan.sslFlagChanges().entrySet().stream().map(change -> change.getKey() + " sslFlags=" + change.getValue()),
                        plan.tokenCheckingChanges().entrySet().stream().map(change -> change.getKey()
                                + " extendedProtection.tokenChecking=" + change.getValue()))
                        .collect(Collectors.joining(", "))
                        + " as first observed; recycled " + String.join(", ", plan.appPoolsToRecycle())));
            }
            plan.outlookAnywhere().ifPresent(settings -> {
                session.restoreOutlookAnywhere(name, settings);
                actions.add(new ServerAction(EventReason.Restored, name + ": Set-OutlookAnywhere -SSLOffloading $"
                        + settings.sslOffloading() + " with the hostnames as first read, in Active Directory;"
                        + " the Exchange Service Host copies it to Default Web Site/Rpc at its next pass"));
            });
        }
        return actions;
    }
}
