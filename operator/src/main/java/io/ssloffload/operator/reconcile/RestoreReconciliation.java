package io.ssloffload.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ManagementPolicy;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.InFlight;
import io.ssloffload.operator.plan.RestorePlan;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.CasSession;
import io.ssloffload.operator.remote.ServerEndpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Putting servers back as first observed, free of JOSDK: on deletion with {@code deletionPolicy:
 * Restore}, and for a server that leaves spec.servers under that policy. For each server the
 * operator has changed (whatever the management policy says now), observe, put back what differs
 * ({@link RestorePlan}), recycle the pools of the locations changed. The recycles owed are recorded
 * before they are made, so a retry after a lost answer makes them again. Idempotent: a server
 * already put back needs nothing, so a retry redoes only what failed. Outlook Anywhere is put back
 * in AD; the Service Host copies it to Rpc at its next pass, which the deletion does not wait for.
 */
public final class RestoreReconciliation {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** observe, read AD, write IIS, write AD: each command has its own deadline */
    private static final int MAX_COMMANDS_PER_SERVER = 4;

    private final CasConnector connector;
    private final ExecutorService executor;

    public RestoreReconciliation(CasConnector connector, ExecutorService executor) {
        this.connector = connector;
        this.executor = executor;
    }

    /**
     * @param actions what was put back, in server order, also on a server where a later step failed
     * @param failures per server that could not be put back (yet), "CAS02: why"; empty when done
     * @param restored the servers now as first observed
     */
    public record Result(List<ServerAction> actions, List<String> failures, List<String> restored) {
        public boolean done() {
            return failures.isEmpty();
        }
    }

    /** Every server the resource's operator has changed, on deletion. */
    public Result restore(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets, ServerRecords records) {
        return restore(resource.getSpec(), serversToRestore(resource, records), secrets, records);
    }

    /**
     * The servers to put back: those the operator recorded changing, addressed as spec.servers
     * names them now or else as recorded when it changed them. A resource from before that record
     * existed falls back to the servers of its spec with first-observed values, unless it is ObserveOnly.
     */
    static List<ServerSpec> serversToRestore(ExchangeSslOffload resource, ServerRecords records) {
        List<ServerSpec> changed = records.changedServers();
        List<ServerSpec> inSpec = resource.getSpec().getServers() == null ? List.of() : resource.getSpec().getServers();
        if (changed.isEmpty()) {
            boolean observeOnly = resource.getSpec().getManagementPolicy() == ManagementPolicy.ObserveOnly;
            return observeOnly ? List.of() : inSpec.stream()
                    .filter(server -> !records.firstObserved().get(server.getName()).isEmpty()).toList();
        }
        Map<String, ServerSpec> byName = new LinkedHashMap<>();
        changed.forEach(server -> byName.put(server.getName().toLowerCase(Locale.ROOT), server));
        inSpec.forEach(server -> byName.computeIfPresent(server.getName().toLowerCase(Locale.ROOT), (name, recorded) -> server));
        return List.copyOf(byName.values());
    }

