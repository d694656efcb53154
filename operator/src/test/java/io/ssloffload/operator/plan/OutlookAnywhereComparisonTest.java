package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.ssloffload.operator.plan.PlanFixtures.WANTED_OA;
import static io.ssloffload.operator.plan.PlanFixtures.adWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutlookAnywhereComparisonTest {

    private static OutlookAnywhereSettings external(String host, List<AuthenticationMethod> iis) {
        return new OutlookAnywhereSettings(host, null, true, null, AuthenticationMethod.Negotiate, null, iis, true);
    }

    @Test
    void fieldsTheUserLeftUnsetAreNotDrift() {
        OutlookAnywhereSettings desired = external("mail.contoso.com", List.of());

        assertEquals(List.of(), OutlookAnywhereComparison.differences(desired, new OutlookAnywhereSettings(
                "MAIL.contoso.com", "whatever.local", true, false, AuthenticationMethod.Negotiate, AuthenticationMethod.Ntlm,
                List.of(AuthenticationMethod.Ntlm), true)));
    }

    @Test
    void everySetFieldIsComparedAndNamed() {
        OutlookAnywhereSettings ad = new OutlookAnywhereSettings(null, "old.local", false, false,
                AuthenticationMethod.Basic, AuthenticationMethod.Basic, List.of(AuthenticationMethod.Basic), false);

        assertEquals(List.of(
                "ExternalHostname is unset, want 'mail.contoso.com'",
                "InternalHostname is 'old.local', want 'cas.contoso.local'",
                "ExternalClientsRequireSsl is false, want true",
                "InternalClientsRequireSsl is false, want true",
                "ExternalClientAuthenticationMethod is Basic, want Ntlm",
                "InternalClientAuthenticationMethod is Basic, want Ntlm",
                "SSLOffloading is false, want true"), OutlookAnywhereComparison.differences(WANTED_OA, ad));
    }

    @Test
    void iisAuthenticationMethodsCompareAsASet() {
        OutlookAnywhereSettings desired = external("mail.contoso.com",
                List.of(AuthenticationMethod.Ntlm, AuthenticationMethod.Basic));

        assertEquals(List.of(), OutlookAnywhereComparison.differences(desired,
                external("mail.contoso.com", List.of(AuthenticationMethod.Basic, AuthenticationMethod.Ntlm))));
        assertEquals(1, OutlookAnywhereComparison.differences(desired,
                external("mail.contoso.com", List.of(AuthenticationMethod.Basic))).size());
    }

    @Test
    void fingerprintIsStableShortAndChangesWithTheSettings() {
        String fingerprint = OutlookAnywhereComparison.fingerprint(WANTED_OA);

        assertTrue(fingerprint.matches("[0-9a-f]{16}"), fingerprint);
        assertEquals(fingerprint, OutlookAnywhereComparison.fingerprint(new OutlookAnywhereSettings("MAIL.CONTOSO.COM",
                "cas.contoso.local", true, true, AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm, List.of(), true)));
        assertNotEquals(fingerprint, OutlookAnywhereComparison.fingerprint(adWith(true)));
        assertNotEquals(fingerprint, OutlookAnywhereComparison.fingerprint(new OutlookAnywhereSettings("mail.contoso.com",
                "cas.contoso.local", true, true, AuthenticationMethod.Negotiate, AuthenticationMethod.Ntlm, List.of(), true)));
    }

    @Test
    void progressRoundTripsThroughStatus() {
        OutlookAnywhereProgress progress = new OutlookAnywhereProgress(Instant.parse("2026-11-27T20:00:00.123Z"),
                Instant.parse("2026-11-27T20:15:00Z"), null, "abc", Instant.parse("2026-11-27T20:00:00.500Z"));

        OutlookAnywhereStatus status = progress.toStatus();
        assertEquals("2026-11-27T20:00:00Z", status.getAdVerifiedTime());

        assertEquals("2026-11-27T20:00:00Z", status.getAdChangedTime());
        assertEquals("2026-11-27T20:15:00Z", status.getPropagationDeadline());
        assertNull(status.getRpcPoolRecycledTime());
        assertEquals(progress, OutlookAnywhereProgress.fromStatus(status));
        assertNull(OutlookAnywhereProgress.NONE.toStatus());
        assertEquals(OutlookAnywhereProgress.NONE, OutlookAnywhereProgress.fromStatus(null));
    }

    @Test
    void unparsableTimesInStatusReadAsAbsent() {
        OutlookAnywhereStatus status = new OutlookAnywhereStatus();
        status.setPropagationDeadline("next tuesday");
        status.setConfirmedSettings("abc");

        assertEquals(new OutlookAnywhereProgress(null, null, null, "abc", null), OutlookAnywhereProgress.fromStatus(status));
    }
}
