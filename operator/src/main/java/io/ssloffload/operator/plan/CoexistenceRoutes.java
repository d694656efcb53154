package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.CoexistenceSpec;
import io.ssloffload.operator.api.v1alpha1.CoexistenceStatus;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.validation.SpecProblem;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How each protocol reaches mailboxes on legacy servers (exchange-facts.md, Coexistence). With
 * Exchange 2007, OWA and EWS redirect to the legacy namespace; Autodiscover, Outlook Anywhere and
 * ActiveSync are proxied. With Exchange 2010, a protocol redirects when its 2010 virtual directory
 * has an ExternalUrl ({@code legacyExternalUrls}), else it is proxied. Pure.
 */
public final class CoexistenceRoutes {

    public enum Route { Redirect, Proxy }

    /** Exchange 2007 knew no ECP, OAB over this path or MAPI over HTTP: only these cross versions. */
    private static final Map<Protocol, Route> EXCHANGE_2007 = new EnumMap<>(Map.of(
            Protocol.OWA, Route.Redirect, Protocol.EWS, Route.Redirect,
            Protocol.AUTODISCOVER, Route.Proxy, Protocol.OUTLOOK_ANYWHERE, Route.Proxy, Protocol.EAS, Route.Proxy));
    /** Exchange 2010 has every 2013 protocol but MAPI over HTTP. */
    private static final Set<Protocol> EXCHANGE_2010 = EnumSet.of(Protocol.OWA, Protocol.ECP, Protocol.OAB, Protocol.EAS,
            Protocol.EWS, Protocol.AUTODISCOVER, Protocol.OUTLOOK_ANYWHERE);

    private CoexistenceRoutes() {
    }

    /** Per protocol, in {@link Protocol} order; empty without a coexistence mode. */
    public static Map<Protocol, Route> routes(CoexistenceSpec coexistence) {
        CoexistenceSpec.Mode mode = coexistence == null || coexistence.getMode() == null
                ? CoexistenceSpec.Mode.None : coexistence.getMode();
        Map<Protocol, Route> routes = new EnumMap<>(Protocol.class);
        switch (mode) {
            case Exchange2007 -> routes.putAll(EXCHANGE_2007);
            case Exchange2010 -> {
                List<Protocol> external = coexistence.getLegacyExternalUrls() == null ? List.of()
                        : coexistence.getLegacyExternalUrls();
                EXCHANGE_2010.forEach(p -> routes.put(p, external.contains(p) ? Route.Redirect : Route.Proxy));
            }
            case None -> { }
        }
        return routes;
    }

    /** What status reports; null without a coexistence mode. */
    public static CoexistenceStatus status(CoexistenceSpec coexistence) {
        Map<Protocol, Route> routes = routes(coexistence);
        if (routes.isEmpty()) {
            return null;
        }
        CoexistenceStatus status = new CoexistenceStatus();
        status.setMode(coexistence.getMode().name());
        status.setLegacyHostname(coexistence.getLegacyHostname());
        routes.forEach((protocol, route) -> status.getRoutes().put(protocol.specName(), route.name()));
        return status;
    }

    /**
     * Refusals: legacyHostname missing where a protocol redirects, or naming an Exchange 2013
     * host (a redirect loop); legacyExternalUrls outside Exchange2010 or naming a protocol 2010 lacks.
     */
    public static List<SpecProblem> problems(ExchangeSslOffloadSpec spec) {
        CoexistenceSpec coexistence = spec.getCoexistence();
        List<SpecProblem> problems = new ArrayList<>();
        if (coexistence == null) {
            return problems;
        }
        List<Protocol> external = coexistence.getLegacyExternalUrls() == null ? List.of() : coexistence.getLegacyExternalUrls();
        if (!external.isEmpty() && coexistence.getMode() != CoexistenceSpec.Mode.Exchange2010) {
            problems.add(new SpecProblem("spec.coexistence.legacyExternalUrls", "only means something with mode Exchange2010"));
        }
        external.stream().filter(p -> !EXCHANGE_2010.contains(p)).forEach(p -> problems.add(new SpecProblem(
                "spec.coexistence.legacyExternalUrls", p.specName() + " does not exist on Exchange 2010")));
        List<Protocol> redirected = routes(coexistence).entrySet().stream()
                .filter(e -> e.getValue() == Route.Redirect).map(Map.Entry::getKey).toList();
        String legacy = coexistence.getLegacyHostname();
        if (!redirected.isEmpty() && legacy == null) {
            problems.add(new SpecProblem("spec.coexistence.legacyHostname", "required when mode is " + coexistence.getMode()
                    + " and a protocol redirects (" + String.join(", ", redirected.stream().map(Protocol::specName).toList())
                    + " redirect legacy mailboxes to the legacy namespace)"));
        }
        if (legacy != null) {
            exchange2013Hosts(spec).filter(host -> host.toLowerCase(Locale.ROOT).equals(legacy.toLowerCase(Locale.ROOT)))
                    .findFirst().ifPresent(host -> problems.add(new SpecProblem("spec.coexistence.legacyHostname",
                            "'" + legacy + "' is an Exchange 2013 hostname of this resource; the legacy namespace must"
                                    + " name the legacy servers, or redirected clients come straight back")));
        }
        return problems;
    }

    private static Stream<String> exchange2013Hosts(ExchangeSslOffloadSpec spec) {
        OutlookAnywhereSpec oa = spec.getOutlookAnywhere();
        Stream<String> servers = spec.getServers() == null ? Stream.empty()
                : spec.getServers().stream().filter(Objects::nonNull).flatMap(s -> Stream.of(s.getName(), s.getAddress()));
        Stream<String> hostnames = oa == null ? Stream.empty() : Stream.of(oa.getExternalHostname(), oa.getInternalHostname());
        return Stream.concat(servers, hostnames).filter(Objects::nonNull);
    }
}
