package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerClaimsTest {

    @Test
    void theEarlierResourceHoldsAServerNamedInAnyCase() {
        ExchangeSslOffload first = resource("a", "prod", "2026-01-01T00:00:00Z", server("CAS01", "cas01.contoso.com", null));
        ExchangeSslOffload second = resource("b", "prod", "2026-01-02T00:00:00Z", server("cas01", "10.0.0.1", null));
        List<ExchangeSslOffload> all = List.of(second, first);
        assertEquals(Optional.of(new ServerClaims.Claim("cas01", "prod/a")), ServerClaims.heldByAnother(second, all));
        assertEquals(Optional.empty(), ServerClaims.heldByAnother(first, all));
    }

    @Test
    void theSameAddressAndPortIsTheSameServerAnotherPortIsNot() {
        ExchangeSslOffload first = resource("a", "lab", "2026-01-01T00:00:00Z", server("CAS01", "Mail.Contoso.com", null));
        ExchangeSslOffload sameHost = resource("b", "lab", "2026-01-02T00:00:00Z", server("EX01", "mail.contoso.com", 5986));
        ExchangeSslOffload otherPort = resource("c", "lab", "2026-01-02T00:00:00Z", server("EX02", "mail.contoso.com", 15986));
        assertEquals(Optional.of(new ServerClaims.Claim("EX01", "lab/a")), ServerClaims.heldByAnother(sameHost, List.of(first, sameHost)));
        assertEquals(Optional.empty(), ServerClaims.heldByAnother(otherPort, List.of(first, otherPort)));
    }

    @Test
    void equalCreationTimesAreOrderedByNamespaceAndNameAlike() {
        ExchangeSslOffload x = resource("x", "lab", "2026-01-01T00:00:00Z", server("CAS01", "a", null));
        ExchangeSslOffload y = resource("y", "lab", "2026-01-01T00:00:00Z", server("CAS01", "b", null));
        assertEquals("lab/x", ServerClaims.heldByAnother(y, List.of(y, x)).orElseThrow().holder());
        assertEquals(Optional.empty(), ServerClaims.heldByAnother(x, List.of(y, x)));
    }

    private static ServerSpec server(String name, String address, Integer port) {
        ServerSpec server = new ServerSpec();
        server.setName(name);
        server.setAddress(address);
        server.setPort(port);
        return server;
    }

    private static ExchangeSslOffload resource(String name, String namespace, String created, ServerSpec... servers) {
        ExchangeSslOffloadSpec spec = new ExchangeSslOffloadSpec();
        spec.setServers(List.of(servers));
        spec.setWinrm(new WinRmSpec());
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withCreationTimestamp(created).build());
        resource.setSpec(spec);
        return resource;
    }
}
