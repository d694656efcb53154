package io.ssloffload.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.CoexistenceStatus;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.PendingChanges;
import io.ssloffload.operator.plan.PlanFixtures;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import io.ssloffload.operator.validation.SpecProblem;
import org.assertj.core.groups.Tuple;
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

import static org.assertj.core.api.Assertions.assertThat;
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
        return new ServerOutcome.Unreached(name, "Unreachable", false, why, SCOPE);
    }

    private static ExchangeSslOffloadStatus build(ExchangeSslOffloadStatus previous, long generation, List<ServerOutcome> outcomes,
                                                  Instant now) {
        return new StatusBuilder(previous, generation, now).servers(outcomes).build();
    }

    private static Condition top(ExchangeSslOffloadStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Condition of(ServerStatus server, Protocol protocol) {
        return server.getConditions().stream().filter(c -> c.getType().equals(protocol.specName())).findFirst().orElseThrow();
    }

    @Test
    void aResourceFirstSeenIsReconcilingItsGenerationBeforeAnyServerAnswers() {
        ExchangeSslOffloadStatus status = new StatusBuilder(null, 4, T1).firstSeen().build();
        assertThat(status.getObservedGeneration()).isEqualTo(4L);
        for (Condition c : status.getConditions()) {
            assertThat(c.getObservedGeneration()).isEqualTo(4L);
        }
        assertThat(top(status, "Reconciling").getStatus()).isEqualTo("True");
        assertThat(top(status, "Ready").getReason()).isEqualTo("Observing");
        assertThat(top(status, "Stalled").getStatus()).isEqualTo("False");
        assertThat(status.getServers()).isEmpty();
    }

    @Test
    void allOffloadedIsReadyNotReconcilingNotStalled() {
        ExchangeSslOffloadStatus status = build(null, 3, List.of(offloaded("CAS01"), offloaded("CAS02")), T1);

        assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("Ready", "Reconciling", "Stalled");
        assertThat(top(status, "Ready").getStatus()).isEqualTo("True");
        assertThat(top(status, "Ready").getReason()).isEqualTo("Offloaded");
        assertThat(top(status, "Reconciling").getStatus()).isEqualTo("False");
        assertThat(top(status, "Stalled").getStatus()).isEqualTo("False");
        assertThat(status.getSummary()).isEqualTo("2/2");
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-27T20:00:00Z");
        });
        ServerStatus cas01 = status.getServers().get(0);
        assertThat(cas01.getName()).isEqualTo("CAS01");
        assertThat(cas01.getReachable()).isTrue();
        assertThat(cas01.getExchangeBuild()).isEqualTo("15.0.1497.2");
        assertThat(cas01.getConditions().stream().map(Condition::getType).toList()).isEqualTo(List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi", "api", "outlookAnywhere"));
        assertThat(List.copyOf(cas01.getOriginalSslFlags().keySet())).as("Rpc is the Service Host's and is not recorded").isEqualTo(List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi", "api"));
        assertThat(cas01.getOriginalSslFlags().get("owa")).isEqualTo("Ssl,Ssl128");
        assertThat(cas01.getOutlookAnywhere()).isNull();
    }

    @Test
    void anUnchangedWorldGivesAnEqualStatusAtALaterTime() throws Exception {
        List<ServerOutcome> outcomes = List.of(reached("CAS01", states(Reason.AwaitingPropagation, Protocol.OUTLOOK_ANYWHERE), AWAITING),
                unreachable("CAS02", "connection refused"), offloaded("CAS03"));
        ExchangeSslOffloadStatus first = build(null, 1, outcomes, T1);

        ExchangeSslOffloadStatus second = build(first, 1, outcomes, T2);

        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(second)).isEqualTo(json.writeValueAsString(first));
        assertThat(StatusBuilder.changed(first, second)).isFalse();
        // and through a JSON round trip, as the reconciler will read it back from the API server
        ExchangeSslOffloadStatus reread = json.readValue(json.writeValueAsString(first), ExchangeSslOffloadStatus.class);
        assertThat(StatusBuilder.changed(reread, build(reread, 1, outcomes, T2))).isFalse();
    }

    @Test
    void onlyAStatusChangeStampsANewTransitionTime() {
        ExchangeSslOffloadStatus waiting = build(null, 1,
                List.of(reached("CAS01", states(Reason.AwaitingPropagation, Protocol.OUTLOOK_ANYWHERE), AWAITING)), T1);

        ExchangeSslOffloadStatus done = build(waiting, 1, List.of(offloaded("CAS01")), T2);

        ServerStatus cas01 = done.getServers().get(0);
        assertThat(of(cas01, Protocol.OUTLOOK_ANYWHERE).getLastTransitionTime()).isEqualTo("2026-11-27T20:05:00Z");
        assertThat(of(cas01, Protocol.OWA).getLastTransitionTime()).isEqualTo("2026-11-27T20:00:00Z");
        assertThat(top(done, "Ready").getLastTransitionTime()).isEqualTo("2026-11-27T20:05:00Z");
        assertThat(top(done, "Stalled").getLastTransitionTime()).isEqualTo("2026-11-27T20:00:00Z");
        assertThat(StatusBuilder.changed(waiting, done)).isTrue();
    }

    @Test
    void aNewReasonWithTheSameStatusKeepsTheTransitionTime() {
        ExchangeSslOffloadStatus before = build(null, 1,
                List.of(reached("CAS01", states(Reason.SslRequired, Protocol.OWA), OutlookAnywhereProgress.NONE)), T1);

        ExchangeSslOffloadStatus after = build(before, 2,
                List.of(reached("CAS01", states(Reason.Refused, Protocol.OWA), OutlookAnywhereProgress.NONE)), T2);

        Condition owa = of(after.getServers().get(0), Protocol.OWA);
        assertThat(owa.getReason()).isEqualTo("Refused");
        assertThat(owa.getLastTransitionTime()).isEqualTo("2026-11-27T20:00:00Z");
        assertThat(owa.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void anUnreachableServerIsNamedKeepsWhatWasKnownAndItsProtocolsBecomeUnknown() {
        ExchangeSslOffloadStatus before = build(null, 1,
                List.of(offloaded("CAS01"), reached("CAS02", states(Reason.Offloaded), AWAITING)), T1);

        ExchangeSslOffloadStatus after = build(before, 1,
                List.of(offloaded("CAS01"), unreachable("CAS02", "connection refused")), T2);

        Condition ready = top(after, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("Unreachable");
        assertThat(ready.getMessage()).isEqualTo("CAS02: Unreachable (connection refused)");
        assertThat(top(after, "Reconciling").getStatus()).isEqualTo("True");
        assertThat(top(after, "Stalled").getStatus()).isEqualTo("False");
        assertThat(after.getSummary()).isEqualTo("1/2");
        ServerStatus cas02 = after.getServers().get(1);
        assertThat(cas02.getReachable()).isFalse();
        assertThat(cas02.getExchangeBuild()).isEqualTo("15.0.1497.2");
        assertThat(cas02.getOriginalSslFlags()).isEqualTo(before.getServers().get(1).getOriginalSslFlags());
        assertThat(cas02.getOutlookAnywhere().getPropagationDeadline()).isEqualTo("2026-11-27T20:15:00Z");
        for (Condition condition : cas02.getConditions()) {
            assertThat(condition.getStatus()).isEqualTo("Unknown");
            assertThat(condition.getReason()).isEqualTo("Unreachable");
            assertThat(condition.getMessage()).isEqualTo("Unreachable: connection refused");
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
                        new ServerOutcome.Unreached("CAS01", "AuthenticationFailed", true, "HTTP 401 from cas01:5986", SCOPE),
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
        ExchangeSslOffloadStatus status = build(null, 1, List.of(offloaded("CAS00"), outcome), T1);

        assertThat(top(status, "Ready").getStatus()).isEqualTo("False");
        assertThat(top(status, "Ready").getReason()).isEqualTo(readyReason);
        assertThat(top(status, "Ready").getMessage()).isEqualTo(readyMessage);
        assertThat(top(status, "Reconciling").getStatus()).isEqualTo(reconciling);
        assertThat(top(status, "Stalled").getStatus()).isEqualTo(stalled);
        assertThat(status.getSummary()).isEqualTo("1/2");
        assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getReason()).matches("[A-Z][A-Za-z]*"));
    }

    @Test
    void theReadyMessageStaysBoundedAndSaysHowManyMore() {
        List<ServerOutcome> outcomes = IntStream.range(0, 100)
                .mapToObj(i -> (ServerOutcome) unreachable("CAS" + i, "connect to cas" + i + ".contoso.local:5986 refused ".repeat(3)))
                .toList();

        ExchangeSslOffloadStatus status = build(null, 1, outcomes, T1);

        String message = top(status, "Ready").getMessage();
        assertThat(message).hasSizeLessThanOrEqualTo(1024)
                .startsWith("CAS0: Unreachable (connect to cas0.contoso.local:5986 refused")
                .matches("(?s).*; and \\d+ more");
        int shown = message.split("; CAS").length;
        assertThat(message).endsWith("; and " + (100 - shown) + " more");
        assertThat(status.getServers()).hasSize(100);
    }

    @Test
    void originalSslFlagsAreRecordedOnceAndNeverOverwritten() {
        ExchangeSslOffloadStatus first = build(null, 1, List.of(new ServerOutcome.Reached("CAS01",
                PlanFixtures.CU23, states(Reason.Offloaded), OutlookAnywhereProgress.NONE,
                Map.of(Protocol.OWA, SslFlags.parse("Ssl,SslNegotiateCert,Ssl128")))), T1);

        ExchangeSslOffloadStatus second = build(first, 1, List.of(new ServerOutcome.Reached("CAS01",
                PlanFixtures.CU23, states(Reason.Offloaded), OutlookAnywhereProgress.NONE,
                Map.of(Protocol.OWA, SslFlags.NONE, Protocol.EWS, SslFlags.NONE))), T2);

        assertThat(second.getServers().get(0).getOriginalSslFlags()).isEqualTo(Map.of("owa", "Ssl,SslNegotiateCert,Ssl128", "ews", "None"));
    }

    @Test
    void serversAppearInTheOrderGivenAndRemovedOnesDisappear() {
        ExchangeSslOffloadStatus before = build(null, 1,
                List.of(offloaded("CAS01"), offloaded("CAS02"), offloaded("CAS03")), T1);

        ExchangeSslOffloadStatus after = build(before, 2, List.of(offloaded("CAS03"), offloaded("CAS01")), T2);

        assertThat(after.getServers().stream().map(ServerStatus::getName).toList()).isEqualTo(List.of("CAS03", "CAS01"));
        assertThat(after.getSummary()).isEqualTo("2/2");
    }

    @Test
    void aBlockedResourceIsStalledAndKeepsItsServers() {
        ExchangeSslOffloadStatus before = build(null, 1, List.of(offloaded("CAS01")), T1);

        ExchangeSslOffloadStatus blocked = StatusBuilder.blocked(before, 2, Blocker.invalidSpec(List.of(
                new SpecProblem("spec.servers[0].name", "'CAS_01' is not a computer name"))), T2);

        assertThat(top(blocked, "Ready").getStatus()).isEqualTo("False");
        assertThat(top(blocked, "Ready").getReason()).isEqualTo("InvalidSpec");
        assertThat(top(blocked, "Stalled").getMessage()).isEqualTo("spec.servers[0].name: 'CAS_01' is not a computer name");
        assertThat(top(blocked, "Stalled").getStatus()).isEqualTo("True");
        assertThat(top(blocked, "Stalled").getLastTransitionTime()).isEqualTo("2026-11-27T20:05:00Z");
        assertThat(top(blocked, "Reconciling").getStatus()).isEqualTo("False");
        assertThat(blocked.getObservedGeneration()).isEqualTo(2L);
        assertThat(blocked.getServers().get(0).getName()).isEqualTo("CAS01");
        assertThat(blocked.getSummary()).isEqualTo("1/1");
        assertThat(StatusBuilder.changed(blocked, StatusBuilder.blocked(blocked, 2, new Blocker("InvalidSpec",
                "spec.servers[0].name: 'CAS_01' is not a computer name"), T2.plusSeconds(600)))).isFalse();
    }

    @Test
    void aMissingSecretIsItsOwnReason() {
        ExchangeSslOffloadStatus blocked = StatusBuilder.blocked(null, 1,
                new Blocker("SecretNotFound", "Secret cas-admin not found in namespace mail"), T1);

        assertThat(top(blocked, "Stalled").getReason()).isEqualTo("SecretNotFound");
        assertThat(blocked.getSummary()).isEqualTo("0/0");
    }

    @Test
    void changedSeesAnyDifference() {
        ExchangeSslOffloadStatus status = build(null, 1, List.of(offloaded("CAS01")), T1);

        assertThat(StatusBuilder.changed(null, status)).isTrue();
        assertThat(StatusBuilder.changed(status, build(status, 2, List.of(offloaded("CAS01")), T1))).isTrue();
        assertThat(StatusBuilder.changed(status, build(status, 1, List.of(offloaded("CAS01")), T2))).isFalse();
    }

    /** Ready, Reconciling and Stalled as a finding alone decides them, each written out by hand. */
    static Stream<Arguments> everyFindingKind() {
        return Stream.of(
                arguments("all offloaded", (Finding) b -> b.servers(List.of(offloaded("CAS01"))), "True", "Offloaded", "False", "False"),
                arguments("a vdir not present", (Finding) b -> b.servers(List.of(withOwa(Reason.NotPresent))), "True", "Offloaded", "False", "False"),
                arguments("SSL still required", (Finding) b -> b.servers(List.of(withOwa(Reason.SslRequired))), "False", "SslRequired", "True", "False"),
                arguments("applying", (Finding) b -> b.servers(List.of(withOwa(Reason.Applying))), "False", "Applying", "True", "False"),
                arguments("awaiting propagation", (Finding) b -> b.servers(List.of(withOwa(Reason.AwaitingPropagation))), "False", "AwaitingPropagation", "True", "False"),
                arguments("waiting for the rollout", (Finding) b -> b.servers(List.of(withOwa(Reason.WaitingForRollout))), "False", "WaitingForRollout", "True", "False"),
                arguments("propagation overdue", (Finding) b -> b.servers(List.of(withOwa(Reason.PropagationOverdue))), "False", "PropagationOverdue", "False", "True"),
                arguments("refused", (Finding) b -> b.servers(List.of(withOwa(Reason.Refused))), "False", "Refused", "False", "True"),
                arguments("Extended Protection on", (Finding) b -> b.servers(List.of(withOwa(Reason.ExtendedProtectionEnabled))), "False", "ExtendedProtectionEnabled", "False", "True"),
                arguments("paused", (Finding) b -> b.servers(List.of(withOwa(Reason.Paused))), "False", "Paused", "False", "False"),
                arguments("observe only", (Finding) b -> b.servers(List.of(withOwa(Reason.ObserveOnly))), "False", "ObserveOnly", "False", "False"),
                arguments("unreached, retrying", (Finding) b -> b.servers(List.of(unreachable("CAS01", "timed out"))), "False", "Unreachable", "True", "False"),
                arguments("unreached, needs a person", (Finding) b -> b.servers(List.of(
                        new ServerOutcome.Unreached("CAS01", "WrongServer", true, "answers as CAS09", SCOPE))), "False", "WrongServer", "False", "True"),
                arguments("no server at all", (Finding) b -> b.servers(List.of()), "True", "Offloaded", "False", "False"),
                arguments("blocked", (Finding) b -> b.blocked(new Blocker("SecretNotFound", "Secret x not found")), "False", "SecretNotFound", "False", "True"),
                arguments("restoring on deletion", (Finding) b -> b.restoring("CAS01: Unreachable"), "False", "Restoring", "True", "False"),
                arguments("first seen", (Finding) StatusBuilder::firstSeen, "False", "Observing", "True", "False"),
                arguments("only what servers do not decide", (Finding) b -> b.rollout("maxUnavailable 1 of 1 servers")
                        .propagationStrategy("Wait").healthChecks(Map.of()), "True", "Offloaded", "False", "False"));
    }

    /** One kind of finding given to the builder. */
    interface Finding {
        StatusBuilder addTo(StatusBuilder builder);
    }

    private static ServerOutcome.Reached withOwa(Reason reason) {
        return reached("CAS01", states(reason, Protocol.OWA), OutlookAnywhereProgress.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFindingKind")
    void eachFindingDecidesTheTopLevelConditions(String description, Finding finding, String ready, String readyReason,
                                                 String reconciling, String stalled) {
        ExchangeSslOffloadStatus status = finding.addTo(new StatusBuilder(null, 7, T1)).build();

        assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("Ready", "Reconciling", "Stalled");
        assertThat(top(status, "Ready").getStatus()).isEqualTo(ready);
        assertThat(top(status, "Ready").getReason()).isEqualTo(readyReason);
        assertThat(top(status, "Reconciling").getStatus()).isEqualTo(reconciling);
        assertThat(top(status, "Stalled").getStatus()).isEqualTo(stalled);
        assertThat(status.getObservedGeneration()).isEqualTo(7L);
        assertThat(status.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(7L);
            assertThat(c.getReason()).matches("[A-Z][A-Za-z]*");
        });
    }

    @Test
    void aServerThatNeedsAPersonNamesTheReadyReasonOverOneInProgressAndOneHeldBack() {
        List<ServerOutcome> outcomes = List.of(reached("CAS01", states(Reason.Paused, Protocol.OWA), OutlookAnywhereProgress.NONE),
                reached("CAS02", states(Reason.SslRequired, Protocol.OWA), OutlookAnywhereProgress.NONE),
                reached("CAS03", states(Reason.Refused, Protocol.OWA), OutlookAnywhereProgress.NONE));

        ExchangeSslOffloadStatus all = build(null, 1, outcomes, T1);
        ExchangeSslOffloadStatus noneStalled = build(null, 1, outcomes.subList(0, 2), T1);

        assertThat(top(all, "Ready").getReason()).isEqualTo("Refused");
        assertThat(top(all, "Ready").getMessage()).isEqualTo("CAS01: owa Paused; CAS02: owa SslRequired; CAS03: owa Refused");
        assertThat(top(all, "Reconciling").getMessage()).isEqualTo("CAS02: owa SslRequired");
        assertThat(top(all, "Stalled").getMessage()).isEqualTo("CAS03: owa Refused");
        assertThat(top(noneStalled, "Ready").getReason()).as("in progress outranks held back").isEqualTo("SslRequired");
    }

    @Test
    void whatStoppedTheReconcileOutranksWhatServersSaid() {
        ExchangeSslOffloadStatus before = build(null, 1, List.of(offloaded("CAS01")), T1);

        ExchangeSslOffloadStatus blocked = new StatusBuilder(before, 2, T2).firstSeen().restoring("CAS01: Unreachable")
                .blocked(new Blocker("InvalidSpec", "spec.servers: required")).build();
        ExchangeSslOffloadStatus restoring = new StatusBuilder(before, 2, T2).firstSeen().restoring("CAS01: Unreachable").build();

        assertThat(top(blocked, "Stalled").getReason()).isEqualTo("InvalidSpec");
        assertThat(top(blocked, "Reconciling").getMessage()).isEqualTo("waiting for the resource to be fixed");
        assertThat(top(restoring, "Ready").getMessage())
                .isEqualTo("deleted with deletionPolicy Restore; retrying with backoff: CAS01: Unreachable");
        assertThat(top(restoring, "Stalled").getMessage()).isEqualTo("the deletion retries by itself");
        assertThat(restoring.getServers()).as("the servers keep what they last showed").isEqualTo(before.getServers());
        assertThat(restoring.getSummary()).isEqualTo("1/1");
    }

    @Test
    void aBlockerMessageIsBounded() {
        ExchangeSslOffloadStatus blocked = StatusBuilder.blocked(null, 1, new Blocker("InvalidSpec", "x".repeat(5000)), T1);

        assertThat(top(blocked, "Ready").getMessage()).hasSize(1024).endsWith("…");
        assertThat(top(blocked, "Stalled").getMessage()).isEqualTo(top(blocked, "Ready").getMessage());
    }

    @Test
    void whatTheServersDoNotDecideIsWrittenAsFound() {
        CoexistenceStatus coexistence = new CoexistenceStatus();
        List<ServerOutcome> outcomes = List.of(offloaded("CAS01"),
                reached("CAS02", states(Reason.Refused, Protocol.OWA), OutlookAnywhereProgress.NONE), offloaded("CAS03"));

        ExchangeSslOffloadStatus status = new StatusBuilder(null, 1, T1).servers(outcomes)
                .rollout("maxUnavailable 1 of 3 servers: changing CAS01").propagationStrategy("RestartServiceHost")
                .coexistence(coexistence).build();
        ExchangeSslOffloadStatus alike = build(null, 1, List.of(offloaded("CAS01"), offloaded("CAS02")), T1);

        assertThat(status.getRollout()).isEqualTo("maxUnavailable 1 of 3 servers: changing CAS01");
        assertThat(status.getPropagationStrategy()).isEqualTo("RestartServiceHost");
        assertThat(status.getCoexistence()).isSameAs(coexistence);
        assertThat(status.getDivergence()).containsExactly("owa: Refused on CAS02; Offloaded on CAS01, CAS03");
        assertThat(alike.getDivergence()).isNull();
        assertThat(alike.getRollout()).isNull();
        assertThat(alike.getPropagationStrategy()).isNull();
    }

    @Test
    void healthChecksShowWhatWasProbedAndAServerNotProbedKeepsWhatItShowed() {
        Map<Protocol, HealthCheckAnswer> answers = new EnumMap<>(Protocol.class);
        answers.put(Protocol.OWA, new HealthCheckAnswer(true, "Passing", "HTTP 200 200 OK"));
        answers.put(Protocol.EWS, new HealthCheckAnswer(false, "SslRequired", "HTTP 403.4: the location still requires SSL"));
        List<ServerOutcome> outcomes = List.of(offloaded("CAS01"), offloaded("CAS02"));
        ExchangeSslOffloadStatus first = new StatusBuilder(null, 1, T1).servers(outcomes)
                .healthChecks(Map.of("CAS01", answers, "CAS02", answers)).build();

        ExchangeSslOffloadStatus second = new StatusBuilder(first, 1, T2)
                .servers(List.of(offloaded("CAS01"), unreachable("CAS02", "connection refused")))
                .healthChecks(Map.of("CAS01", Map.of(Protocol.OWA, new HealthCheckAnswer(true, "Passing", "HTTP 200 200 OK")))).build();

        List<Condition> cas01 = first.getServers().get(0).getHealthChecks();
        assertThat(cas01).extracting(Condition::getType, Condition::getStatus, Condition::getReason)
                .containsExactly(Tuple.tuple("owa", "True", "Passing"),
                        Tuple.tuple("ews", "False", "SslRequired"));
        assertThat(second.getServers().get(0).getHealthChecks()).singleElement().satisfies(owa -> {
            assertThat(owa.getType()).isEqualTo("owa");
            assertThat(owa.getLastTransitionTime()).as("unchanged status, unchanged time").isEqualTo("2026-11-27T20:00:00Z");
        });
        assertThat(second.getServers().get(1).getHealthChecks()).isEqualTo(first.getServers().get(1).getHealthChecks());
        assertThat(build(null, 1, outcomes, T1).getServers()).allSatisfy(s -> assertThat(s.getHealthChecks()).isNull());
    }

    @Test
    void aPendingChangeHeldBackIsListedOnItsServer() {
        PendingChanges pending = new PendingChanges(List.of(new PendingChanges.Change(Protocol.OWA, "sslFlags", "Ssl,Ssl128", "None")),
                List.of("MSExchangeOWAAppPool"), Set.of(Protocol.OWA));
        ExchangeSslOffloadStatus status = build(null, 1, List.of(new ServerOutcome.Reached("CAS01", PlanFixtures.CU23,
                states(Reason.ObserveOnly, Protocol.OWA), OutlookAnywhereProgress.NONE, observed(PlanFixtures.SHIPPED), pending)), T1);

        ServerStatus cas01 = status.getServers().get(0);
        assertThat(cas01.getPendingChanges()).singleElement()
                .satisfies(change -> assertThat(change.getDesired()).isEqualTo("None"));
        assertThat(cas01.getAppPoolsToRecycle()).containsExactly("MSExchangeOWAAppPool");
        assertThat(top(status, "Reconciling").getReason()).isEqualTo("Settled");
    }
}
