package io.ssloffload.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.PlanFixtures;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.validation.SpecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StatusBuilderTest {

    private static final Instant T1 = Instant.parse("2026-11-27T20:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-27T20:05:00.250Z");
    private static final Set<Protocol> SCOPE = Protocol.offloadableProtocols();
    private static final OutlookAnywhereProgress AWAITING =
            new OutlookAnywhereProgress(T1, Instant.parse("2026-11-27T20:15:00Z"), null, "0123456789abcdef", T1);

    private static Map<Protocol, ProtocolState> states(Reason reason, Protocol... protocols) {
        Map<Protocol, ProtocolState> states = new EnumMap<>(Protocol.class);
        for (Protocol protocol : SCOPE) {
            states.put(protocol, new ProtocolState(protocol, Reason.Offloaded, protocol.specName() + " is offloaded"));
        }
        for (Protocol protocol : protocols) {
            states.put(protocol, new ProtocolState(protocol, reason, protocol.specName() + " is " + reason));
        }
        return states;
    }

    private static Map<Protocol, SslFlags> observed(SslFlags flags) {
        Map<Protocol, SslFlags> observed = new EnumMap<>(Protocol.class);
        SCOPE.forEach(p -> observed.put(p, flags));
        return observed;
    }

    private static ServerOutcome.Reached reached(String name, Map<Protocol, ProtocolState> states, OutlookAnywhereProgress progress) {
        return new ServerOutcome.Reached(name, PlanFixtures.CU23, states, progress, observed(PlanFixtures.SHIPPED));
    }

    private static ServerOutcome.Reached offloaded(String name) {
        return reached(name, states(Reason.Offloaded), OutlookAnywhereProgress.NONE);
    }

    private static ServerOutcome.Unreached unreachable(String name, String why) {
        return new ServerOutcome.Unreached(name, CasException.Kind.UNREACHABLE, why, SCOPE);
    }

    private static Condition top(ExchangeSslOffloadStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Condition of(ServerStatus server, Protocol protocol) {
        return server.getConditions().stream().filter(c -> c.getType().equals(protocol.specName())).findFirst().orElseThrow();
    }

    @Test
    void aResourceFirstSeenIsReconcilingItsGenerationBeforeAnyServerAnswers() {
        ExchangeSslOffloadStatus status = StatusBuilder.firstSeen(4, T1);
        assertEquals(4L, status.getObservedGeneration());
        for (Condition c : status.getConditions()) {
            assertEquals(4L, c.getObservedGeneration());
        }
        assertEquals("True", top(status, "Reconciling").getStatus());
        assertEquals("Observing", top(status, "Ready").getReason());
        assertEquals("False", top(status, "Stalled").getStatus());
        assertTrue(status.getServers().isEmpty());
    }

    @Test
    void allOffloadedIsReadyNotReconcilingNotStalled() {
        ExchangeSslOffloadStatus status = StatusBuilder.build(null, 3, List.of(offloaded("CAS01"), offloaded("CAS02")), T1);

        assertEquals(List.of("Ready", "Reconciling", "Stalled"), status.getConditions().stream().map(Condition::getType).toList());
        assertEquals("True", top(status, "Ready").getStatus());
        assertEquals("Offloaded", top(status, "Ready").getReason());
        assertEquals("False", top(status, "Reconciling").getStatus());
        assertEquals("False", top(status, "Stalled").getStatus());
        assertEquals("2/2", status.getSummary());
        assertEquals(3L, status.getObservedGeneration());
        assertTrue(status.getConditions().stream().allMatch(c -> c.getObservedGeneration() == 3L
                && c.getLastTransitionTime().equals("2026-11-27T20:00:00Z")));
        ServerStatus cas01 = status.getServers().get(0);
        assertEquals("CAS01", cas01.getName());
        assertEquals(true, cas01.getReachable());
        assertEquals("15.0.1497.2", cas01.getExchangeBuild());
        assertEquals(List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi", "api", "outlookAnywhere"),
                cas01.getConditions().stream().map(Condition::getType).toList());
        assertEquals(List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi", "api"),
                List.copyOf(cas01.getOriginalSslFlags().keySet()), "Rpc is the Service Host's and is not recorded");
        assertEquals("Ssl,Ssl128", cas01.getOriginalSslFlags().get("owa"));
        assertNull(cas01.getOutlookAnywhere());
    }

    @Test
    void anUnchangedWorldGivesAnEqualStatusAtALaterTime() throws Exception {
        List<ServerOutcome> outcomes = List.of(reached("CAS01", states(Reason.AwaitingPropagation, Protocol.OUTLOOK_ANYWHERE), AWAITING),
                unreachable("CAS02", "connection refused"), offloaded("CAS03"));
        ExchangeSslOffloadStatus first = StatusBuilder.build(null, 1, outcomes, T1);

        ExchangeSslOffloadStatus second = StatusBuilder.build(first, 1, outcomes, T2);

        ObjectMapper json = new ObjectMapper();
        assertEquals(json.writeValueAsString(first), json.writeValueAsString(second));
        assertFalse(StatusBuilder.changed(first, second));
        // and through a JSON round trip, as the reconciler will read it back from the API server
        ExchangeSslOffloadStatus reread = json.readValue(json.writeValueAsString(first), ExchangeSslOffloadStatus.class);
        assertFalse(StatusBuilder.changed(reread, StatusBuilder.build(reread, 1, outcomes, T2)));
    }

    @Test
    void onlyAStatusChangeStampsANewTransitionTime() {
        ExchangeSslOffloadStatus waiting = StatusBuilder.build(null, 1,
                List.of(reached("CAS01", states(Reason.AwaitingPropagation, Protocol.OUTLOOK_ANYWHERE), AWAITING)), T1);

        ExchangeSslOffloadStatus done = StatusBuilder.build(waiting, 1, List.of(offloaded("CAS01")), T2);

        ServerStatus cas01 = done.getServers().get(0);
        assertEquals("2026-11-27T20:05:00Z", of(cas01, Protocol.OUTLOOK_ANYWHERE).getLastTransitionTime());
        assertEquals("2026-11-27T20:00:00Z", of(cas01, Protocol.OWA).getLastTransitionTime());
        assertEquals("2026-11-27T20:05:00Z", top(done, "Ready").getLastTransitionTime());
        assertEquals("2026-11-27T20:00:00Z", top(done, "Stalled").getLastTransitionTime());
        assertTrue(StatusBuilder.changed(waiting, done));
    }

    @Test
    void aNewReasonWithTheSameStatusKeepsTheTransitionTime() {
        ExchangeSslOffloadStatus before = StatusBuilder.build(null, 1,
                List.of(reached("CAS01", states(Reason.SslRequired, Protocol.OWA), OutlookAnywhereProgress.NONE)), T1);

        ExchangeSslOffloadStatus after = StatusBuilder.build(before, 2,
                List.of(reached("CAS01", states(Reason.Refused, Protocol.OWA), OutlookAnywhereProgress.NONE)), T2);

        Condition owa = of(after.getServers().get(0), Protocol.OWA);
        assertEquals("Refused", owa.getReason());
        assertEquals("2026-11-27T20:00:00Z", owa.getLastTransitionTime());
        assertEquals(2L, owa.getObservedGeneration());
    }

    @Test
    void anUnreachableServerIsNamedKeepsWhatWasKnownAndItsProtocolsBecomeUnknown() {
        ExchangeSslOffloadStatus before = StatusBuilder.build(null, 1,
                List.of(offloaded("CAS01"), reached("CAS02", states(Reason.Offloaded), AWAITING)), T1);

        ExchangeSslOffloadStatus after = StatusBuilder.build(before, 1,
                List.of(offloaded("CAS01"), unreachable("CAS02", "connection refused")), T2);

        Condition ready = top(after, "Ready");
        assertEquals("False", ready.getStatus());
        assertEquals("Unreachable", ready.getReason());
        assertEquals("CAS02: Unreachable (connection refused)", ready.getMessage());
        assertEquals("True", top(after, "Reconciling").getStatus());
        assertEquals("False", top(after, "Stalled").getStatus());
        assertEquals("1/2", after.getSummary());
        ServerStatus cas02 = after.getServers().get(1);
        assertEquals(false, cas02.getReachable());
        assertEquals("15.0.1497.2", cas02.getExchangeBuild());
        assertEquals(before.getServers().get(1).getOriginalSslFlags(), cas02.getOriginalSslFlags());
        assertEquals("2026-11-27T20:15:00Z", cas02.getOutlookAnywhere().getPropagationDeadline());
        for (Condition condition : cas02.getConditions()) {
            assertEquals("Unknown", condition.getStatus());
            assertEquals("Unreachable", condition.getReason());
            assertEquals("Unreachable: connection refused", condition.getMessage());
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                arguments("awaiting propagation",
                        reached("CAS01", states(Reason.AwaitingPropagation, Protocol.OUTLOOK_ANYWHERE), AWAITING),
                        "AwaitingPropagation", "True", "False",
                        "CAS01: outlookAnywhere AwaitingPropagation until 2026-11-27T20:15:00Z"),
                arguments("overdue",
                        reached("CAS01", states(Reason.PropagationOverdue, Protocol.OUTLOOK_ANYWHERE), AWAITING),
                        "PropagationOverdue", "False", "True",
                        "CAS01: outlookAnywhere PropagationOverdue since 2026-11-27T20:15:00Z"),
                arguments("mrsProxy refused",
                        reached("CAS01", states(Reason.Refused, Protocol.MRS_PROXY), OutlookAnywhereProgress.NONE),
                        "Refused", "False", "True", "CAS01: mrsProxy Refused"),
                arguments("Extended Protection and an SSL change in one server",
                        reached("CAS01", withState(states(Reason.Refused, Protocol.EWS), Protocol.OWA, Reason.SslRequired),
                                OutlookAnywhereProgress.NONE),
                        "Refused", "True", "True", "CAS01: owa SslRequired, ews Refused"),
                arguments("authentication failure",
                        new ServerOutcome.Unreached("CAS01", CasException.Kind.AUTHENTICATION, "HTTP 401 from cas01:5986", SCOPE),
                        "AuthenticationFailed", "False", "True", "CAS01: AuthenticationFailed (HTTP 401 from cas01:5986)"),
                arguments("spec changed, AD not read yet",
                        reached("CAS01", states(Reason.Applying, Protocol.OUTLOOK_ANYWHERE), OutlookAnywhereProgress.NONE),
                        "Applying", "True", "False", "CAS01: outlookAnywhere Applying"));
    }

    private static Map<Protocol, ProtocolState> withState(Map<Protocol, ProtocolState> states, Protocol protocol, Reason reason) {
        Map<Protocol, ProtocolState> copy = new EnumMap<>(states);
        copy.put(protocol, new ProtocolState(protocol, reason, "x"));
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void topLevelConditionsPerScenario(String description, ServerOutcome outcome, String readyReason,
                                       String reconciling, String stalled, String readyMessage) {
        ExchangeSslOffloadStatus status = StatusBuilder.build(null, 1, List.of(offloaded("CAS00"), outcome), T1);

        assertEquals("False", top(status, "Ready").getStatus());
        assertEquals(readyReason, top(status, "Ready").getReason());
        assertEquals(readyMessage, top(status, "Ready").getMessage());
        assertEquals(reconciling, top(status, "Reconciling").getStatus());
        assertEquals(stalled, top(status, "Stalled").getStatus());
        assertEquals("1/2", status.getSummary());
        assertTrue(status.getConditions().stream().allMatch(c -> c.getReason().matches("[A-Z][A-Za-z]*")));
    }

    @Test
    void theReadyMessageStaysBoundedAndSaysHowManyMore() {
        List<ServerOutcome> outcomes = IntStream.range(0, 100)
                .mapToObj(i -> (ServerOutcome) unreachable("CAS" + i, "connect to cas" + i + ".contoso.local:5986 refused ".repeat(3)))
                .toList();

        ExchangeSslOffloadStatus status = StatusBuilder.build(null, 1, outcomes, T1);

        String message = top(status, "Ready").getMessage();
        assertTrue(message.length() <= 1024, "length " + message.length());
        assertTrue(message.startsWith("CAS0: Unreachable (connect to cas0.contoso.local:5986 refused"), message);
        assertTrue(message.matches("(?s).*; and \\d+ more"), message);
        int shown = message.split("; CAS").length;
        assertTrue(message.endsWith("; and " + (100 - shown) + " more"), message);
        assertEquals(100, status.getServers().size());
    }

    @Test
    void originalSslFlagsAreRecordedOnceAndNeverOverwritten() {
        ExchangeSslOffloadStatus first = StatusBuilder.build(null, 1, List.of(new ServerOutcome.Reached("CAS01",
                PlanFixtures.CU23, states(Reason.Offloaded), OutlookAnywhereProgress.NONE,
                Map.of(Protocol.OWA, SslFlags.parse("Ssl,SslNegotiateCert,Ssl128")))), T1);

        ExchangeSslOffloadStatus second = StatusBuilder.build(first, 1, List.of(new ServerOutcome.Reached("CAS01",
                PlanFixtures.CU23, states(Reason.Offloaded), OutlookAnywhereProgress.NONE,
                Map.of(Protocol.OWA, SslFlags.NONE, Protocol.EWS, SslFlags.NONE))), T2);

        assertEquals(Map.of("owa", "Ssl,SslNegotiateCert,Ssl128", "ews", "None"), second.getServers().get(0).getOriginalSslFlags());
    }

    @Test
    void serversAppearInTheOrderGivenAndRemovedOnesDisappear() {
        ExchangeSslOffloadStatus before = StatusBuilder.build(null, 1,
                List.of(offloaded("CAS01"), offloaded("CAS02"), offloaded("CAS03")), T1);

        ExchangeSslOffloadStatus after = StatusBuilder.build(before, 2, List.of(offloaded("CAS03"), offloaded("CAS01")), T2);

        assertEquals(List.of("CAS03", "CAS01"), after.getServers().stream().map(ServerStatus::getName).toList());
        assertEquals("2/2", after.getSummary());
    }

    @Test
    void aBlockedResourceIsStalledAndKeepsItsServers() {
        ExchangeSslOffloadStatus before = StatusBuilder.build(null, 1, List.of(offloaded("CAS01")), T1);

        ExchangeSslOffloadStatus blocked = StatusBuilder.blocked(before, 2, Blocker.invalidSpec(List.of(
                new SpecProblem("spec.servers[0].name", "'CAS_01' is not a computer name"))), T2);

        assertEquals("False", top(blocked, "Ready").getStatus());
        assertEquals("InvalidSpec", top(blocked, "Ready").getReason());
        assertEquals("spec.servers[0].name: 'CAS_01' is not a computer name", top(blocked, "Stalled").getMessage());
        assertEquals("True", top(blocked, "Stalled").getStatus());
        assertEquals("2026-11-27T20:05:00Z", top(blocked, "Stalled").getLastTransitionTime());
        assertEquals("False", top(blocked, "Reconciling").getStatus());
        assertEquals(2L, blocked.getObservedGeneration());
        assertEquals("CAS01", blocked.getServers().get(0).getName());
        assertEquals("1/1", blocked.getSummary());
        assertFalse(StatusBuilder.changed(blocked, StatusBuilder.blocked(blocked, 2, new Blocker("InvalidSpec",
                "spec.servers[0].name: 'CAS_01' is not a computer name"), T2.plusSeconds(600))));
    }

    @Test
    void aMissingSecretIsItsOwnReason() {
        ExchangeSslOffloadStatus blocked = StatusBuilder.blocked(null, 1,
                new Blocker("SecretNotFound", "Secret cas-admin not found in namespace mail"), T1);

        assertEquals("SecretNotFound", top(blocked, "Stalled").getReason());
        assertEquals("0/0", blocked.getSummary());
    }

    @Test
    void changedSeesAnyDifference() {
        ExchangeSslOffloadStatus status = StatusBuilder.build(null, 1, List.of(offloaded("CAS01")), T1);

        assertTrue(StatusBuilder.changed(null, status));
        assertTrue(StatusBuilder.changed(status, StatusBuilder.build(status, 2, List.of(offloaded("CAS01")), T1)));
        assertFalse(StatusBuilder.changed(status, StatusBuilder.build(status, 1, List.of(offloaded("CAS01")), T2)));
    }
}
