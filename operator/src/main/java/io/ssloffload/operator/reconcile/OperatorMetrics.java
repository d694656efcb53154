package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.plan.Rfc3339;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.RemoteCallListener;
import io.ssloffload.operator.status.StatusBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics (README "Metrics"), beside JOSDK's. Labels are protocols, states,
 * script names, failure kinds and pools: fixed small sets, never a resource or server name.
 */
public final class OperatorMetrics implements RemoteCallListener {

    /** Where a protocol on a server stands, for the per-protocol server counts. */
    enum ServerState { offloaded, pending, failing }

    /** The reasons that need a person, for the alerts (docs/operating.md): a fixed set of label values. */
    static final List<Reason> PROBLEMS = List.of(Reason.Unreachable, Reason.PropagationOverdue, Reason.Refused,
            Reason.ExtendedProtectionEnabled);

    private final MeterRegistry registry;
    /** Per resource (namespace/name), per protocol and state: how many of its servers are there. */
    private final Map<String, Map<Protocol, Map<ServerState, Integer>>> counts = new ConcurrentHashMap<>();
    /** Per resource: how many of its servers have at least one protocol in each of PROBLEMS. */
    private final Map<String, Map<Reason, Integer>> problems = new ConcurrentHashMap<>();
    /** The resources whose Stalled condition is True. */
    private final Set<String> stalled = ConcurrentHashMap.newKeySet();
    /**
     * When a reconcile last finished, in Unix seconds; the start until the first one, so that an
     * operator that never gets to reconcile is noticed as one that stopped.
     */
    private final AtomicLong lastReconcile = new AtomicLong(System.currentTimeMillis());

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Protocol protocol : Protocol.values()) {
            for (ServerState state : ServerState.values()) {
                Gauge.builder("exchange_ssl_offload_servers", () -> total(protocol, state))
                        .description("servers per protocol that are offloaded, pending (on their way) or failing"
                                + " (refused, overdue, unreachable), over all resources")
                        .tag("protocol", protocol.specName()).tag("state", state.name()).register(registry);
            }
        }
        for (Reason reason : PROBLEMS) {
            Gauge.builder("exchange_ssl_offload_server_problems", () -> problems.values().stream()
                            .mapToInt(byReason -> byReason.getOrDefault(reason, 0)).sum())
                    .description("servers with at least one protocol in this reason, over all resources")
                    .tag("reason", reason.name()).register(registry);
        }
        Gauge.builder("exchange_ssl_offload_resources_stalled", stalled, Set::size)
                .description("resources whose Stalled condition is True: the operator cannot go on without a person")
                .register(registry);
        Gauge.builder("exchange_ssl_offload_last_reconcile_timestamp_seconds", lastReconcile, millis -> millis.get() / 1000.0)
                .description("when a reconcile last finished (any result), or the operator started")
                .register(registry);
    }

    /** Metrics kept in memory and shown nowhere (the CLI, tests). */
    public static OperatorMetrics unexposed() {
        return new OperatorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void completed(String command, Duration took, CasException.Kind failure) {
        Timer.builder("exchange_ssl_offload_winrm_call_seconds").description("WinRM commands, by script")
                .tag("command", command).register(registry).record(took);
        if (failure != null) {
            Counter.builder("exchange_ssl_offload_winrm_failures_total").description("failed WinRM commands, by kind")
                    .tag("command", command).tag("kind", failure.name().toLowerCase(Locale.ROOT)).register(registry)
                    .increment();
        }
    }

    /** @param result Ready, NotReady, Blocked (stopped before any server), Deleted */
    void reconciled(String result) {
        Counter.builder("exchange_ssl_offload_reconciles_total").description("reconciles, by result")
                .tag("result", result).register(registry).increment();
        lastReconcile.set(System.currentTimeMillis());
    }

    /** Counts recycles and propagation waits from what a reconcile did and saw. */
    void observed(ExchangeSslOffloadStatus previous, Iterable<ServerAction> events, Instant now) {
        for (ServerAction event : events) {
            if (event.reason() == EventReason.SslOffloaded || event.reason() == EventReason.AppPoolsRecycled
                    || event.reason() == EventReason.Restored) {
                for (Protocol protocol : Protocol.values()) {
                    protocol.appPool().filter(pool -> event.message().contains(pool)).ifPresent(pool ->
                            Counter.builder("exchange_ssl_offload_app_pool_recycles_total")
                                    .description("app pools recycled, by protocol").tag("protocol", protocol.specName())
                                    .register(registry).increment());
                }
            }
            if (event.reason() == EventReason.PropagationLanded) {
                String server = event.message().substring(0, event.message().indexOf(' '));
                ServerStatus before = StatusBuilder.previousServer(previous, server);
                if (before != null && before.getOutlookAnywhere() != null) {
                    Rfc3339.parse(before.getOutlookAnywhere().getAdChangedTime()).ifPresent(changed ->
                            Timer.builder("exchange_ssl_offload_propagation_wait_seconds")
                                    .description("from Set-OutlookAnywhere until the Service Host had copied it into IIS")
                                    .register(registry).record(Duration.between(changed, now)));
                }
            }
        }
    }

    /** The resource's servers, per protocol and state, as its new status shows them. */
    void status(String resource, ExchangeSslOffloadStatus status) {
        Map<Protocol, Map<ServerState, Integer>> byProtocol = new EnumMap<>(Protocol.class);
        Map<Reason, Integer> byReason = new EnumMap<>(Reason.class);
        for (ServerStatus server : status.getServers()) {
            PROBLEMS.stream().filter(reason -> server.getConditions().stream()
                            .anyMatch(condition -> reason.name().equals(condition.getReason())))
                    .forEach(reason -> byReason.merge(reason, 1, Integer::sum));
            for (Condition condition : server.getConditions()) {
                if (Reason.NotPresent.name().equals(condition.getReason())) {
                    continue; // no vdir there: neither offloaded nor waiting
                }
                Protocol.fromSpecName(condition.getType()).ifPresent(protocol -> byProtocol
                        .computeIfAbsent(protocol, p -> new EnumMap<>(ServerState.class))
                        .merge(state(condition.getReason()), 1, Integer::sum));
            }
        }
        counts.put(resource, byProtocol);
        problems.put(resource, byReason);
        boolean isStalled = status.getConditions().stream().anyMatch(condition ->
                StatusBuilder.STALLED.equals(condition.getType()) && "True".equals(condition.getStatus()));
        if (isStalled) {
            stalled.add(resource);
        } else {
            stalled.remove(resource);
        }
    }

    /** How the metrics name a resource: namespace/name. */
    static String key(ExchangeSslOffload resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    void forget(String resource) {
        counts.remove(resource);
        problems.remove(resource);
        stalled.remove(resource);
    }

    private static ServerState state(String reason) {
        if (Reason.Offloaded.name().equals(reason)) {
            return ServerState.offloaded;
        }
        boolean failing = Reason.Refused.name().equals(reason) || Reason.PropagationOverdue.name().equals(reason)
                || Reason.ExtendedProtectionEnabled.name().equals(reason)
                || Reason.Unreachable.name().equals(reason);
        return failing ? ServerState.failing : ServerState.pending;
    }

    private double total(Protocol protocol, ServerState state) {
        return counts.values().stream().mapToInt(byProtocol -> byProtocol.getOrDefault(protocol, Map.of())
                .getOrDefault(state, 0)).sum();
    }
}
