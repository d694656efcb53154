package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gauges the chart's alerts (PrometheusRule) are written against. */
class OperatorMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    @Test
    void serversWithAProblemAreCountedOncePerReasonAcrossResources() {
        metrics.status("ex/a", status(false,
                server("cas01", condition("owa", "Unreachable"), condition("ews", "Unreachable")),
                server("cas02", condition("rpc", "PropagationOverdue"), condition("owa", "Offloaded"))));
        metrics.status("ex/b", status(false, server("cas03", condition("owa", "Unreachable"))));

        assertEquals(2.0, problems("Unreachable"), "two servers, whatever their number of protocols");
        assertEquals(1.0, problems("PropagationOverdue"));
        assertEquals(0.0, problems("Refused"), "every reason is exported, at 0 when none");

        metrics.status("ex/a", status(false, server("cas01", condition("owa", "Offloaded"))));
        assertEquals(1.0, problems("Unreachable"));
        assertEquals(0.0, problems("PropagationOverdue"));
        metrics.forget("ex/b");
        assertEquals(0.0, problems("Unreachable"));
    }

    @Test
    void stalledResourcesAreCountedUntilTheyAreNoLongerStalledOrGone() {
        assertEquals(0.0, stalled());
        metrics.status("ex/a", status(true));
        metrics.status("ex/b", status(true));
        assertEquals(2.0, stalled());
        metrics.status("ex/a", status(false));
        assertEquals(1.0, stalled());
        metrics.forget("ex/b");
        assertEquals(0.0, stalled());
    }

    @Test
    void theLastReconcileStartsAtTheStartAndMovesWithEachFinishedReconcile() throws InterruptedException {
        double started = lastReconcile();
        assertTrue(Math.abs(started - System.currentTimeMillis() / 1000.0) < 60, () -> "started " + started);
        Thread.sleep(20);
        metrics.reconciled("NotReady");
        assertTrue(lastReconcile() > started, "a finished reconcile, Ready or not, counts");
    }

    private double problems(String reason) {
        return registry.get("exchange_ssl_offload_server_problems").tag("reason", reason).gauge().value();
    }

    private double stalled() {
        return registry.get("exchange_ssl_offload_resources_stalled").gauge().value();
    }

    private double lastReconcile() {
        return registry.get("exchange_ssl_offload_last_reconcile_timestamp_seconds").gauge().value();
    }

    private static ExchangeSslOffloadStatus status(boolean isStalled, ServerStatus... servers) {
        ExchangeSslOffloadStatus status = new ExchangeSslOffloadStatus();
        status.setConditions(new ArrayList<>(List.of(new ConditionBuilder().withType("Stalled")
                .withStatus(isStalled ? "True" : "False").withReason(isStalled ? "InvalidSpec" : "NotStalled").build())));
        status.setServers(new ArrayList<>(List.of(servers)));
        return status;
    }

    private static ServerStatus server(String name, Condition... conditions) {
        ServerStatus server = new ServerStatus();
        server.setName(name);
        server.setConditions(new ArrayList<>(List.of(conditions)));
        return server;
    }

    private static Condition condition(String protocol, String reason) {
        return new ConditionBuilder().withType(protocol).withStatus("Offloaded".equals(reason) ? "True" : "False")
                .withReason(reason).build();
    }
}
