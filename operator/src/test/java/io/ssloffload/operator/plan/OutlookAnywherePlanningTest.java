package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.ssloffload.operator.plan.PlanFixtures.CU23;
import static io.ssloffload.operator.plan.PlanFixtures.SHIPPED;
import static io.ssloffload.operator.plan.PlanFixtures.WANTED_OA;
import static io.ssloffload.operator.plan.PlanFixtures.adWith;
import static io.ssloffload.operator.plan.PlanFixtures.desired;
import static io.ssloffload.operator.plan.PlanFixtures.observedEverywhere;
import static io.ssloffload.operator.plan.PlanFixtures.with;
import static io.ssloffload.operator.plan.PlanFixtures.withRpcAuthentication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Outlook Anywhere round trip across reconciles: AD set → Service Host pass → one pool recycle. */
class OutlookAnywherePlanningTest {

    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00Z");
    private static final DesiredOffload DESIRED = desired(Set.of(Protocol.OUTLOOK_ANYWHERE));
    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";
    private static final ServerObservation RPC_REQUIRES_SSL = observedEverywhere(CU23, SHIPPED);
    private static final ServerObservation RPC_OFFLOADED = observedEverywhere(CU23, SslFlags.NONE);

    /**
     * AD is read with the observation (one powershell.exe) only when it will be read whatever the
     * observation shows: while the original is unrecorded and changes are allowed, and for the hourly
     * verification of confirmed settings; never for a look that may change nothing, nor while polling.
     */
    @Test
    void adIsReadWithTheObservationOnlyWhenItWillBeReadAnyway() {
        ServerPlan set = Planner.plan(DESIRED, RPC_REQUIRES_SSL, OutlookAnywhereProgress.NONE, T0);
        OutlookAnywhereProgress confirmed = new OutlookAnywhereProgress(T0, T0.plus(Duration.ofMinutes(15)), T0.plusSeconds(60),
                set.progress().confirmedSettings(), T0);

        assertThat(Planner.readsOutlookAnywhere(DESIRED, OutlookAnywhereProgress.NONE, T0, true, false))
                .as("first contact, changes allowed: the original is recorded before the first set").isTrue();
        assertThat(Planner.readsOutlookAnywhere(DESIRED, OutlookAnywhereProgress.NONE, T0, false, false))
                .as("observe-only, paused, plan: observed first; a held server opens no session").isFalse();
        assertThat(Planner.readsOutlookAnywhere(DESIRED, set.progress(), T0.plusSeconds(60), true, true))
                .as("polling for the Service Host").isFalse();
        assertThat(Planner.readsOutlookAnywhere(DESIRED, confirmed, T0.plus(Duration.ofMinutes(30)), true, true))
                .as("a drift check within the hour").isFalse();
        assertThat(Planner.readsOutlookAnywhere(DESIRED, confirmed, T0.plus(Planner.AD_VERIFICATION_INTERVAL), false, true))
                .as("the hourly verification, whatever the policy").isTrue();
        assertThat(Planner.readsOutlookAnywhere(desired(Set.of(Protocol.OWA)), OutlookAnywhereProgress.NONE, T0, true, false))
                .as("Outlook Anywhere out of scope").isFalse();
    }

