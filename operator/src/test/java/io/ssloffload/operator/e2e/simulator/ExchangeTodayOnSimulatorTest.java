package io.ssloffload.operator.e2e.simulator;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExtendedProtectionPolicy;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.reconcile.EventReason;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.reconcile.RestoreReconciliation;
import io.ssloffload.operator.reconcile.ServerAction;
import io.ssloffload.operator.testing.InProcessOperator;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static io.ssloffload.operator.testing.SimulatedFleet.protocol;
import static io.ssloffload.operator.testing.SimulatedFleet.server;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exchange as it runs today, against the simulator: 2019 CU14+/SE servers that Setup left with
 * Extended Protection on, the API vdir (absent on 2013), and fleets that mix 2013 to SE.
 */
@Tag("simulator")
class ExchangeTodayOnSimulatorTest {

    /** The in-scope vdirs of Default Web Site, by protocol. */
    private static final Map<String, String> VDIRS = Map.of("owa", "owa", "ecp", "ecp", "oab", "OAB",
            "eas", "Microsoft-Server-ActiveSync", "ews", "EWS", "autodiscover", "Autodiscover", "mapi", "mapi",
            "api", "API", "outlookAnywhere", "Rpc");

    private final InProcessOperator operator = new InProcessOperator();
    private CasSimulator simulator;
    private ExchangeSslOffload resource;
    private Instant now = Instant.now();

    @AfterEach
    void stop() {
        operator.close();
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(int servers, Consumer<CasSimulator.Builder> options) {
        CasSimulator.Builder builder = CasSimulator.builder().servers(servers).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15);
        options.accept(builder);
        simulator = builder.start();
        resource = SimulatedFleet.resource(simulator);
    }

    private OffloadReconciliation.Result reconcile() {
        return operator.reconcile(resource, now);
    }

    /** Past the Service Host's next pass, on the simulator's clock and the operator's. */
    private void afterServiceHostPass() {
        simulator.advanceClock(Duration.ofMinutes(16));
        now = now.plus(Duration.ofMinutes(16));
    }

    private Condition top(String type) {
        return condition(resource.getStatus().getConditions(), type);
    }

    private String tokenChecking(String server, String location) {
        return simulator.snapshot(server).location(location).orElseThrow().effectiveTokenChecking();
    }

    private Map<String, String> backEndTokenChecking(String server) {
        return simulator.snapshot(server).locations().stream().filter(l -> l.site().equals("Exchange Back End"))
                .collect(Collectors.toMap(CasSnapshot.Location::path, l -> String.valueOf(l.effectiveTokenChecking())));
    }

    private void turnOff() {
        resource.getSpec().setExtendedProtection(ExtendedProtectionPolicy.TurnOff);
        resource.getMetadata().setGeneration(resource.getMetadata().getGeneration() + 1);
    }

