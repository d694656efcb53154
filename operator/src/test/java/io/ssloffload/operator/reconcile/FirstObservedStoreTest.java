package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ExchangeBuild;
import io.ssloffload.operator.plan.RestorePlan;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstObservedStoreTest {

    private static final SslFlags REQUIRED = SslFlags.parse("Ssl,Ssl128");
    private static final OutlookAnywhereSettings NOT_OFFLOADED = new OutlookAnywhereSettings("mail.contoso.com", null,
            true, false, AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm, List.of(AuthenticationMethod.Ntlm), false);

    @Test
    void valuesAreOnlyEverAddedAndSurviveTheirJson() {
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMeta());
        FirstObservedStore store = ServerRecords.inResource(resource).firstObserved();
        store.record("CAS01", new FirstObserved(Map.of(Protocol.OWA, REQUIRED), NOT_OFFLOADED));
        store.record("cas01", new FirstObserved(Map.of(Protocol.OWA, SslFlags.NONE, Protocol.ECP, REQUIRED), null));

        FirstObserved read = store.get("Cas01");
        assertEquals(Map.of(Protocol.OWA, REQUIRED, Protocol.ECP, REQUIRED), read.sslFlags(), "the first owa value wins");
        assertEquals(NOT_OFFLOADED, read.outlookAnywhere());
        assertEquals(Set.of("ssloffload.io/first-observed.cas01"), resource.getMetadata().getAnnotations().keySet(),
                "one annotation per server, whatever the case of its name");
    }

    @Test
    void aDamagedAnnotationReadsAsNothingRecorded() {
        assertTrue(FirstObservedStore.parse("{not json").isEmpty());
        assertTrue(FirstObservedStore.parse("{\"sslFlags\":{\"owa\":\"Bogus\"}}").isEmpty());
    }

    @Test
    void restorePutsBackOnlyWhatDiffersAndRecyclesOnlyThosePools() {
        FirstObserved original = new FirstObserved(Map.of(Protocol.OWA, REQUIRED, Protocol.ECP, SslFlags.NONE), NOT_OFFLOADED);
        OutlookAnywhereSettings offloaded = new OutlookAnywhereSettings("MAIL.contoso.com", "cas.contoso.local", true, true,
                AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm, List.of(), true);
        ServerObservation now = new ServerObservation(ExchangeBuild.parse("15.0.1497.2"),
                Map.of(Protocol.OWA, SslFlags.NONE, Protocol.ECP, SslFlags.NONE), Map.of(), Optional.empty(), Optional.of(offloaded));

        RestorePlan plan = RestorePlan.of(original, now);
        assertEquals(Map.of("Default Web Site/owa", REQUIRED), plan.sslFlagChanges());
        assertEquals(List.of("MSExchangeOWAAppPool"), plan.appPoolsToRecycle());
        assertEquals(Optional.of(NOT_OFFLOADED), plan.outlookAnywhere());

        ServerObservation restored = new ServerObservation(ExchangeBuild.parse("15.0.1497.2"),
                Map.of(Protocol.OWA, REQUIRED, Protocol.ECP, SslFlags.NONE), Map.of(), Optional.empty(), Optional.of(NOT_OFFLOADED));
        assertTrue(!RestorePlan.of(original, restored).changesAnything());
    }
}