    @Test
    void fullTimelineSetAwaitOverdueRecycleOnceThenSteady() {
        // t0: nothing remembered and Rpc still requires SSL: set without reading AD first (read back in the set's session)
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, OutlookAnywhereProgress.NONE, T0, true));
        ServerPlan set = Planner.plan(DESIRED, RPC_REQUIRES_SSL, OutlookAnywhereProgress.NONE, T0);
        assertEquals(Optional.of(WANTED_OA), set.outlookAnywhereToSet());
        assertEquals(List.of(), set.appPoolsToRecycle());
        assertTrue(set.sslFlagChanges().isEmpty(), "Rpc is never written directly");
        assertEquals(new OutlookAnywhereProgress(T0, T0.plus(Duration.ofMinutes(15)), null,
                OutlookAnywhereComparison.fingerprint(WANTED_OA), T0), set.progress());
        ProtocolState awaiting = set.protocolStates().get(Protocol.OUTLOOK_ANYWHERE);
        assertEquals(Reason.AwaitingPropagation, awaiting.reason());
        assertEquals("setting Outlook Anywhere in Active Directory, not read first (Default Web Site/Rpc still requires"
                + " SSL (sslFlags=Ssl,Ssl128)); the Microsoft Exchange Service Host copies Outlook Anywhere from Active"
                + " Directory into IIS on its next pass (every 15 minutes by default): waiting until 2026-11-27T20:15:00Z",
                awaiting.message());
        assertEquals(Optional.of(Duration.ofMinutes(1)), set.nextCheck());
        // verified with the settings the set's session read back: no second set, the same wait
        ServerPlan verified = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(WANTED_OA), set.progress(), T0);
        assertEquals(Optional.empty(), verified.outlookAnywhereToSet());
        assertEquals(set.progress().propagationDeadline(), verified.progress().propagationDeadline());
        assertEquals(Reason.AwaitingPropagation, verified.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());

        // verify right after, and polls until the deadline: no Exchange session, nothing to do, same deadline
        for (Instant t : List.of(T0, T0.plusSeconds(60), T0.plus(Duration.ofMinutes(15)))) {
            assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, set.progress(), t, true));
            ServerPlan poll = Planner.plan(DESIRED, RPC_REQUIRES_SSL, set.progress(), t);
            assertFalse(poll.changesAnything());
            assertEquals(set.progress(), poll.progress());
            assertEquals(Reason.AwaitingPropagation, poll.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
            assertTrue(poll.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message().endsWith("waiting until 2026-11-27T20:15:00Z"));
            assertEquals(Optional.of(Duration.ofMinutes(1)), poll.nextCheck());
        }

        // after the deadline: AD is read once more (it may have been reverted); it holds: overdue, still polled
        Instant late = T0.plus(Duration.ofMinutes(16));
        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, set.progress(), late, true));
        ServerPlan overdue = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(true)), set.progress(), late);
        ProtocolState overdueState = overdue.protocolStates().get(Protocol.OUTLOOK_ANYWHERE);
        assertEquals(Reason.PropagationOverdue, overdueState.reason());
        assertThat(overdueState.message())
                .contains("although Active Directory had the desired Outlook Anywhere settings"
                        + " (SSLOffloading $true) when last read at 2026-11-27T20:16:00Z");
        assertEquals(late, overdue.progress().adVerifiedAt());
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, overdue.progress(), late.plusSeconds(60), true),
                "read once after the deadline, not at every poll");
        ProtocolState stillOverdue = Planner.plan(DESIRED, RPC_REQUIRES_SSL, overdue.progress(), late.plusSeconds(60))
                .protocolStates().get(Protocol.OUTLOOK_ANYWHERE);
        assertThat(stillOverdue.message()).contains("when last read at 2026-11-27T20:16:00Z");
        assertThat(overdueState.message()).contains("2026-11-27T20:15:00Z");
        assertThat(overdueState.message()).contains("MSExchangeServiceHost");
        assertThat(overdueState.message()).contains("PeriodicPollingMinutes");
        assertThat(overdueState.message()).contains("MSExchange RPC Over HTTP Autoconfig");
        assertFalse(overdue.changesAnything());
        assertEquals(Optional.of(Duration.ofMinutes(1)), overdue.nextCheck());

        // the Service Host finally ran: recycle the RPC proxy pool once
        Instant propagated = T0.plus(Duration.ofMinutes(17));
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, overdue.progress(), propagated, true));
        ServerPlan recycle = Planner.plan(DESIRED, RPC_OFFLOADED, overdue.progress(), propagated);
        assertEquals(List.of(RPC_POOL), recycle.appPoolsToRecycle());
        assertTrue(recycle.sslFlagChanges().isEmpty());
        assertEquals(propagated, recycle.progress().rpcPoolRecycledAt());
        assertEquals(Reason.Offloaded, recycle.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
        assertEquals(Optional.empty(), recycle.nextCheck());

        // steady state: no second recycle, no Exchange session within the AD verification interval, memory unchanged
        for (Instant t : List.of(propagated, late.plus(Planner.AD_VERIFICATION_INTERVAL).minusSeconds(1))) {
            assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, recycle.progress(), t, true));
            ServerPlan steady = Planner.plan(DESIRED, RPC_OFFLOADED, recycle.progress(), t);
            assertFalse(steady.changesAnything());
            assertEquals(recycle.progress(), steady.progress());
            assertEquals(recycle.protocolStates(), steady.protocolStates());
        }
    }

    @Test
    void aFirstLookPastTheDeadlineThatFindsIisPropagatedRecyclesWithoutAnExchangeSession() {
        // the default deadline equals the Service Host's interval: the first poll after the pass may also be past it
        ServerPlan set = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(false)),
                OutlookAnywhereProgress.NONE, T0);
        Instant late = T0.plus(Duration.ofMinutes(16));

        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, set.progress(), late, true),
                "IIS holds what the Service Host copied from AD: nothing to ask AD");
        ServerPlan recycle = Planner.plan(DESIRED, RPC_OFFLOADED, set.progress(), late);
        assertEquals(List.of(RPC_POOL), recycle.appPoolsToRecycle());
        assertEquals(Reason.Offloaded, recycle.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
    }

    @Test
    void adAlreadyRightButRpcRequiringSslStartsTheClockWithoutSettingAnything() {
        ServerPlan plan = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(true)),
                OutlookAnywhereProgress.NONE, T0);

        assertEquals(Optional.empty(), plan.outlookAnywhereToSet());
        assertNull(plan.progress().adChangedAt(), "the operator did not change AD");
        assertEquals(T0.plus(Duration.ofMinutes(15)), plan.progress().propagationDeadline());
        assertEquals(OutlookAnywhereComparison.fingerprint(WANTED_OA), plan.progress().confirmedSettings());
        assertEquals(Reason.AwaitingPropagation, plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());

        ServerPlan later = Planner.plan(DESIRED, RPC_OFFLOADED, plan.progress(), T0.plusSeconds(300));
        assertEquals(List.of(RPC_POOL), later.appPoolsToRecycle());
    }

    @Test
    void adRightAndRpcOffloadedOnFirstSightNeedsNoRecycle() {
        ServerPlan plan = Planner.plan(DESIRED, RPC_OFFLOADED.withOutlookAnywhere(adWith(true)),
                OutlookAnywhereProgress.NONE, T0);

        assertFalse(plan.changesAnything());
        assertEquals(Reason.Offloaded, plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
        assertEquals(new OutlookAnywhereProgress(null, null, null, OutlookAnywhereComparison.fingerprint(WANTED_OA), T0),
                plan.progress());
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, plan.progress(), T0, true));
    }

    @Test
    void rpcDriftingBackToSslAfterACompletedRoundTripRereadsAd() {
        OutlookAnywhereProgress done = new OutlookAnywhereProgress(T0, T0.plusSeconds(900), T0.plusSeconds(960),
                OutlookAnywhereComparison.fingerprint(WANTED_OA), T0);

        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, done, T0.plusSeconds(1000), true));
        // e.g. after a CU: AD was reset to SSLOffloading $false → set again, new clock, pool recycle pending again
        Instant later = T0.plus(Duration.ofDays(30));
        ServerPlan plan = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(false)), done, later);
        assertEquals(Optional.of(WANTED_OA), plan.outlookAnywhereToSet());
        assertEquals(new OutlookAnywhereProgress(later, later.plusSeconds(900), null, done.confirmedSettings(), later),
                plan.progress());
    }

    @Test
    void aChangedSpecIsReadAgainAndUntilThenIsApplying() {
        OutlookAnywhereProgress confirmedOld = new OutlookAnywhereProgress(null, null, null, "0123456789abcdef", T0);

        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, confirmedOld, T0, true));
        ServerPlan plan = Planner.plan(DESIRED, RPC_OFFLOADED, confirmedOld, T0);
        assertEquals(Reason.Applying, plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
        assertEquals(ProtocolState.Status.Unknown, plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).status());
        assertFalse(plan.changesAnything());
    }

    @Test
    void differentHostnameInAdIsSetEvenWithSslOffloadingAlreadyOn() {
        OutlookAnywhereSettings oldName = new OutlookAnywhereSettings("owa.old.example", "cas.contoso.local", true, true,
                WANTED_OA.externalClientAuthenticationMethod(), WANTED_OA.internalClientAuthenticationMethod(), List.of(), true);

        ServerPlan plan = Planner.plan(DESIRED, RPC_OFFLOADED.withOutlookAnywhere(oldName), OutlookAnywhereProgress.NONE, T0);

        assertEquals(Optional.of(WANTED_OA), plan.outlookAnywhereToSet());
        assertThat(plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message())
                .contains("ExternalHostname is 'owa.old.example', want 'mail.contoso.com'");
    }

    @Test
    void steadyStateOpensNoExchangeSession() {
        OutlookAnywhereProgress done = new OutlookAnywhereProgress(T0, T0.plusSeconds(900), T0.plusSeconds(960),
                OutlookAnywhereComparison.fingerprint(WANTED_OA), T0.plusSeconds(900));

        assertFalse(Planner.needsOutlookAnywhere(PlanFixtures.allProtocols(), RPC_OFFLOADED, done, T0.plus(Duration.ofMinutes(30)), true));
    }

    /**
     * Observe-only, paused, the plan command: nothing will be set, so AD is read to report what
     * differs there (one session, and no set).
     */
    @Test
    void whenNothingMayChangeAdIsReadToReportWhatDiffers() {
        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, OutlookAnywhereProgress.NONE, T0, false));
        ServerPlan wouldSet = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(false)),
                OutlookAnywhereProgress.NONE, T0);
        assertEquals(Optional.of(WANTED_OA), wouldSet.outlookAnywhereToSet());
        assertEquals("setting Outlook Anywhere in Active Directory (SSLOffloading is false, want true); the Microsoft"
                + " Exchange Service Host copies Outlook Anywhere from Active Directory into IIS on its next pass"
                + " (every 15 minutes by default): waiting until 2026-11-27T20:15:00Z",
                wouldSet.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message());
    }

    /**
     * Unconfirmed settings that IIS cannot tell apart (Rpc already offloaded: only AD-only fields
     * may differ) are read first, and Set-OutlookAnywhere is not issued when AD already holds them.
     */
    @Test
    void unconfirmedSettingsIisAlreadyShowsAreReadAndNotSetWhenAdHoldsThem() {
        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, OutlookAnywhereProgress.NONE, T0, true));
        ServerPlan held = Planner.plan(DESIRED, RPC_OFFLOADED.withOutlookAnywhere(WANTED_OA), OutlookAnywhereProgress.NONE, T0);
        assertEquals(Optional.empty(), held.outlookAnywhereToSet());
        assertFalse(held.changesAnything());
        assertEquals(Reason.Offloaded, held.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
    }

    /** A wait of ours under way: AD is read before setting new settings, not written over blind. */
    @Test
    void aChangeOfOursInFlightIsReadBeforeSettingNewSettings() {
        OutlookAnywhereProgress oldInFlight = new OutlookAnywhereProgress(T0, T0.plus(Duration.ofMinutes(15)), null,
                "0123456789abcdef", T0);
        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, oldInFlight, T0.plusSeconds(60), true));
    }

    @Test
    void outOfScopeOrAlreadyReadNeedsNoRead() {
        assertFalse(Planner.needsOutlookAnywhere(desired(Set.of(Protocol.OWA)), RPC_REQUIRES_SSL, OutlookAnywhereProgress.NONE, T0, true));
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(false)),
                OutlookAnywhereProgress.NONE, T0, true));
    }

    @Test
    void outOfScopeOutlookAnywhereIsNeitherReportedNorTouchedAndItsMemoryIsKept() {
        OutlookAnywhereProgress memory = new OutlookAnywhereProgress(T0, T0.plusSeconds(900), null, "abc", T0);
        ServerObservation observation = with(RPC_OFFLOADED, Protocol.OWA, SHIPPED);

        ServerPlan plan = Planner.plan(desired(Set.of(Protocol.OWA)), observation, memory, T0.plusSeconds(60));

        assertFalse(plan.protocolStates().containsKey(Protocol.OUTLOOK_ANYWHERE));
        assertEquals(List.of("MSExchangeOWAAppPool"), plan.appPoolsToRecycle());
        assertEquals(memory, plan.progress());
    }

    @Test
    void rpcRecycleJoinsTheOtherPoolsAndIsReplacedByIisResetInThatMode() {
        OutlookAnywhereProgress inFlight = new OutlookAnywhereProgress(T0, T0.plusSeconds(900), null,
                OutlookAnywhereComparison.fingerprint(WANTED_OA), T0);
        ServerObservation observation = with(RPC_OFFLOADED, Protocol.MAPI, SHIPPED);

        ServerPlan pools = Planner.plan(PlanFixtures.allProtocols(), observation, inFlight, T0.plusSeconds(60));
        assertEquals(List.of("MSExchangeMapiFrontEndAppPool", RPC_POOL), pools.appPoolsToRecycle());

        ServerPlan reset = Planner.plan(desired(Protocol.offloadableProtocols(), RecycleMode.IIS_RESET),
                observation, inFlight, T0.plusSeconds(60));
        assertTrue(reset.iisReset());
        assertEquals(List.of(), reset.appPoolsToRecycle());
        assertEquals(T0.plusSeconds(60), reset.progress().rpcPoolRecycledAt());
    }

    /** Issue 10 item 1: AD reverted while the Service Host was awaited; after the deadline AD is read and repaired. */
    @Test
    void anAdRevertWhileAwaitingPropagationIsReadAfterTheDeadlineAndSetAgain() {
        ServerPlan set = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(false)), OutlookAnywhereProgress.NONE, T0);
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, set.progress(), T0.plus(Duration.ofMinutes(15)), true));

        Instant late = T0.plus(Duration.ofMinutes(16));
        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_REQUIRES_SSL, set.progress(), late, true),
                "past the deadline AD must be looked at again");
        ServerPlan repair = Planner.plan(DESIRED, RPC_REQUIRES_SSL.withOutlookAnywhere(adWith(false)), set.progress(), late);

        assertEquals(Optional.of(WANTED_OA), repair.outlookAnywhereToSet());
        assertEquals(Reason.AwaitingPropagation, repair.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
        assertEquals(late.plus(Duration.ofMinutes(15)), repair.progress().propagationDeadline());
        assertThat(repair.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message())
                .doesNotContain("has SSLOffloading $true");
    }

    /** Without an AD read, nothing claims what AD has now. */
    @Test
    void anOverdueMessageNeverClaimsAnUnreadActiveDirectory() {
        OutlookAnywhereProgress waiting = new OutlookAnywhereProgress(T0, T0.plusSeconds(900), null,
                OutlookAnywhereComparison.fingerprint(WANTED_OA), T0);

        String message = Planner.plan(DESIRED, RPC_REQUIRES_SSL, waiting, T0.plusSeconds(1000))
                .protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message();

        assertThat(message).doesNotContain("Active Directory has");
        assertTrue(message.startsWith("Default Web Site/Rpc still requires SSL (sslFlags=Ssl,Ssl128) after the propagation"
                + " deadline 2026-11-27T20:15:00Z although Active Directory had"), message);
        assertThat(message).contains("when last read at 2026-11-27T20:00:00Z");
    }

    /** Issue 10 item 4: in steady state AD is read again every AD_VERIFICATION_INTERVAL; a hand edit is repaired. */
    @Test
    void adIsVerifiedAtABoundedIntervalAndAHandEditedHostnameIsSetBack() {
        OutlookAnywhereProgress done = new OutlookAnywhereProgress(T0, T0.plusSeconds(900), T0.plusSeconds(960),
                OutlookAnywhereComparison.fingerprint(WANTED_OA), T0.plusSeconds(960));
        Instant due = T0.plusSeconds(960).plus(Planner.AD_VERIFICATION_INTERVAL);
        assertEquals(Duration.ofHours(1), Planner.AD_VERIFICATION_INTERVAL);
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, done, due.minusSeconds(1), true));
        assertTrue(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, done, due, true));

        OutlookAnywhereSettings handEdited = new OutlookAnywhereSettings("owa.elsewhere.example", "cas.contoso.local", true, false,
                AuthenticationMethod.Basic, AuthenticationMethod.Ntlm, List.of(), true);
        ServerPlan plan = Planner.plan(DESIRED, RPC_OFFLOADED.withOutlookAnywhere(handEdited), done, due);
        assertEquals(Optional.of(WANTED_OA), plan.outlookAnywhereToSet());
        String message = plan.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).message();
        assertThat(message).contains("ExternalHostname is 'owa.elsewhere.example'", "InternalClientsRequireSsl",
                "ExternalClientAuthenticationMethod");
        assertEquals(due, plan.progress().adVerifiedAt());
        assertEquals(List.of(), plan.appPoolsToRecycle(), "hostnames and client settings do not reach IIS: no recycle");

        ServerPlan verified = Planner.plan(DESIRED, RPC_OFFLOADED.withOutlookAnywhere(WANTED_OA), plan.progress(), due);
        assertEquals(Reason.Offloaded, verified.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
        assertEquals(List.of(), verified.appPoolsToRecycle());
        assertFalse(Planner.needsOutlookAnywhere(DESIRED, RPC_OFFLOADED, verified.progress(), due.plusSeconds(300), true));
    }

    /** Issue 10 item 5: a change of IISAuthenticationMethods is propagated only when Rpc's IIS authentication has it. */
    @Test
    void anIisAuthenticationChangeWaitsForRpcsIisAuthenticationBeforeTheRecycle() {
        OutlookAnywhereSettings wanted = new OutlookAnywhereSettings(WANTED_OA.externalHostname(), WANTED_OA.internalHostname(),
                true, true, AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm,
                List.of(AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate), true);
        DesiredOffload desired = new DesiredOffload(Set.of(Protocol.OUTLOOK_ANYWHERE), Map.of(), Optional.of(wanted),
                RecycleMode.APP_POOLS, Duration.ofMinutes(15), Duration.ofMinutes(1));
        ServerObservation oldAuth = withRpcAuthentication(RPC_OFFLOADED,
                AuthenticationMethod.Basic, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate);
        OutlookAnywhereProgress ready = Planner.plan(desired(Set.of(Protocol.OUTLOOK_ANYWHERE)),
                RPC_OFFLOADED.withOutlookAnywhere(adWith(true)), OutlookAnywhereProgress.NONE, T0).progress();

        ServerPlan set = Planner.plan(desired, oldAuth.withOutlookAnywhere(adWith(true)), ready, T0);
        assertEquals(Optional.of(wanted), set.outlookAnywhereToSet());
        assertEquals(Reason.AwaitingPropagation, set.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());

        ServerPlan verified = Planner.plan(desired, oldAuth.withOutlookAnywhere(wanted), set.progress(), T0);
        assertEquals(List.of(), verified.appPoolsToRecycle(), "nothing reached IIS yet: no recycle");
        ProtocolState waiting = verified.protocolStates().get(Protocol.OUTLOOK_ANYWHERE);
        assertEquals(Reason.AwaitingPropagation, waiting.reason());
        assertThat(waiting.message()).contains("allows [Basic, Ntlm, Negotiate], want [Ntlm, Negotiate]");

        ServerObservation newAuth = withRpcAuthentication(RPC_OFFLOADED, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate);
        assertFalse(Planner.needsOutlookAnywhere(desired, newAuth, verified.progress(), T0.plusSeconds(900), true));
        ServerPlan landed = Planner.plan(desired, newAuth, verified.progress(), T0.plusSeconds(900));
        assertEquals(List.of(RPC_POOL), landed.appPoolsToRecycle());
        assertEquals(Reason.Offloaded, landed.protocolStates().get(Protocol.OUTLOOK_ANYWHERE).reason());
    }
}
