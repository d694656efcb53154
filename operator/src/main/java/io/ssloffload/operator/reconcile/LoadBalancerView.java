package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.api.v1alpha1.HealthCheckSpec;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.HealthProbe;
import io.ssloffload.operator.status.ServerOutcome;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * After offloading, probes each offloaded protocol's healthcheck.htm as the load balancer does
 * (plain HTTP to the server's {@code healthCheck} host and port, default its address and port
 * 80), servers in parallel on the server pool, each probe under {@link HealthProbe#DEADLINE}.
 */
final class LoadBalancerView {

    static final int DEFAULT_PORT = 80;

    private final HealthProbe probe = new HealthProbe();
    private final ExecutorService executor;

    LoadBalancerView(ExecutorService executor) {
        this.executor = executor;
    }

    /** Server name → protocol → answer, for the servers reached this time with a protocol offloaded. */
    Map<String, Map<Protocol, HealthProbe.Answer>> probe(List<ServerSpec> servers, List<ServerOutcome> outcomes) {
        Map<String, Future<Map<Protocol, HealthProbe.Answer>>> running = new LinkedHashMap<>();
        for (ServerOutcome outcome : outcomes) {
            if (!(outcome instanceof ServerOutcome.Reached reached)) {
                continue;
            }
            List<Protocol> offloaded = reached.states().values().stream()
                    .filter(state -> state.reason() == ProtocolState.Reason.Offloaded)
                    .map(ProtocolState::protocol).filter(Protocol::answersHealthCheck).toList();
            ServerSpec server = servers.stream().filter(s -> s.getName().equalsIgnoreCase(reached.name())).findFirst().orElse(null);
            if (offloaded.isEmpty() || server == null) {
                continue;
            }
            HealthCheckSpec target = server.getHealthCheck();
            String host = target != null && target.getHost() != null ? target.getHost() : server.getAddress();
            int port = target != null && target.getPort() != null ? target.getPort() : DEFAULT_PORT;
            running.put(reached.name(), executor.submit(() -> {
                Map<Protocol, HealthProbe.Answer> answers = new EnumMap<>(Protocol.class);
                offloaded.forEach(p -> answers.put(p, probe.probe(HealthProbe.url(host, port, p))));
                return answers;
            }));
        }
        Map<String, Map<Protocol, HealthProbe.Answer>> answers = new LinkedHashMap<>();
        long bound = HealthProbe.DEADLINE.multipliedBy(Protocol.values().length + 1L).toMillis();
        running.forEach((name, future) -> {
            try {
                answers.put(name, future.get(bound, TimeUnit.MILLISECONDS));
            } catch (TimeoutException | ExecutionException e) {
                // a probe that cannot finish tells nothing new: the server keeps what it last showed
                future.cancel(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return answers;
    }
}
