package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.CoexistenceSpec;
import io.ssloffload.operator.api.v1alpha1.CoexistenceStatus;
import io.ssloffload.operator.protocol.Protocol;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Whether Exchange 2010 has the protocol at all (it lacks MAPI over HTTP). */
    public static boolean existsOnExchange2010(Protocol protocol) {
        return EXCHANGE_2010.contains(protocol);
    }
}
