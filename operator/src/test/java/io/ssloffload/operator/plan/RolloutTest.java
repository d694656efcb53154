package io.ssloffload.operator.plan;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloutTest {

    @Test
    void maxUnavailableIsACountOrAPercentageRoundedDownButNeverBelowOne() {
        assertEquals(1, Rollout.maxUnavailable(null, 10));
        assertEquals(3, Rollout.maxUnavailable(new IntOrString(3), 10));
        assertEquals(2, Rollout.maxUnavailable(new IntOrString("25%"), 10));
        assertEquals(1, Rollout.maxUnavailable(new IntOrString("10%"), 3));
        assertEquals(3, Rollout.maxUnavailable(new IntOrString("100%"), 3));
        assertTrue(Rollout.valid(new IntOrString("1%")));
        assertFalse(Rollout.valid(new IntOrString(0)));
        assertFalse(Rollout.valid(new IntOrString("0%")));
        assertFalse(Rollout.valid(new IntOrString("101%")));
        assertFalse(Rollout.valid(new IntOrString("half")));
    }

    @Test
    void serversAreAdmittedInSpecOrderUpToTheBound() {
        Rollout.Decision decision = Rollout.decide(List.of(wants("CAS01"), wants("CAS02"), wants("CAS03")), 2);
        assertEquals(Set.of("CAS01", "CAS02"), decision.admitted());
        assertEquals(List.of("CAS03"), decision.waiting());
        assertEquals("maxUnavailable 2 of 3 servers; changing now: CAS01, CAS02; waiting: CAS03", decision.summary());
    }

    @Test
    void aServerBeingChangedHoldsItsPlaceKeepsChangingAndStopsTheSpread() {
        Rollout.Decision decision = Rollout.decide(List.of(wants("CAS01"),
                new Rollout.Candidate("CAS02", true, true, "outlookAnywhere AwaitingPropagation"),
                new Rollout.Candidate("CAS03", false, true, "Unreachable")), 2);
        assertEquals(Set.of("CAS02"), decision.admitted(), "the one being changed finishes; nobody new starts");
        assertEquals(List.of("CAS01"), decision.waiting());
        assertThat(decision.summary())
                .contains("being changed: CAS02 (outlookAnywhere AwaitingPropagation), CAS03 (Unreachable)");
    }

    @Test
    void nothingWaitingNeedsNoLine() {
        assertNull(Rollout.decide(List.of(wants("CAS01"), new Rollout.Candidate("CAS02", false, false, null)), 1).summary());
    }

    private static Rollout.Candidate wants(String server) {
        return new Rollout.Candidate(server, true, false, null);
    }
}