    @Test
    void anSeServerWithExtendedProtectionIsHeldAsAWholeUntilTheAdminTurnsItOffThenCusAreRepairedAndRestorePutsItBack() {
        start(1, b -> b.build(ExchangeBuild.parse("ExchangeSE")));
        resource.getSpec().setDeletionPolicy(DeletionPolicy.Restore);
        CasSnapshot installed = simulator.snapshot("CAS01");
        assertThat(installed.location("Default Web Site/owa").orElseThrow().effectiveTokenChecking()).isEqualTo("Require");

        reconcile();

        CasSnapshot held = simulator.snapshot("CAS01");
        assertThat(held.configChanges()).isEqualTo(installed.configChanges());
        assertThat(held.recycleLog()).isEqualTo(installed.recycleLog());
        assertThat(held.outlookAnywhere()).isEqualTo(installed.outlookAnywhere());
        // AD is read once, with the first observation, to record what it held before the operator came; nothing is set
        assertThat(held.exchangeSessions().totalOpened()).isEqualTo(installed.exchangeSessions().totalOpened() + 1);
        ServerStatus cas01 = server(resource, "CAS01");
        assertThat(cas01.getConditions()).hasSize(9).allMatch(c -> c.getReason().equals("ExtendedProtectionEnabled"));
        assertThat(protocol(resource, "CAS01", "owa").getMessage()).contains("Default Web Site/owa (tokenChecking=Require)",
                "Default Web Site/EWS (tokenChecking=Allow)", "Exchange Server SE RTM (15.2.2562.17)",
                "-DisableExtendedProtection", "/DoNotEnableEP", "TurnOff", "SSL bridging");
        assertThat(top("Ready").getStatus()).isEqualTo("False");
        assertThat(top("Stalled").getStatus()).isEqualTo("True");
        assertThat(top("Stalled").getReason()).isEqualTo("ExtendedProtectionEnabled");
        assertThat(cas01.getExchangeProduct()).isEqualTo("Exchange Server SE RTM");
        assertThat(cas01.getExchangeBuild()).isEqualTo("15.2.2562.17");
        assertThat(condition(cas01.getServerConditions(), "BuildSupported").getStatus()).isEqualTo("True");

        Map<String, String> backEnd = backEndTokenChecking("CAS01");
        turnOff();
        OffloadReconciliation.Result turnedOff = reconcile();
        assertThat(turnedOff.actions()).extracting(ServerAction::reason).contains(EventReason.ExtendedProtectionTurnedOff);
        assertThat(turnedOff.actions().stream().filter(a -> a.reason() == EventReason.ExtendedProtectionTurnedOff)
                .findFirst().orElseThrow().message()).contains("CVE-2022-24516", "CVE-2024-21410", "Default Web Site/owa (was Require)");
        afterServiceHostPass();
        reconcile();

        assertThat(top("Ready").getStatus()).as(top("Ready").getMessage()).isEqualTo("True");
        VDIRS.forEach((protocol, vdir) -> {
            assertThat(protocol(resource, "CAS01", protocol).getReason()).as(protocol).isEqualTo("Offloaded");
            assertThat(tokenChecking("CAS01", "Default Web Site/" + vdir)).as(vdir).isEqualTo("None");
        });
        assertThat(backEndTokenChecking("CAS01")).as("Exchange Back End is never touched").isEqualTo(backEnd);
        assertThat(tokenChecking("CAS01", "Default Web Site/PowerShell")).as("out of scope").isEqualTo("None");
        CasSnapshot offloaded = simulator.snapshot("CAS01");
        assertThat(offloaded.appPoolRecycles()).containsEntry("MSExchangeOWAAppPool", 1)
                .containsEntry("MSExchangeRestFrontEndAppPool", 1)
                .containsEntry("MSExchangeRpcProxyFrontEndAppPool", 1);

        // A CU turns Extended Protection (and Outlook Anywhere's SSLOffloading $false) back on: repaired like any drift.
        simulator.cumulativeUpdate("CAS01", ExchangeBuild.parse("15.2.2562.37"), false);
        assertThat(tokenChecking("CAS01", "Default Web Site/owa")).isEqualTo("Require");
        reconcile();
        afterServiceHostPass();
        reconcile();
        assertThat(top("Ready").getStatus()).as(top("Ready").getMessage()).isEqualTo("True");
        VDIRS.values().forEach(vdir -> assertThat(tokenChecking("CAS01", "Default Web Site/" + vdir)).as(vdir).isEqualTo("None"));
        assertThat(server(resource, "CAS01").getExchangeBuild()).as("ExSetup's version carries the SU").isEqualTo("15.2.2562.37");

        RestoreReconciliation.Result restored = operator.restore(resource);
        assertThat(restored.done()).as(restored.failures().toString()).isTrue();
        CasSnapshot after = simulator.snapshot("CAS01");
        for (String vdir : VDIRS.values()) {
            String location = "Default Web Site/" + vdir;
            assertThat(after.location(location).orElseThrow().effectiveTokenChecking()).as(vdir)
                    .isEqualTo(installed.location(location).orElseThrow().effectiveTokenChecking());
        }
        assertThat(after.location("Default Web Site/owa").orElseThrow().effectiveSslFlags()).isEqualTo("Ssl,Ssl128");
        assertThat(backEndTokenChecking("CAS01")).isEqualTo(backEnd);
    }

    @Test
    void aMixedFleetFrom2013ToSeConvergesInOneResourceAndApiIsNotPresentOn2013() {
        start(4, b -> b.build("CAS01", ExchangeBuild.parse("CU23")).build("CAS02", ExchangeBuild.parse("Exchange2016CU23"))
                .build("CAS03", ExchangeBuild.parse("Exchange2019CU15")).build("CAS04", ExchangeBuild.parse("ExchangeSE")));
        turnOff();

        reconcile();
        afterServiceHostPass();
        reconcile();

        assertThat(top("Ready").getStatus()).as(top("Ready").getMessage()).isEqualTo("True");
        assertThat(resource.getStatus().getSummary()).isEqualTo("4/4");
        Condition api2013 = protocol(resource, "CAS01", "api");
        assertThat(api2013.getReason()).isEqualTo("NotPresent");
        assertThat(api2013.getStatus()).isEqualTo("True");
        assertThat(api2013.getMessage()).contains("Default Web Site/API does not exist on Exchange Server 2013 CU23");
        for (String other : List.of("CAS02", "CAS03", "CAS04")) {
            assertThat(protocol(resource, other, "api").getReason()).as(other).isEqualTo("Offloaded");
        }
        assertThat(List.of("CAS01", "CAS02", "CAS03", "CAS04")).extracting(name -> server(resource, name).getExchangeProduct())
                .containsExactly("Exchange Server 2013 CU23", "Exchange Server 2016 CU23", "Exchange Server 2019 CU15",
                        "Exchange Server SE RTM");
        assertThat(List.of("CAS01", "CAS02", "CAS03", "CAS04"))
                .extracting(name -> condition(server(resource, name).getServerConditions(), "BuildSupported").getReason())
                .containsExactly("OutOfSupport", "OutOfSupport", "OutOfSupport", "Supported");
        assertThat(simulator.snapshot("CAS02").appPoolRecycles()).containsEntry("MSExchangeRestFrontEndAppPool", 1);
        assertThat(simulator.snapshot("CAS01").appPoolRecycles()).doesNotContainKey("MSExchangeRestFrontEndAppPool");
    }
}
