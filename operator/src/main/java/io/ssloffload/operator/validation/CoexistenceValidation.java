package io.ssloffload.operator.validation;

import io.ssloffload.operator.api.v1alpha1.CoexistenceSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.plan.CoexistenceRoutes;
import io.ssloffload.operator.protocol.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The coexistence part of {@link SpecValidator}: what {@link CoexistenceRoutes} cannot route. */
public final class CoexistenceValidation {

    private CoexistenceValidation() {
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
        external.stream().filter(p -> !CoexistenceRoutes.existsOnExchange2010(p)).forEach(p -> problems.add(new SpecProblem(
                "spec.coexistence.legacyExternalUrls", p.specName() + " does not exist on Exchange 2010")));
        List<Protocol> redirected = CoexistenceRoutes.routes(coexistence).entrySet().stream()
                .filter(e -> e.getValue() == CoexistenceRoutes.Route.Redirect).map(Map.Entry::getKey).toList();
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
