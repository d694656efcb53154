package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.api.v1alpha1.HealthCheckSpec;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.HealthProbe;
import io.ssloffload.operator.status.HealthCheckAnswer;
import io.ssloffload.operator.status.ServerOutcome;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

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
    Map<String, Map<Protocol, HealthCheckAnswer>> probe(List<ServerSpec> servers, List<ServerOutcome> outcomes) {
        Map<String, Target> targets = new LinkedHashMap<>();
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
            targets.put(reached.name(), new Target(reached.name(), host, port, offloaded));
        }
        List<Target> probing = List.copyOf(targets.values());
        Duration bound = HealthProbe.DEADLINE.multipliedBy(Protocol.values().length + 1L);
        List<FanOut.Outcome<Map<Protocol, HealthProbe.Answer>>> outcomesByServer = FanOut.run(executor, probing,
                Target::server, target -> bound, target -> {
                    Map<Protocol, HealthProbe.Answer> answers = new EnumMap<>(Protocol.class);
                    target.protocols().forEach(p -> answers.put(p, probe.probe(HealthProbe.url(target.host(), target.port(), p))));
                    return answers;
                });
        Map<String, Map<Protocol, HealthCheckAnswer>> answers = new LinkedHashMap<>();
        for (int i = 0; i < probing.size(); i++) {
            // a probe that cannot finish tells nothing new: the server keeps what it last showed
            if (outcomesByServer.get(i) instanceof FanOut.Done<Map<Protocol, HealthProbe.Answer>> done) {
                Map<Protocol, HealthCheckAnswer> answered = new EnumMap<>(Protocol.class);
                done.value().forEach((protocol, answer) -> answered.put(protocol, forStatus(answer)));
                answers.put(probing.get(i).server(), answered);
            }
        }
        return answers;
    }

    private static HealthCheckAnswer forStatus(HealthProbe.Answer answer) {
        return new HealthCheckAnswer(answer.verdict() == HealthProbe.Verdict.Passing, answer.verdict().name(), answer.answer());
    }

    private record Target(String server, String host, int port, List<Protocol> protocols) {
    }
}
