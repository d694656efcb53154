package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExtendedProtectionRestoreTest {

    private static final ExchangeBuild SE = ExchangeBuild.parse("15.2.2562.17");

    private static ServerObservation observed(Map<Protocol, SslFlags> flags, Map<Protocol, String> tokenChecking) {
        return new ServerObservation(SE, flags, tokenChecking, Optional.empty(), Optional.empty());
    }

    @Test
    void restorePutsBackTheExtendedProtectionThatWasTurnedOffWithTheSslFlagsAndOneRecyclePerPool() {
        FirstObserved original = FirstObserved.NOTHING.filledFrom(observed(
                Map.of(Protocol.OWA, SslFlags.parse("Ssl,Ssl128"), Protocol.EWS, SslFlags.parse("Ssl,Ssl128")),
                Map.of(Protocol.OWA, "Require", Protocol.EWS, "Allow", Protocol.AUTODISCOVER, "None",
                        Protocol.OUTLOOK_ANYWHERE, "Require")));
        ServerObservation now = observed(Map.of(Protocol.OWA, SslFlags.NONE, Protocol.EWS, SslFlags.NONE),
                Map.of(Protocol.OWA, "None", Protocol.EWS, "None", Protocol.AUTODISCOVER, "None", Protocol.OUTLOOK_ANYWHERE, "None"));

        RestorePlan plan = RestorePlan.of(original, now);

        assertThat(plan.tokenCheckingChanges()).containsExactly(Map.entry("Default Web Site/owa", "Require"),
                Map.entry("Default Web Site/EWS", "Allow"), Map.entry("Default Web Site/Rpc", "Require"));
        assertThat(plan.sslFlagChanges()).containsOnlyKeys("Default Web Site/owa", "Default Web Site/EWS");
        assertThat(plan.appPoolsToRecycle()).containsExactly("MSExchangeOWAAppPool", "MSExchangeServicesAppPool",
                "MSExchangeRpcProxyFrontEndAppPool");
        assertThat(plan.changesAnything()).isTrue();
    }

    @Test
    void anOnValueSeenAfterAnOffOneIsWhatIsKeptBecauseTheOperatorNeverTurnsItOn() {
        Map<Protocol, String> before = new EnumMap<>(Map.of(Protocol.OWA, "None", Protocol.EWS, "Allow"));

        Map<Protocol, String> merged = ExtendedProtectionRestore.merged(before,
                Map.of(Protocol.OWA, "Require", Protocol.EWS, "None", Protocol.MAPI, "None"));

        assertThat(merged).containsEntry(Protocol.OWA, "Require").containsEntry(Protocol.EWS, "Allow")
                .containsEntry(Protocol.MAPI, "None");
    }

    @Test
    void restoreNeverTurnsExtendedProtectionOff() {
        FirstObserved original = new FirstObserved(Map.of(), null, Map.of(Protocol.OWA, "None"));

        RestorePlan plan = RestorePlan.of(original, observed(Map.of(Protocol.OWA, SslFlags.NONE), Map.of(Protocol.OWA, "Require")));

        assertThat(plan.tokenCheckingChanges()).isEmpty();
        assertThat(plan.changesAnything()).isFalse();
    }
}
