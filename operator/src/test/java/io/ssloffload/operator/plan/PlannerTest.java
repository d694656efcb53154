package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.ssloffload.operator.plan.PlanFixtures.CU23;
import static io.ssloffload.operator.plan.PlanFixtures.SHIPPED;
import static io.ssloffload.operator.plan.PlanFixtures.allProtocols;
import static io.ssloffload.operator.plan.PlanFixtures.desired;
import static io.ssloffload.operator.plan.PlanFixtures.observedEverywhere;
import static io.ssloffload.operator.plan.PlanFixtures.with;
import static io.ssloffload.operator.plan.PlanFixtures.withTokenChecking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T20:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "OWA,          Default Web Site/owa,                         MSExchangeOWAAppPool",
            "ECP,          Default Web Site/ecp,                         MSExchangeECPAppPool",
            "OAB,          Default Web Site/OAB,                         MSExchangeOABAppPool",
            "EAS,          Default Web Site/Microsoft-Server-ActiveSync, MSExchangeSyncAppPool",
            "EWS,          Default Web Site/EWS,                         MSExchangeServicesAppPool",
            "AUTODISCOVER, Default Web Site/Autodiscover,                MSExchangeAutodiscoverAppPool",
            "MAPI,         Default Web Site/mapi,                        MSExchangeMapiFrontEndAppPool"})
    void iisProtocolRequiringSslIsChangedAtItsLocationAndOnlyItsPoolRecycled(Protocol protocol, String location, String pool) {
        ServerPlan plan = Planner.plan(desired(Set.of(protocol)), observedEverywhere(CU23, SHIPPED),
                OutlookAnywhereProgress.NONE, NOW);

        assertEquals(Map.of(location, SslFlags.NONE), plan.sslFlagChanges());
        assertEquals(List.of(pool), plan.appPoolsToRecycle());
        assertFalse(plan.iisReset());
        ProtocolState state = plan.protocolStates().get(protocol);
        assertEquals(Reason.SslRequired, state.reason());
        assertEquals(ProtocolState.Status.False, state.status());
        assertEquals(location + " requires SSL (sslFlags=Ssl,Ssl128); setting sslFlags=None", state.message());
        assertEquals(Set.of(protocol), plan.protocolStates().keySet());
        assertEquals(Optional.empty(), plan.nextCheck());
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"OWA", "ECP", "OAB", "EAS", "EWS", "AUTODISCOVER", "MAPI"})
    void iisProtocolNotRequiringSslIsOffloadedAndLeftAlone(Protocol protocol) {
        ServerPlan plan = Planner.plan(desired(Set.of(protocol)), observedEverywhere(CU23, SslFlags.NONE),
                OutlookAnywhereProgress.NONE, NOW);

        assertFalse(plan.changesAnything());
        assertEquals(Reason.Offloaded, plan.protocolStates().get(protocol).reason());
        assertEquals(ProtocolState.Status.True, plan.protocolStates().get(protocol).status());
        assertTrue(plan.allOffloaded());
    }

    @ParameterizedTest
    @CsvSource({
            "'Ssl,Ssl128',                   None",
            "Ssl,                            None",
            "'Ssl,SslNegotiateCert,Ssl128',  SslNegotiateCert",
            "'Ssl,SslRequireCert',           SslRequireCert"})
    void onlyTheSslRequirementIsRemovedClientCertificateFlagsStay(String observed, String expected) {
        ServerPlan plan = Planner.plan(desired(Set.of(Protocol.OWA)),
                observedEverywhere(CU23, SslFlags.parse(observed)), OutlookAnywhereProgress.NONE, NOW);

        assertEquals(expected, plan.sslFlagChanges().get("Default Web Site/owa").toString());
    }

    @Test
    void everyIisProtocolRequiringSslIsChangedButNeverRpcAndNothingOutsideDefaultWebSite() {
        ServerObservation observation = observedEverywhere(CU23, SHIPPED)
                .withOutlookAnywhere(PlanFixtures.adWith(true));

        ServerPlan plan = Planner.plan(allProtocols(), observation, OutlookAnywhereProgress.NONE, NOW);

        assertEquals(List.of("Default Web Site/owa", "Default Web Site/ecp", "Default Web Site/OAB",
                "Default Web Site/Microsoft-Server-ActiveSync", "Default Web Site/EWS", "Default Web Site/Autodiscover",
                "Default Web Site/mapi", "Default Web Site/API"), List.copyOf(plan.sslFlagChanges().keySet()));
        assertEquals(List.of("MSExchangeOWAAppPool", "MSExchangeECPAppPool", "MSExchangeOABAppPool",
                "MSExchangeSyncAppPool", "MSExchangeServicesAppPool", "MSExchangeAutodiscoverAppPool",
                "MSExchangeMapiFrontEndAppPool", "MSExchangeRestFrontEndAppPool"), plan.appPoolsToRecycle());
        assertEquals(Reason.AwaitingPropagation, plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Exchange Back End/owa", "Default Web Site/Rpc", "default web site/rpc", "Default Web Site", "owa"})
    void aPlanCannotHoldALocationOutsideDefaultWebSiteOrTheRpcVdir(String location) {
        assertThrows(IllegalArgumentException.class, () -> new ServerPlan(Map.of(location, SslFlags.NONE), List.of(),
                false, Optional.empty(), Map.of(), OutlookAnywhereProgress.NONE, Optional.empty()));
    }

    @Test
    void onlyThePoolsOfChangedProtocolsAreRecycledInProtocolOrder() {
        ServerObservation observation = with(with(observedEverywhere(CU23, SslFlags.NONE), Protocol.EWS, SHIPPED),
                Protocol.OWA, SHIPPED);

        ServerPlan plan = Planner.plan(desired(EnumSet.range(Protocol.OWA, Protocol.MAPI)), observation,
                OutlookAnywhereProgress.NONE, NOW);

        assertEquals(List.of("MSExchangeOWAAppPool", "MSExchangeServicesAppPool"), plan.appPoolsToRecycle());
        assertEquals(Set.of("Default Web Site/owa", "Default Web Site/EWS"), plan.sslFlagChanges().keySet());
        assertEquals(Reason.Offloaded, plan.protocolStates().get(Protocol.ECP).reason());
    }

    @Test
    void iisResetModeReplacesPoolRecyclesWhenSomethingChanged() {
        ServerObservation observation = with(observedEverywhere(CU23, SslFlags.NONE), Protocol.OAB, SHIPPED);
        DesiredOffload desired = desired(EnumSet.range(Protocol.OWA, Protocol.MAPI), RecycleMode.IIS_RESET);

        ServerPlan plan = Planner.plan(desired, observation, OutlookAnywhereProgress.NONE, NOW);

        assertTrue(plan.iisReset());
        assertEquals(List.of(), plan.appPoolsToRecycle());
        assertEquals(Set.of("Default Web Site/OAB"), plan.sslFlagChanges().keySet());
    }

    @Test
    void iisResetModeDoesNothingWhenNothingChanged() {
        ServerPlan plan = Planner.plan(desired(EnumSet.range(Protocol.OWA, Protocol.MAPI), RecycleMode.IIS_RESET),
                observedEverywhere(CU23, SslFlags.NONE), OutlookAnywhereProgress.NONE, NOW);

        assertFalse(plan.iisReset());
        assertFalse(plan.changesAnything());
    }

    @ParameterizedTest
    @CsvSource({
            "OWA,              Require, Default Web Site/owa",
            "ECP,              Allow,   Default Web Site/ecp",
            "OAB,              Require, Default Web Site/OAB",
            "EAS,              Allow,   Default Web Site/Microsoft-Server-ActiveSync",
            "EWS,              Require, Default Web Site/EWS",
            "AUTODISCOVER,     Require, Default Web Site/Autodiscover",
            "MAPI,             Allow,   Default Web Site/mapi",
            "API,              Require, Default Web Site/API",
            "OUTLOOK_ANYWHERE, Require, Default Web Site/Rpc"})
    void extendedProtectionOnOneVdirHoldsTheWholeServer(Protocol protocol, String tokenChecking, String location) {
        ServerObservation observation = withTokenChecking(observedEverywhere(CU23, SHIPPED), protocol, tokenChecking);

        ServerPlan plan = Planner.plan(allProtocols(), observation, OutlookAnywhereProgress.NONE, NOW);

        ProtocolState state = plan.protocolStates().get(protocol);
        assertEquals(Reason.ExtendedProtectionEnabled, state.reason());
        assertTrue(state.message().startsWith(location + " has Extended Protection on (tokenChecking=" + tokenChecking + ")"),
                state.message());
        // nothing is changed on the server, not even the vdirs without Extended Protection
        assertFalse(plan.changesAnything());
        for (Protocol other : allProtocols().scope()) {
            assertEquals(Reason.ExtendedProtectionEnabled, plan.protocolStates().get(other).reason(), other.name());
        }
    }

    @Test
    void extendedProtectionOnRpcMeansNoExchangeSessionIsOpened() {
        ServerObservation observation = withTokenChecking(observedEverywhere(CU23, SHIPPED), Protocol.OUTLOOK_ANYWHERE, "Require");

        assertFalse(Planner.needsOutlookAnywhere(allProtocols(), observation, OutlookAnywhereProgress.NONE, Instant.EPOCH, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"None", "none", ""})
    void tokenCheckingNoneIsNoRefusal(String tokenChecking) {
        ServerObservation observation = withTokenChecking(observedEverywhere(CU23, SHIPPED), Protocol.OWA, tokenChecking);

        ServerPlan plan = Planner.plan(desired(Set.of(Protocol.OWA)), observation, OutlookAnywhereProgress.NONE, NOW);

        assertEquals(Reason.SslRequired, plan.protocolStates().get(Protocol.OWA).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"15.0.516.32", "15.0.775.38", "15.0.847.31"})
    void buildOlderThanSp1RefusesEveryProtocolAndChangesNothing(String build) {
        ServerObservation observation = observedEverywhere(ExchangeBuild.parse(build), SHIPPED)
                .withOutlookAnywhere(PlanFixtures.adWith(false));

        ServerPlan plan = Planner.plan(allProtocols(), observation, OutlookAnywhereProgress.NONE, NOW);

        assertFalse(plan.changesAnything());
        assertEquals(Protocol.offloadableProtocols(), plan.protocolStates().keySet());
        for (ProtocolState state : plan.protocolStates().values()) {
            assertEquals(Reason.Refused, state.reason());
            assertEquals("Exchange build " + build + " is older than 2013 SP1 (15.0.847.32), which SSL offloading requires",
                    state.message());
        }
        assertFalse(Planner.needsOutlookAnywhere(allProtocols(), observedEverywhere(ExchangeBuild.parse(build), SHIPPED),
                OutlookAnywhereProgress.NONE, Instant.EPOCH, true));
    }

    @Test
    void sp1ItselfIsSupported() {
        ServerPlan plan = Planner.plan(desired(Set.of(Protocol.OWA)), observedEverywhere(ExchangeBuild.EXCHANGE_2013_SP1, SHIPPED),
                OutlookAnywhereProgress.NONE, NOW);

        assertEquals(Reason.SslRequired, plan.protocolStates().get(Protocol.OWA).reason());
    }

    @Test
    void refusedRequestedProtocolIsReportedAndTheRestIsStillPlanned() {
        String why = "MRSProxy cannot be offloaded";
        DesiredOffload desired = new DesiredOffload(Set.of(Protocol.EWS), Map.of(Protocol.MRS_PROXY, why),
                Optional.empty(), RecycleMode.APP_POOLS, Duration.ofMinutes(15), Duration.ofMinutes(1));

        ServerPlan plan = Planner.plan(desired, observedEverywhere(CU23, SHIPPED), OutlookAnywhereProgress.NONE, NOW);

        assertEquals(new ProtocolState(Protocol.MRS_PROXY, Reason.Refused, why), plan.protocolStates().get(Protocol.MRS_PROXY));
        assertEquals(Set.of("Default Web Site/EWS"), plan.sslFlagChanges().keySet());
    }

    @Test
    void anObservationWithoutAProtocolInScopeIsRejected() {
        ServerObservation observation = new ServerObservation(CU23, Map.of(Protocol.OWA, SHIPPED), Map.of(), Optional.empty(), Optional.empty());

        assertThrows(IllegalArgumentException.class, () -> Planner.plan(desired(Set.of(Protocol.OWA, Protocol.EWS)),
                observation, OutlookAnywhereProgress.NONE, NOW));
    }
}
