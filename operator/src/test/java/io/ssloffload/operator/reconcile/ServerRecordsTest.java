package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.InFlight;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerRecordsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final InFlight.OutlookAnywhereIntent SET =
            new InFlight.OutlookAnywhereIntent("fp", T0, T0.plusSeconds(1200), false);

    private static ExchangeSslOffload resource() {
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMeta());
        return resource;
    }

    private static ServerSpec server(String name, String address) {
        ServerSpec server = new ServerSpec();
        server.setName(name);
        server.setAddress(address);
        return server;
    }

    @Test
    void whatIsInFlightIsRecordedBeforeAndSettledAfterAndSurvivesItsJson() {
        ExchangeSslOffload resource = resource();
        ServerRecords records = ServerRecords.inResource(resource);
        InFlight begun = records.begin(server("CAS01", "10.0.0.1"),
                new InFlight(T0, List.of("MSExchangeOWAAppPool"), false, SET));

        ServerRecords reread = ServerRecords.inResource(resource);
        assertThat(reread.inFlight("cas01")).as("read back by another reconcile, whatever the name's case").isEqualTo(begun);
        assertThat(begun.outlookAnywhere().answered()).isFalse();

        InFlight later = reread.begin(server("CAS01", "10.0.0.1"),
                new InFlight(T0.plusSeconds(60), List.of("MSExchangeECPAppPool"), false, null));
        assertThat(later.since()).as("a server is being changed from its first change on").isEqualTo(T0);
        assertThat(later.appPoolsOwed()).containsExactly("MSExchangeOWAAppPool", "MSExchangeECPAppPool");
        assertThat(later.outlookAnywhere()).isEqualTo(SET);

        reread.settle("CAS01", later.recyclesDone().outlookAnywhereAnswered());
        assertThat(reread.inFlight("CAS01").appPoolsOwed()).isEmpty();
        assertThat(reread.inFlight("CAS01").outlookAnywhere().answered()).isTrue();

        reread.settle("CAS01", reread.inFlight("CAS01").outlookAnywhereDone());
        assertThat(resource.getMetadata().getAnnotations()).doesNotContainKey(ServerRecords.IN_FLIGHT_PREFIX + "cas01");
        assertThat(reread.inFlight("CAS01")).isEqualTo(InFlight.NONE);
    }

    @Test
    void theServersTheOperatorChangedAreKeptWithTheirAddressUntilForgotten() {
        ExchangeSslOffload resource = resource();
        ServerRecords records = ServerRecords.inResource(resource);
        records.begin(server("CAS02", "cas02.contoso.local"), new InFlight(T0, List.of("MSExchangeOWAAppPool"), false, null));
        records.begin(server("CAS01", "10.0.0.1"), new InFlight(T0, List.of(), true, null));
        records.begin(server("CAS01", "10.9.9.9"), new InFlight(T0, List.of(), true, null));

        assertThat(records.changedServers()).extracting(ServerSpec::getName, ServerSpec::getAddress)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CAS01", "10.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("CAS02", "cas02.contoso.local"));

        records.firstObserved().record("CAS02", new io.ssloffload.operator.plan.FirstObserved(
                java.util.Map.of(io.ssloffload.operator.protocol.Protocol.OWA, io.ssloffload.operator.protocol.SslFlags.NONE), null));
        records.forget("CAS02");
        assertThat(records.changedServers()).extracting(ServerSpec::getName).containsExactly("CAS01");
        assertThat(resource.getMetadata().getAnnotations().keySet()).allMatch(key -> !key.endsWith(".cas02"));
    }

    @Test
    void aDamagedRecordReadsAsNothingInFlight() {
        assertThat(ServerRecords.parseInFlight("{not json")).isEqualTo(InFlight.NONE);
        assertThat(ServerRecords.parseInFlight(null)).isEqualTo(InFlight.NONE);
    }
}
