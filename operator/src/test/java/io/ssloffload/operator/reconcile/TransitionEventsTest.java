package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.StatusBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransitionEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void aServerGoingAwayAndComingBackIsOneEventEachNeverOnePerReconcile() {
        ExchangeSslOffloadStatus up = status(server(true, "owa", "Offloaded"));
        ExchangeSslOffloadStatus down = status(server(false, "owa", "Unreachable"));
        assertEquals(List.of(EventReason.ServerUnreachable), reasons(up, down));
        assertEquals(List.of(), reasons(down, down));
        assertEquals(List.of(EventReason.ServerRecovered), reasons(down, up));
        assertEquals(List.of(EventReason.ServerUnreachable), reasons(null, down), "unreachable when first seen");
    }

    @Test
    void propagationLandedOverdueAndRefusalsAreTransitions() {
        ExchangeSslOffloadStatus awaiting = status(server(true, "outlookAnywhere", "AwaitingPropagation"));
        ExchangeSslOffloadStatus overdue = status(server(true, "outlookAnywhere", "PropagationOverdue"));
        ExchangeSslOffloadStatus landed = status(server(true, "outlookAnywhere", "Offloaded"));
        assertEquals(List.of(EventReason.PropagationOverdue), reasons(awaiting, overdue));
        assertEquals(List.of(), reasons(overdue, overdue));
        assertEquals(List.of(EventReason.PropagationLanded), reasons(overdue, landed));
        assertEquals(List.of(EventReason.PropagationLanded), reasons(awaiting, landed));
        assertEquals(List.of(), reasons(null, landed), "offloaded when first seen: nothing landed");
        ExchangeSslOffloadStatus refused = status(server(true, "owa", "Refused"));
        assertEquals(List.of(EventReason.Refused), reasons(null, refused));
        assertEquals(List.of(), reasons(refused, refused));
    }

    @Test
    void aResourceRefusedAsAWholeIsOneEventUntilTheReasonChanges() {
        ExchangeSslOffloadStatus invalid = StatusBuilder.blocked(null, 1, new Blocker("InvalidSpec", "spec.servers: required"), NOW);
        assertEquals(List.of(EventReason.Refused), reasons(null, invalid));
        assertEquals(List.of(), reasons(invalid, StatusBuilder.blocked(invalid, 1,
                new Blocker("InvalidSpec", "spec.servers: required"), NOW.plusSeconds(60))));
        assertEquals(List.of(EventReason.Refused), reasons(invalid, StatusBuilder.blocked(invalid, 2,
                new Blocker("SecretNotFound", "Secret lab-admin not found"), NOW)));
    }

    private static List<EventReason> reasons(ExchangeSslOffloadStatus previous, ExchangeSslOffloadStatus next) {
        return TransitionEvents.between(previous, next).stream().map(ServerAction::reason).toList();
    }

    private static ServerStatus server(boolean reachable, String protocol, String reason) {
        ServerStatus server = new ServerStatus();
        server.setName("CAS01");
        server.setReachable(reachable);
        Condition condition = new ConditionBuilder().withType(protocol).withReason(reason)
                .withStatus("Offloaded".equals(reason) ? "True" : "False").withMessage(reason + " message").build();
        server.setConditions(List.of(condition));
        return server;
    }

    private static ExchangeSslOffloadStatus status(ServerStatus server) {
        ExchangeSslOffloadStatus status = new ExchangeSslOffloadStatus();
        status.setServers(List.of(server));
        return status;
    }
}
