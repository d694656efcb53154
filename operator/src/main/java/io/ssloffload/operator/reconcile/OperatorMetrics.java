package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics (README "Metrics"), beside JOSDK's. Labels are protocols, states,
 * script names, failure kinds and pools: fixed small sets, never a resource or server name.
 */
public final class OperatorMetrics implements RemoteCallListener {

    /** Where a protocol on a server stands, for the per-protocol server counts. */
    enum ServerState { offloaded, pending, failing }

    private final MeterRegistry registry;
    /** Per resource (namespace/name), per protocol and state: how many of its servers are there. */
    private final Map<String, Map<Protocol, Map<ServerState, Integer>>> counts = new ConcurrentHashMap<>();

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
        for (ServerStatus server : status.getServers()) {
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
    }

    void forget(String resource) {
        counts.remove(resource);
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