    /** Puts back {@code servers}, reached with {@code spec}'s WinRM settings and Secrets. */
    public Result restore(ExchangeSslOffloadSpec spec, List<ServerSpec> servers, Function<String, Optional<Secret>> secrets,
                          ServerRecords records) {
        if (servers.isEmpty()) {
            return new Result(List.of(), List.of(), List.of());
        }
        ExchangeSslOffloadSpec reaching = JSON.convertValue(spec, ExchangeSslOffloadSpec.class);
        reaching.setServers(new ArrayList<>(servers));
        EndpointResolver.Resolution resolution = EndpointResolver.resolve(reaching, secrets);
        if (resolution instanceof EndpointResolver.Blocked blocked) {
            return new Result(List.of(), List.of(blocked.blocker().reason() + ": " + blocked.blocker().message()), List.of());
        }
        List<ServerEndpoint> endpoints = ((EndpointResolver.Resolved) resolution).endpoints();
        List<FanOut.Outcome<ServerRestore>> outcomes = FanOut.run(executor, endpoints, ServerEndpoint::serverName,
                RestoreReconciliation::bound, endpoint -> restore(endpoint, records));
        List<ServerAction> actions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String name = endpoints.get(i).serverName();
            FanOut.Outcome<ServerRestore> outcome = outcomes.get(i);
            if (outcome instanceof FanOut.Done<ServerRestore> done) {
                actions.addAll(done.value().actions());
                done.value().failure().ifPresentOrElse(failures::add, () -> restored.add(name));
            } else if (outcome instanceof FanOut.TimedOut<ServerRestore> timedOut) {
                failures.add(name + ": restore did not finish within " + timedOut.bound().toSeconds() + "s");
            } else {
                Throwable cause = ((FanOut.Failed<ServerRestore>) outcome).cause();
                failures.add(name + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }
        return new Result(actions, failures, restored);
    }

    /** What was put back on one server, and why it stopped short if it did. */
    private record ServerRestore(List<ServerAction> actions, Optional<String> failure) {
    }

    private ServerRestore restore(ServerEndpoint endpoint, ServerRecords records) {
        String name = endpoint.serverName();
        FirstObserved original = records.firstObserved().get(name);
        InFlight owed = records.inFlight(name);
        List<ServerAction> actions = new ArrayList<>();
        if (original.isEmpty() && owed.isEmpty()) {
            return new ServerRestore(actions, Optional.empty());
        }
        Set<Protocol> scope = EnumSet.noneOf(Protocol.class);
        scope.addAll(original.sslFlags().keySet());
        scope.addAll(original.extendedProtection().keySet());
        try (CasSession session = connector.connect(endpoint)) {
            ServerObservation now = session.observe(scope,
                    RestorePlan.needsOutlookAnywhere(original) ? Optional.of(name) : Optional.empty());
            RestorePlan plan = RestorePlan.of(original, now, owed.appPoolsOwed());
            if (!plan.sslFlagChanges().isEmpty() || !plan.tokenCheckingChanges().isEmpty() || !plan.appPoolsToRecycle().isEmpty()) {
                ServerSpec server = new ServerSpec();
                server.setName(name);
                server.setAddress(endpoint.address());
                server.setPort(endpoint.port());
                InFlight recorded = records.begin(server, new InFlight(Instant.now(), plan.appPoolsToRecycle(), false, null));
                session.change(CasSession.Change.iis(plan.sslFlagChanges(), plan.tokenCheckingChanges(), plan.appPoolsToRecycle()));
                records.settle(name, recorded.recyclesDone());
                String restored = Stream.concat(
                        plan.sslFlagChanges().entrySet().stream().map(change -> change.getKey() + " sslFlags=" + change.getValue()),
                        plan.tokenCheckingChanges().entrySet().stream().map(change -> change.getKey()
                                + " extendedProtection.tokenChecking=" + change.getValue()))
                        .collect(Collectors.joining(", "));
                actions.add(new ServerAction(EventReason.Restored, name + ": " + (restored.isEmpty() ? "" : restored
                        + " as first observed; ") + "recycled " + String.join(", ", plan.appPoolsToRecycle())));
            }
            if (plan.outlookAnywhere().isPresent()) {
                session.restoreOutlookAnywhere(name, plan.outlookAnywhere().get());
                actions.add(new ServerAction(EventReason.Restored, name + ": Set-OutlookAnywhere with every setting as first"
                        + " read (SSLOffloading $" + plan.outlookAnywhere().get().sslOffloading() + ", hostnames, client"
                        + " authentication, RequireSsl, IIS authentication methods), in Active Directory; the Exchange"
                        + " Service Host copies it to Default Web Site/Rpc at its next pass"));
            }
            return new ServerRestore(actions, Optional.empty());
        } catch (CasException e) {
            return new ServerRestore(actions, Optional.of(e.getMessage()));
        }
    }

    /** Each command has its own deadline; this bound only catches a server stuck between them. */
    private static Duration bound(ServerEndpoint endpoint) {
        return endpoint.commandDeadline().multipliedBy(MAX_COMMANDS_PER_SERVER + 1);
    }
}
