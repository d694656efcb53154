package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.ExtendedProtectionPolicy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.ssloffload.operator.plan.PlanFixtures.SHIPPED;
import static io.ssloffload.operator.plan.PlanFixtures.WANTED_OA;
import static io.ssloffload.operator.plan.PlanFixtures.adWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Extended Protection held as a whole (Respect), turned off (TurnOff), and the API vdir absent on 2013. */
class ExtendedProtectionPlanningTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final ExchangeBuild SE = ExchangeBuild.parse("15.2.2562.17");
    private static final ExchangeBuild EXCHANGE_2013_CU23 = ExchangeBuild.parse("15.0.1497.2");

    /** Microsoft's recommended Extended Protection on Default Web Site, as SE Setup leaves it. */
    private static final Map<Protocol, String> SE_DEFAULTS = Map.of(
            Protocol.OWA, "Require", Protocol.ECP, "Require", Protocol.OAB, "Allow", Protocol.EAS, "Allow",
            Protocol.EWS, "Allow", Protocol.AUTODISCOVER, "None", Protocol.MAPI, "Require", Protocol.API, "Require",
            Protocol.OUTLOOK_ANYWHERE, "Require");

    private static DesiredOffload desired(ExtendedProtectionPolicy policy) {
        return new DesiredOffload(Protocol.offloadableProtocols(), Map.of(), Optional.of(WANTED_OA), RecycleMode.APP_POOLS,
                Duration.ofMinutes(15), Duration.ofMinutes(1), policy);
    }

    /** Out of the box: every vdir requires SSL but Rpc (None), with the given Extended Protection. */
    private static ServerObservation installed(ExchangeBuild build, Map<Protocol, String> tokenChecking, Set<Protocol> notPresent) {
        Map<Protocol, SslFlags> flags = new EnumMap<>(Protocol.class);
        Map<Protocol, String> ep = new EnumMap<>(Protocol.class);
        for (Protocol protocol : Protocol.offloadableProtocols()) {
            if (!notPresent.contains(protocol)) {
                flags.put(protocol, protocol == Protocol.OUTLOOK_ANYWHERE ? SslFlags.NONE : SHIPPED);
                ep.put(protocol, tokenChecking.getOrDefault(protocol, "None"));
            }
        }
        return new ServerObservation(build, flags, ep, Optional.empty(), Optional.of(adWith(true)), notPresent);
    }

    @Test
    void respectHoldsAServerWithExtendedProtectionAsAWholeAndSaysTheWaysOut() {
        ServerObservation observation = installed(SE, Map.of(Protocol.OWA, "Require", Protocol.EWS, "Allow"), Set.of());

        ServerPlan plan = Planner.plan(desired(ExtendedProtectionPolicy.Respect), observation, OutlookAnywhereProgress.NONE, NOW);

        assertThat(plan.changesAnything()).isFalse();
        assertThat(plan.protocolStates().values()).extracting(ProtocolState::reason)
                .hasSize(9).containsOnly(Reason.ExtendedProtectionEnabled);
        assertThat(Reason.ExtendedProtectionEnabled.stalls()).isTrue();
        assertThat(plan.protocolStates().get(Protocol.OWA).message())
                .startsWith("Default Web Site/owa has Extended Protection on (tokenChecking=Require); ");
        assertThat(plan.protocolStates().get(Protocol.ECP).message())
                .startsWith("held with the rest of the server; ")
                .contains("Default Web Site/owa (tokenChecking=Require), Default Web Site/EWS (tokenChecking=Allow)",
                        "Exchange Server SE RTM (15.2.2562.17)",
                        "ExchangeExtendedProtectionManagement.ps1 -DisableExtendedProtection",
                        "/DoNotEnableEP and /DoNotEnableEP_FEEWS", "spec.extendedProtection: TurnOff", "SSL bridging",
                        "Outlook Anywhere SSLOffloading $true");
        // no Exchange session is opened for a server that is held
        assertThat(Planner.needsOutlookAnywhere(desired(ExtendedProtectionPolicy.Respect),
                installed(SE, SE_DEFAULTS, Set.of()), OutlookAnywhereProgress.NONE, NOW, true)).isFalse();
    }

    @Test
    void extendedProtectionOutOfScopeDoesNotHoldTheServer() {
        DesiredOffload owaOnly = new DesiredOffload(Set.of(Protocol.OWA), Map.of(), Optional.empty(), RecycleMode.APP_POOLS,
                Duration.ofMinutes(15), Duration.ofMinutes(1), ExtendedProtectionPolicy.Respect);

        ServerPlan plan = Planner.plan(owaOnly, installed(SE, Map.of(Protocol.EWS, "Require"), Set.of()),
                OutlookAnywhereProgress.NONE, NOW);

        assertThat(plan.sslFlagChanges()).containsOnlyKeys("Default Web Site/owa");
    }

    @Test
    void turnOffSetsTokenCheckingNoneOnTheVdirsWithItAndRecyclesEachPoolOnce() {
        ServerObservation observation = installed(SE, SE_DEFAULTS, Set.of());

        ServerPlan plan = Planner.plan(desired(ExtendedProtectionPolicy.TurnOff), observation, OutlookAnywhereProgress.NONE, NOW);

        assertThat(plan.tokenCheckingChanges()).containsExactly(
                Map.entry("Default Web Site/owa", "None"), Map.entry("Default Web Site/ecp", "None"),
                Map.entry("Default Web Site/OAB", "None"), Map.entry("Default Web Site/Microsoft-Server-ActiveSync", "None"),
                Map.entry("Default Web Site/EWS", "None"), Map.entry("Default Web Site/mapi", "None"),
                Map.entry("Default Web Site/API", "None"), Map.entry("Default Web Site/Rpc", "None"));
        assertThat(plan.tokenCheckingChanges().keySet()).allMatch(location -> location.startsWith("Default Web Site/"));
        assertThat(plan.sslFlagChanges()).hasSize(8).doesNotContainKey("Default Web Site/Rpc");
        assertThat(plan.appPoolsToRecycle()).doesNotHaveDuplicates()
                .contains("MSExchangeOWAAppPool", "MSExchangeRestFrontEndAppPool", "MSExchangeRpcProxyFrontEndAppPool");
        // Rpc's sslFlags are already None (SSLOffloading $true): its Extended Protection is what is being changed
        assertThat(plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason()).isEqualTo(Reason.Applying);
        assertThat(plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message())
                .startsWith("Extended Protection on Default Web Site/Rpc is turned off (tokenChecking Require → None");
        assertThat(plan.protocolStates().get(Protocol.OWA).message()).contains("tokenChecking Require → None");
        assertThat(ExtendedProtection.turnedOff(plan, observation).orElseThrow())
                .contains("Default Web Site/owa (was Require)", "Default Web Site/EWS (was Allow)", "CVE-2022-24516",
                        "CVE-2022-21979", "CVE-2022-21980", "CVE-2022-24477", "CVE-2022-30134", "CVE-2024-21410");

        PendingChanges pending = PendingChanges.of(observation, plan, desired(ExtendedProtectionPolicy.TurnOff));
        assertThat(pending.changes()).contains(new PendingChanges.Change(Protocol.OUTLOOK_ANYWHERE,
                "extendedProtection.tokenChecking", "Require", "None"));
    }

    @Test
    void turnOffOnAServerAlreadyOffloadedAndWithoutExtendedProtectionChangesNothing() {
        Map<Protocol, SslFlags> flags = new EnumMap<>(Protocol.class);
        Map<Protocol, String> ep = new EnumMap<>(Protocol.class);
        Protocol.offloadableProtocols().forEach(p -> {
            flags.put(p, SslFlags.NONE);
            ep.put(p, "None");
        });
        ServerObservation done = new ServerObservation(SE, flags, ep, Optional.empty(), Optional.of(adWith(true)));

        ServerPlan plan = Planner.plan(desired(ExtendedProtectionPolicy.TurnOff), done,
                OutlookAnywhereProgress.NONE.confirmed(desired(ExtendedProtectionPolicy.TurnOff).outlookAnywhereFingerprint().orElseThrow(), NOW),
                NOW);

        assertThat(plan.changesAnything()).isFalse();
        assertThat(plan.allOffloaded()).isTrue();
    }

    @Test
    void theApiVdirMissingOnExchange2013IsNotPresentAndDoesNotHoldAnything() {
        ServerObservation observation = installed(EXCHANGE_2013_CU23, Map.of(), Set.of(Protocol.API));

        ServerPlan plan = Planner.plan(desired(ExtendedProtectionPolicy.Respect), observation, OutlookAnywhereProgress.NONE, NOW);

        ProtocolState api = plan.protocolStates().get(Protocol.API);
        assertThat(api.reason()).isEqualTo(Reason.NotPresent);
        assertThat(api.status()).isEqualTo(ProtocolState.Status.True);
        assertThat(api.message()).isEqualTo("Default Web Site/API does not exist on Exchange Server 2013 CU23 (15.0.1497.2):"
                + " nothing to offload there");
        assertThat(plan.sslFlagChanges()).hasSize(7).doesNotContainKey("Default Web Site/API");
        assertThat(plan.appPoolsToRecycle()).doesNotContain("MSExchangeRestFrontEndAppPool");
    }

    @Test
    void aPlanNeverChangesExtendedProtectionOutsideDefaultWebSite() {
        assertThatThrownBy(() -> new ServerPlan(Map.of(), List.of(), false, Optional.empty(), Map.of(),
                OutlookAnywhereProgress.NONE, Optional.empty(), Map.of("Exchange Back End/owa", "None")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only Default Web Site");
    }
}
