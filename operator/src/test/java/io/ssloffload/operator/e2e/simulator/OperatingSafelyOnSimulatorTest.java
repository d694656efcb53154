package io.ssloffload.operator.e2e.simulator;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.HealthCheckSpec;
import io.ssloffload.operator.api.v1alpha1.ManagementPolicy;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.reconcile.EventReason;
import io.ssloffload.operator.reconcile.FirstObservedStore;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.reconcile.RestoreReconciliation;
import io.ssloffload.operator.reconcile.ServerAction;
import io.ssloffload.operator.remote.HealthProbe;
import io.ssloffload.operator.testing.InProcessOperator;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.iis.IisSetting;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanFaultKind;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static io.ssloffload.operator.testing.SimulatedFleet.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undo on delete and the load balancer's view, with the real WinRM client and scripts against
 * two simulated servers: what was first observed is what Restore puts back, and healthcheck.htm
 * answers as a load balancer sees it.
 */
@Tag("simulator")
class OperatingSafelyOnSimulatorTest {

    private static final String OWA = "Default Web Site/owa";
    private final InProcessOperator operator = new InProcessOperator();
    private CasSimulator simulator;
    private ExchangeSslOffload resource;

    @BeforeEach
    void start() {
        simulator = CasSimulator.builder().servers(2).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15).start();
        resource = SimulatedFleet.resource(simulator);
        resource.getSpec().setDeletionPolicy(DeletionPolicy.Restore);
        resource.getSpec().getServers().forEach(server -> {
            HealthCheckSpec healthCheck = new HealthCheckSpec();
            healthCheck.setPort(URI.create(simulator.address(server.getName()).iisUrl()).getPort());
            server.setHealthCheck(healthCheck);
        });
    }

    @AfterEach
    void stop() {
        operator.close();
        simulator.close();
    }

    private void reconcile() {
        operator.reconcile(resource, Instant.now());
    }

    @Test
    void restorePutsBackWhatWasFirstObservedEvenAfterStatusIsLostAndRecyclesOnlyWhatChanged() {
        // CAS02's owa had been offloaded by hand before the operator came: that is its original.
        simulator.server("CAS02").writeConfig(OWA, IisSetting.SSL_FLAGS, "None", "an admin");
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        String cas01Hostname = simulator.snapshot("CAS01").outlookAnywhere().externalHostname();

        reconcile();
        simulator.advanceClock(Duration.ofMinutes(15));
        reconcile();
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        String recorded = resource.getMetadata().getAnnotations().get(FirstObservedStore.annotation("CAS01"));
        assertThat(recorded).contains("\"owa\":\"Ssl,Ssl128\"", "\"sslOffloading\":false");

        // A user rewrites status (or a backup restores the resource without it): the originals live elsewhere.
        resource.setStatus(null);
        reconcile();
        assertEquals(recorded, resource.getMetadata().getAnnotations().get(FirstObservedStore.annotation("CAS01")),
                "a later look at the offloaded server does not replace the original");

        int owaRecycles = simulator.recycleCount("CAS02", "MSExchangeOWAAppPool");
        RestoreReconciliation.Result result = operator.restore(resource);

        assertTrue(result.done(), result.failures()::toString);
        assertEquals("Ssl,Ssl128", effective("CAS01", OWA));
        assertEquals("None", effective("CAS02", OWA), "CAS02's owa was offloaded when first seen: left so");
        assertEquals("Ssl,Ssl128", effective("CAS02", "Default Web Site/ecp"));
        assertEquals(owaRecycles, simulator.recycleCount("CAS02", "MSExchangeOWAAppPool"), "unchanged, not recycled");
        assertEquals(2, simulator.recycleCount("CAS02", "MSExchangeECPAppPool"), "offload, then restore");
        var ad = simulator.snapshot("CAS01").outlookAnywhere();
        assertFalse(ad.sslOffloading(), "SSLOffloading as first read");
        assertEquals(cas01Hostname, ad.externalHostname());
        assertNull(ad.internalHostname(), "unset when first read, so unset again");
        assertTrue(result.actions().stream().allMatch(a -> a.reason() == EventReason.Restored), result.actions()::toString);

        RestoreReconciliation.Result again = operator.restore(resource);
        assertTrue(again.done() && again.actions().isEmpty(), "a retry finds nothing left to do: " + again.actions());
    }

    /**
     * Restore follows what the operator did, not what the resource says now: a resource that
     * managed its servers and was then switched to ObserveOnly still puts them back; one that only
     * ever observed puts back nothing (an admin's hand edits since are left alone).
     */
    @Test
    void restorePutsBackTheServersTheOperatorChangedEvenAfterASwitchToObserveOnly() {
        reconcile();
        assertThat(effective("CAS01", OWA)).isEqualTo("None");
        resource.getSpec().setManagementPolicy(ManagementPolicy.ObserveOnly);
        reconcile();

        RestoreReconciliation.Result result = operator.restore(resource);

        assertThat(result.done()).as(result.failures().toString()).isTrue();
        assertThat(effective("CAS01", OWA)).isEqualTo("Ssl,Ssl128");
        assertThat(effective("CAS02", OWA)).isEqualTo("Ssl,Ssl128");

        ExchangeSslOffload observer = SimulatedFleet.resource(simulator);
        observer.getSpec().setDeletionPolicy(DeletionPolicy.Restore);
        observer.getSpec().setManagementPolicy(ManagementPolicy.ObserveOnly);
        operator.reconcile(observer, Instant.now());
        simulator.server("CAS01").writeConfig(OWA, IisSetting.SSL_FLAGS, "None", "an admin");
        RestoreReconciliation.Result nothing = operator.restore(observer);
        assertThat(nothing.actions()).as("a resource that only observed changes nothing on deletion").isEmpty();
        assertThat(effective("CAS01", OWA)).isEqualTo("None");
    }

    /**
     * A server removed from spec.servers under deletionPolicy Restore is put back as first
     * observed by the next reconcile, and then forgotten: none of its annotations linger.
     */
    @Test
    void aServerRemovedFromTheSpecIsPutBackAndForgotten() {
        reconcile();
        assertThat(effective("CAS02", OWA)).isEqualTo("None");
        resource.getSpec().setServers(new java.util.ArrayList<>(resource.getSpec().getServers().subList(0, 1)));

        OffloadReconciliation.Result result = operator.reconciliation().reconcile(resource, SimulatedFleet::secret, Instant.now());

        assertThat(effective("CAS02", OWA)).isEqualTo("Ssl,Ssl128");
        assertThat(effective("CAS01", OWA)).as("still in the spec: left offloaded").isEqualTo("None");
        assertThat(result.actions()).anySatisfy(action -> {
            assertThat(action.reason()).isEqualTo(EventReason.Restored);
            assertThat(action.message()).startsWith("CAS02: ");
        });
        assertThat(resource.getMetadata().getAnnotations().keySet()).noneMatch(key -> key.endsWith(".cas02"));
    }

    /** What a partly failed attempt did put back is reported (its Events), not dropped with the failure. */
    @Test
    void aRestoreThatFailsHalfwayStillReportsWhatItPutBack() {
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        reconcile();
        simulator.advanceClock(Duration.ofMinutes(15));
        reconcile();
        // observe with AD read, apply IIS answer; the Set-OutlookAnywhere that follows is refused
        simulator.faults("CAS01").fromNth(WsmanOperation.COMMAND, 3, InjectedFault.fault(WsmanFaultKind.ACCESS_DENIED));

        RestoreReconciliation.Result result = operator.restore(resource);

        assertThat(result.done()).isFalse();
        assertThat(result.failures()).singleElement().asString().startsWith("CAS01");
        assertThat(effective("CAS01", OWA)).isEqualTo("Ssl,Ssl128");
        assertThat(result.actions()).anySatisfy(action -> assertThat(action.message()).startsWith("CAS01: ").contains("sslFlags"));
    }

    @Test
    void anUnreachableServerDuringRestoreIsReportedAndTheRetryFinishesTheJob() {
        reconcile();
        simulator.stopServer("CAS02");

        RestoreReconciliation.Result blocked = operator.restore(resource);
        assertFalse(blocked.done());
        assertEquals(1, blocked.failures().size(), blocked.failures()::toString);
        assertTrue(blocked.failures().get(0).startsWith("CAS02"), blocked.failures().get(0));
        assertEquals("Ssl,Ssl128", effective("CAS01", OWA), "the reachable server is restored meanwhile");

        simulator.startServer("CAS02");
        RestoreReconciliation.Result retried = operator.restore(resource);
        assertTrue(retried.done(), retried.failures()::toString);
        assertEquals(List.of("CAS02"), retried.actions().stream().map(ServerAction::message)
                .map(m -> m.substring(0, m.indexOf(':'))).distinct().toList());
        assertEquals("Ssl,Ssl128", effective("CAS02", OWA));
    }

    @Test
    void eachOffloadedProtocolsHealthCheckPassesAsTheLoadBalancerSeesIt() {
        reconcile();
        List<Condition> checks = server(resource, "CAS01").getHealthChecks();
        // a new server's Outlook Anywhere is offloaded at install: Rpc is probed too
        assertEquals(List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi", "outlookAnywhere"),
                checks.stream().map(Condition::getType).toList());
        for (Condition check : checks) {
            assertEquals("True", check.getStatus(), check::toString);
            assertEquals("Passing", check.getReason());
            assertEquals("HTTP 200 200 OK<br/>CAS01", check.getMessage());
        }
    }

    @Test
    void theProbeTellsSslStillRequiredFromFailing() {
        URI iis = URI.create(simulator.address("CAS01").iisUrl());
        HealthProbe probe = new HealthProbe();
        HealthProbe.Answer required = probe.probe(HealthProbe.url(iis.getHost(), iis.getPort(), Protocol.OWA));
        assertEquals(HealthProbe.Verdict.SslRequired, required.verdict(), required.answer());

        simulator.stopServer("CAS01");
        HealthProbe.Answer down = probe.probe(HealthProbe.url(iis.getHost(), iis.getPort(), Protocol.OWA));
        assertEquals(HealthProbe.Verdict.Failing, down.verdict());
        assertThat(down.answer()).contains("ConnectException");
    }

    private String effective(String server, String location) {
        return simulator.snapshot(server).location(location).orElseThrow().effectiveSslFlags();
    }
}
