package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.CoexistenceSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.CoexistenceRoutes.Route;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.validation.CoexistenceValidation;
import io.ssloffload.operator.validation.SpecProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoexistenceRoutesTest {

    @Test
    void exchange2007RedirectsOwaAndEwsAndProxiesTheRest() {
        CoexistenceSpec coexistence = coexistence(CoexistenceSpec.Mode.Exchange2007, "legacy.contoso.com", null);
        assertEquals(Map.of(Protocol.OWA, Route.Redirect, Protocol.EWS, Route.Redirect, Protocol.AUTODISCOVER, Route.Proxy,
                Protocol.OUTLOOK_ANYWHERE, Route.Proxy, Protocol.EAS, Route.Proxy), CoexistenceRoutes.routes(coexistence));
        assertEquals(Map.of("owa", "Redirect", "eas", "Proxy", "ews", "Redirect", "autodiscover", "Proxy",
                "outlookAnywhere", "Proxy"), CoexistenceRoutes.status(coexistence).getRoutes());
        assertEquals("legacy.contoso.com", CoexistenceRoutes.status(coexistence).getLegacyHostname());
    }

    @Test
    void exchange2010RedirectsWhereAnExternalUrlIsSetAndProxiesElsewhere() {
        Map<Protocol, Route> routes = CoexistenceRoutes.routes(
                coexistence(CoexistenceSpec.Mode.Exchange2010, "legacy.contoso.com", List.of(Protocol.OWA)));
        assertEquals(Route.Redirect, routes.get(Protocol.OWA));
        assertEquals(Route.Proxy, routes.get(Protocol.EWS));
        assertEquals(Route.Proxy, routes.get(Protocol.ECP));
        assertNull(routes.get(Protocol.MAPI), "Exchange 2010 has no MAPI over HTTP");
        assertTrue(CoexistenceValidation.problems(spec(coexistence(CoexistenceSpec.Mode.Exchange2010, null, null))).isEmpty(),
                "all proxied: no legacy namespace needed");
        assertNull(CoexistenceRoutes.status(coexistence(CoexistenceSpec.Mode.None, null, null)));
    }

    @Test
    void refusesAMissingLegacyHostnameWhereRedirectsNeedItAndAnExchange2013Hostname() {
        assertEquals(List.of("spec.coexistence.legacyHostname"), fields(CoexistenceValidation.problems(
                spec(coexistence(CoexistenceSpec.Mode.Exchange2010, null, List.of(Protocol.OWA))))));
        List<SpecProblem> loop = CoexistenceValidation.problems(spec(coexistence(CoexistenceSpec.Mode.Exchange2007,
                "MAIL.contoso.com", null)));
        assertEquals(1, loop.size(), loop::toString);
        assertThat(loop.get(0).toString()).as(loop.get(0)::toString).contains("is an Exchange 2013 hostname");
        assertEquals(List.of("spec.coexistence.legacyExternalUrls", "spec.coexistence.legacyExternalUrls"),
                fields(CoexistenceValidation.problems(spec(coexistence(CoexistenceSpec.Mode.Exchange2007, "legacy.contoso.com",
                        List.of(Protocol.MAPI))))), "only with 2010, and only protocols 2010 has");
    }

    private static List<String> fields(List<SpecProblem> problems) {
        return problems.stream().map(SpecProblem::field).toList();
    }

    private static CoexistenceSpec coexistence(CoexistenceSpec.Mode mode, String legacy, List<Protocol> external) {
        CoexistenceSpec coexistence = new CoexistenceSpec();
        coexistence.setMode(mode);
        coexistence.setLegacyHostname(legacy);
        coexistence.setLegacyExternalUrls(external);
        return coexistence;
    }

    private static ExchangeSslOffloadSpec spec(CoexistenceSpec coexistence) {
        ExchangeSslOffloadSpec spec = new ExchangeSslOffloadSpec();
        ServerSpec server = new ServerSpec();
        server.setName("CAS01");
        server.setAddress("cas01.contoso.com");
        spec.setServers(List.of(server));
        OutlookAnywhereSpec oa = new OutlookAnywhereSpec();
        oa.setExternalHostname("mail.contoso.com");
        spec.setOutlookAnywhere(oa);
        spec.setCoexistence(coexistence);
        return spec;
    }
}
