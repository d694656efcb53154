package io.ssloffload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.remote.HealthProbe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts the load balancer's view into a built status: per server, one {@code healthChecks}
 * condition per probed protocol. A server not probed this time (unreached, nothing offloaded)
 * keeps what it last showed. Pure; transition times as in {@link StatusBuilder}.
 */
public final class HealthCheckConditions {

    private HealthCheckConditions() {
    }

    /** @param answers server name → protocol → what its healthcheck.htm answered */
    public static void apply(ExchangeSslOffloadStatus status, ExchangeSslOffloadStatus previous,
                             Map<String, Map<Protocol, HealthProbe.Answer>> answers, long generation, Instant now) {
        for (ServerStatus server : status.getServers()) {
            ServerStatus before = StatusBuilder.previousServer(previous, server.getName());
            List<Condition> earlier = before == null ? null : before.getHealthChecks();
            Map<Protocol, HealthProbe.Answer> probed = answers.get(server.getName());
            if (probed == null || probed.isEmpty()) {
                server.setHealthChecks(earlier);
                continue;
            }
            List<Condition> conditions = new ArrayList<>();
            probed.forEach((protocol, answer) -> conditions.add(StatusBuilder.newCondition(
                    StatusBuilder.find(earlier, protocol.specName()), protocol.specName(),
                    answer.verdict() == HealthProbe.Verdict.Passing ? "True" : "False",
                    answer.verdict().name(), answer.answer(), generation, now)));
            server.setHealthChecks(conditions);
        }
    }
}
