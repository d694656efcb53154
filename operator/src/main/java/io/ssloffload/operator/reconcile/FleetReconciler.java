package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.status.ServerOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Reconciles every server of a resource in parallel, with a bound shared by all resources, so
 * that one slow or unreachable server never holds back the others.
 */
final class FleetReconciler {

    /** Observe, read AD, apply IIS, set AD, verify: the most commands one server reconcile runs. */
    private static final int MAX_COMMANDS_PER_SERVER = 6;

    private final ServerReconciler servers;
    private final ExecutorService executor;

    FleetReconciler(CasConnector connector, ExecutorService executor) {
        this.servers = new ServerReconciler(connector);
        this.executor = executor;
    }

    /** Results in the order of {@code endpoints}. */
    List<ServerReconciler.Result> reconcile(List<ServerEndpoint> endpoints, DesiredOffload desired,
                                            Function<String, OutlookAnywhereProgress> progress,
                                            FirstObservedStore firstObserved, Instant now) {
        List<Running> running = new ArrayList<>();
        for (ServerEndpoint endpoint : endpoints) {
            CompletableFuture<Instant> started = new CompletableFuture<>();
            Future<ServerReconciler.Result> result = executor.submit(() -> {
                started.complete(Instant.now());
                return servers.reconcile(endpoint, desired, progress.apply(endpoint.serverName()), firstObserved, now);
            });
            running.add(new Running(started, result));
        }
        List<ServerReconciler.Result> results = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            results.add(await(running.get(i), endpoints.get(i), desired));
        }
        return results;
    }

    /** A server's reconcile: when a pool thread took it up, and its result. */
    private record Running(CompletableFuture<Instant> started, Future<ServerReconciler.Result> result) {
    }

    private static ServerReconciler.Result await(Running running, ServerEndpoint endpoint, DesiredOffload desired) {
        // Each command has its own deadline; this bound only catches a server stuck between them. It
        // counts from when the server's work started, not from when it was queued behind others'.
        Duration bound = endpoint.commandDeadline().multipliedBy(MAX_COMMANDS_PER_SERVER + 1);
        Future<ServerReconciler.Result> result = running.result();
        try {
            Duration sinceStart = Duration.between(running.started().get(), Instant.now());
            return result.get(bound.minus(sinceStart).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return failed(endpoint, desired, CasException.Kind.TIMEOUT,
                    endpoint.serverName() + ": reconcile did not finish within " + bound.toSeconds() + "s");
        } catch (ExecutionException e) {
            return failed(endpoint, desired, CasException.Kind.REMOTE_ERROR,
                    endpoint.serverName() + ": " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(endpoint, desired, CasException.Kind.TIMEOUT, endpoint.serverName() + ": interrupted");
        }
    }

    private static ServerReconciler.Result failed(ServerEndpoint endpoint, DesiredOffload desired,
                                                  CasException.Kind kind, String message) {
        return new ServerReconciler.Result(new ServerOutcome.Unreached(endpoint.serverName(), kind, message,
                desired.reportedProtocols()), Optional.empty(), List.of());
    }
}
