package io.ssloffload.operator.validation;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.CoexistenceSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.api.v1alpha1.SecretKeyRef;
import io.ssloffload.operator.api.v1alpha1.SecretRef;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.protocol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SpecValidatorTest {

    private static ServerSpec server(String name, String address) {
        ServerSpec server = new ServerSpec();
        server.setName(name);
        server.setAddress(address);
        return server;
    }

    /** The README's example: two servers, every protocol by default, external and internal Outlook Anywhere names. */
    static ExchangeSslOffloadSpec valid() {
        ExchangeSslOffloadSpec spec = new ExchangeSslOffloadSpec();
        spec.setServers(new ArrayList<>(List.of(server("CAS01", "cas01.contoso.local"), server("CAS02", "10.0.0.12"))));
        WinRmSpec winrm = new WinRmSpec();
        SecretRef credentials = new SecretRef();
        credentials.setName("cas-admin");
        winrm.setCredentialsSecretRef(credentials);
        spec.setWinrm(winrm);
        OutlookAnywhereSpec oa = new OutlookAnywhereSpec();
        oa.setExternalHostname("mail.contoso.com");
        oa.setExternalClientsRequireSsl(true);
        oa.setExternalClientAuthenticationMethod(AuthenticationMethod.Negotiate);
        oa.setInternalHostname("mail.contoso.local");
        oa.setInternalClientsRequireSsl(true);
        spec.setOutlookAnywhere(oa);
        return spec;
    }

    @Test
    void theExamplePassesAndGetsEveryDefault() {
        ExchangeSslOffloadSpec spec = valid();

        assertEquals(List.of(), SpecValidator.validate(spec));
        DesiredOffload desired = SpecValidator.desiredOffload(spec);
        assertEquals(Protocol.offloadableProtocols(), desired.scope());
        assertEquals(Map.of(), desired.refused());
        assertEquals(Optional.of(new OutlookAnywhereSettings("mail.contoso.com", "mail.contoso.local", true, true,
                AuthenticationMethod.Negotiate, null, List.of(), true)), desired.outlookAnywhere());
        assertEquals(RecycleMode.APP_POOLS, desired.recycle());
        assertEquals(Duration.ofMinutes(15), desired.propagationTimeout());
        assertEquals(Duration.ofMinutes(1), desired.pollInterval());
    }

    @Test
    void mrsProxyIsNoProblemButRefusedWhileTheRestIsOffloaded() {
        ExchangeSslOffloadSpec spec = valid();
        spec.setProtocols(List.of(Protocol.OWA, Protocol.MRS_PROXY, Protocol.EWS));

        assertEquals(List.of(), SpecValidator.validate(spec));
        DesiredOffload desired = SpecValidator.desiredOffload(spec);
        assertEquals(Set.of(Protocol.OWA, Protocol.EWS), desired.scope());
        assertEquals(Map.of(Protocol.MRS_PROXY, "MRSProxy cannot be offloaded: it needs signed and encrypted traffic end"
                + " to end; use SSL bridging (re-encryption on the load balancer) instead"), desired.refused());
        assertEquals(Optional.empty(), desired.outlookAnywhere());
    }

    @Test
    void explicitSettingsOverrideTheDefaults() {
        ExchangeSslOffloadSpec spec = valid();
        PropagationSpec propagation = new PropagationSpec();
        propagation.setTimeout("1h30m");
        propagation.setPollInterval("90s");
        spec.setPropagation(propagation);
        spec.setRecycle(RecycleMode.IIS_RESET);

        DesiredOffload desired = SpecValidator.desiredOffload(spec);

        assertEquals(Duration.ofMinutes(90), desired.propagationTimeout());
        assertEquals(Duration.ofSeconds(90), desired.pollInterval());
        assertEquals(RecycleMode.IIS_RESET, desired.recycle());
    }

    @Test
    void withoutOutlookAnywhereInScopeItsSetOutlookAnywhereRulesDoNotApply() {
        ExchangeSslOffloadSpec spec = valid();
        spec.setProtocols(List.of(Protocol.OWA));
        spec.setOutlookAnywhere(null);

        assertEquals(List.of(), SpecValidator.validate(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fd00::10", "::1", "2001:db8:0:0:0:0:2:1", "FE80::1:2", "cas01.contoso.local", "10.0.0.5"})
    void aServerAddressMayBeADnsNameOrAnIpAddress(String address) {
        ExchangeSslOffloadSpec spec = valid();
        spec.getServers().get(0).setAddress(address);

        assertEquals(List.of(), SpecValidator.validate(spec));
        assertTrue(address.matches(ServerSpec.ADDRESS_PATTERN), "the schema takes it too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[fd00::10]", "fd00::zz", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "fd00:::1", "::ffff:10.0.0.1"})
    void aMalformedIpv6AddressIsRefused(String address) {
        ExchangeSslOffloadSpec spec = valid();
        spec.getServers().get(0).setAddress(address);

        assertEquals(List.of(new SpecProblem("spec.servers[0].address", "'" + address + "' is not a DNS name, IPv4 or IPv6"
                + " address (write IPv6 without brackets or zone, e.g. fd00::10)")), SpecValidator.validate(spec));
    }

    @Test
    void anInvalidSpecHasNoDesiredState() {
        ExchangeSslOffloadSpec spec = valid();
        spec.getServers().get(0).setName("CAS_01");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecValidator.desiredOffload(spec));
        assertThat(e.getMessage()).contains("spec.servers[0].name");
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                arguments("no servers", (Consumer<ExchangeSslOffloadSpec>) s -> s.setServers(List.of()),
                        "spec.servers: at least one server is required"),
                arguments("servers absent", (Consumer<ExchangeSslOffloadSpec>) s -> s.setServers(null),
                        "spec.servers: at least one server is required"),
                arguments("101 servers", (Consumer<ExchangeSslOffloadSpec>) s -> s.setServers(IntStream.range(0, 101)
                                .mapToObj(i -> server("CAS" + i, "cas" + i + ".contoso.local")).toList()),
                        "spec.servers: at most 100 servers, got 101"),
                arguments("name with underscore", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(1).setName("CAS_02"),
                        "spec.servers[1].name: 'CAS_02' is not a computer name (1-15 letters, digits or hyphens, not starting with a hyphen)"),
                arguments("name of 16 characters", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(0).setName("CAS0123456789ABC"),
                        "spec.servers[0].name: 'CAS0123456789ABC' is not a computer name"),
                arguments("name starting with hyphen", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(0).setName("-CAS"),
                        "spec.servers[0].name: '-CAS' is not a computer name"),
                arguments("name missing", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(0).setName(null),
                        "spec.servers[0].name: required"),
                arguments("duplicate name, other case", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(1).setName("cas01"),
                        "spec.servers[1].name: 'cas01' is already spec.servers[0].name 'CAS01' (Windows computer names are case-insensitive)"),
                arguments("address missing", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(0).setAddress(null),
                        "spec.servers[0].address: required"),
                arguments("address is a URL", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(0).setAddress("https://cas01:5986"),
                        "spec.servers[0].address: 'https://cas01:5986' is not a DNS name, IPv4 or IPv6 address"),
                arguments("server port 0", (Consumer<ExchangeSslOffloadSpec>) s -> s.getServers().get(1).setPort(0),
                        "spec.servers[1].port: 0 is not a TCP port (1-65535)"),
                arguments("winrm port 65536", (Consumer<ExchangeSslOffloadSpec>) s -> s.getWinrm().setPort(65536),
                        "spec.winrm.port: 65536 is not a TCP port (1-65535)"),
                arguments("winrm absent", (Consumer<ExchangeSslOffloadSpec>) s -> s.setWinrm(null),
                        "spec.winrm: required"),
                arguments("credentials absent", (Consumer<ExchangeSslOffloadSpec>) s -> s.getWinrm().setCredentialsSecretRef(null),
                        "spec.winrm.credentialsSecretRef: required"),
                arguments("credentials secret unnamed", (Consumer<ExchangeSslOffloadSpec>) s -> s.getWinrm().getCredentialsSecretRef().setName(""),
                        "spec.winrm.credentialsSecretRef.name: required"),
                arguments("credentials secret badly named", (Consumer<ExchangeSslOffloadSpec>) s -> s.getWinrm().getCredentialsSecretRef().setName("Cas_Admin"),
                        "spec.winrm.credentialsSecretRef.name: 'Cas_Admin' is not a Secret name"),
                arguments("operation timeout garbage", (Consumer<ExchangeSslOffloadSpec>) s -> s.getWinrm().setOperationTimeout("60"),
                        "spec.winrm.operationTimeout: '60' is not a duration: 60 needs a unit (ms, s, m or h)"),
                arguments("propagation timeout garbage", (Consumer<ExchangeSslOffloadSpec>) s -> s.setPropagation(propagation("15 minutes", null)),
                        "spec.propagation.timeout: '15 minutes' is not a duration"),
                arguments("propagation timeout zero", (Consumer<ExchangeSslOffloadSpec>) s -> s.setPropagation(propagation("0s", null)),
                        "spec.propagation.timeout: '0s' is shorter than the minimum 1s"),
                arguments("poll interval too short", (Consumer<ExchangeSslOffloadSpec>) s -> s.setPropagation(propagation(null, "500ms")),
                        "spec.propagation.pollInterval: '500ms' is shorter than the minimum 1s"),
                arguments("protocols empty", (Consumer<ExchangeSslOffloadSpec>) s -> s.setProtocols(List.of()),
                        "spec.protocols: name at least one protocol, or leave it out for all of them"),
                arguments("protocol twice", (Consumer<ExchangeSslOffloadSpec>) s -> s.setProtocols(List.of(Protocol.OWA, Protocol.EWS, Protocol.OWA)),
                        "spec.protocols[2]: 'owa' is listed twice"),
                arguments("unknown protocol", (Consumer<ExchangeSslOffloadSpec>) s -> s.setProtocols(Arrays.asList(Protocol.OWA, null)),
                        "spec.protocols[1]: unknown protocol; expected one of owa, ecp, oab, eas, ews, autodiscover, mapi, api, outlookAnywhere, mrsProxy"),
                arguments("outlookAnywhere by default without settings", (Consumer<ExchangeSslOffloadSpec>) s -> s.setOutlookAnywhere(null),
                        "spec.outlookAnywhere: externalHostname or internalHostname is required when outlookAnywhere is offloaded"
                                + " (Set-OutlookAnywhere rejects settings without a hostname); or list spec.protocols without"
                                + " outlookAnywhere to leave Outlook Anywhere alone"),
                arguments("outlookAnywhere listed without hostnames", (Consumer<ExchangeSslOffloadSpec>) s -> {
                            s.setProtocols(List.of(Protocol.OUTLOOK_ANYWHERE));
                            s.getOutlookAnywhere().setExternalHostname(null);
                            s.getOutlookAnywhere().setInternalHostname(null);
                        },
                        "spec.outlookAnywhere: externalHostname or internalHostname is required when outlookAnywhere is offloaded"
                                + " (Set-OutlookAnywhere rejects settings without a hostname); or remove outlookAnywhere from spec.protocols"),
                arguments("external hostname without RequireSsl", (Consumer<ExchangeSslOffloadSpec>) s -> s.getOutlookAnywhere().setExternalClientsRequireSsl(null),
                        "spec.outlookAnywhere.externalClientsRequireSsl: required when externalHostname is set"
                                + " (Set-OutlookAnywhere rejects -ExternalHostname without -ExternalClientsRequireSsl)"),
                arguments("external hostname without auth method", (Consumer<ExchangeSslOffloadSpec>) s -> s.getOutlookAnywhere().setExternalClientAuthenticationMethod(null),
                        "spec.outlookAnywhere.externalClientAuthenticationMethod: required when externalHostname is set"
                                + " (Set-OutlookAnywhere rejects -ExternalHostname without it)"),
                arguments("internal hostname without RequireSsl", (Consumer<ExchangeSslOffloadSpec>) s -> s.getOutlookAnywhere().setInternalClientsRequireSsl(null),
                        "spec.outlookAnywhere.internalClientsRequireSsl: required when internalHostname is set"
                                + " (Set-OutlookAnywhere rejects -InternalHostname without -InternalClientsRequireSsl)"),
                arguments("external Basic without SSL", (Consumer<ExchangeSslOffloadSpec>) s -> {
                            s.getOutlookAnywhere().setExternalClientAuthenticationMethod(AuthenticationMethod.Basic);
                            s.getOutlookAnywhere().setExternalClientsRequireSsl(false);
                        },
                        "spec.outlookAnywhere.externalClientsRequireSsl: must be true when externalClientAuthenticationMethod"
                                + " is Basic (Set-OutlookAnywhere rejects Basic authentication with RequireSsl $false"),
                arguments("internal Basic without SSL", (Consumer<ExchangeSslOffloadSpec>) s -> {
                            s.getOutlookAnywhere().setInternalClientAuthenticationMethod(AuthenticationMethod.Basic);
                            s.getOutlookAnywhere().setInternalClientsRequireSsl(false);
                        },
                        "spec.outlookAnywhere.internalClientsRequireSsl: must be true when internalClientAuthenticationMethod is Basic"),
                arguments("bad external hostname", (Consumer<ExchangeSslOffloadSpec>) s -> s.getOutlookAnywhere().setExternalHostname("mail.contoso.com/rpc"),
                        "spec.outlookAnywhere.externalHostname: 'mail.contoso.com/rpc' is not a DNS name or IPv4 address"),
                arguments("IIS method twice", (Consumer<ExchangeSslOffloadSpec>) s -> s.getOutlookAnywhere().setIisAuthenticationMethods(
                                List.of(AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm)),
                        "spec.outlookAnywhere.iisAuthenticationMethods: each of Basic, Ntlm, Negotiate at most once"),
                arguments("Exchange 2007 without legacy name", (Consumer<ExchangeSslOffloadSpec>) s -> s.setCoexistence(coexistence(CoexistenceSpec.Mode.Exchange2007, null)),
                        "spec.coexistence.legacyHostname: required when mode is Exchange2007"),
                arguments("basic over https with a CA winrm4j would ignore", (Consumer<ExchangeSslOffloadSpec>) s -> {
                            s.getWinrm().setAuthentication(WinRmSpec.Authentication.BASIC);
                            SecretKeyRef ca = new SecretKeyRef();
                            ca.setName("cas-ca");
                            s.getWinrm().setCaSecretRef(ca);
                        },
                        "spec.winrm.authentication: basic over https cannot use caSecretRef or insecureSkipTlsVerify"),
                arguments("basic over plain http without the opt-in", (Consumer<ExchangeSslOffloadSpec>) s -> {
                            s.getWinrm().setTransport(WinRmSpec.Transport.HTTP);
                            s.getWinrm().setAuthentication(WinRmSpec.Authentication.BASIC);
                        },
                        "spec.winrm.transport: http with basic sends the password and every script unencrypted"),
                arguments("bad legacy name", (Consumer<ExchangeSslOffloadSpec>) s -> s.setCoexistence(coexistence(CoexistenceSpec.Mode.Exchange2007, "legacy contoso")),
                        "spec.coexistence.legacyHostname: 'legacy contoso' is not a DNS name or IPv4 address"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void eachBrokenRuleIsReportedOnceNamingItsField(String description, Consumer<ExchangeSslOffloadSpec> breakIt, String expected) {
        ExchangeSslOffloadSpec spec = valid();
        breakIt.accept(spec);

        List<SpecProblem> problems = SpecValidator.validate(spec);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith(expected), problems.get(0) + "\n  expected to start with\n" + expected);
    }

    @Test
    void aNullSpecIsOneProblem() {
        assertEquals(List.of(new SpecProblem("spec", "required")), SpecValidator.validate(null));
    }

    @Test
    void exchange2007WithLegacyNameIsValid() {
        ExchangeSslOffloadSpec spec = valid();
        spec.setCoexistence(coexistence(CoexistenceSpec.Mode.Exchange2007, "legacy.contoso.com"));

        assertEquals(List.of(), SpecValidator.validate(spec));
    }

    private static PropagationSpec propagation(String timeout, String pollInterval) {
        PropagationSpec propagation = new PropagationSpec();
        propagation.setTimeout(timeout);
        propagation.setPollInterval(pollInterval);
        return propagation;
    }

    private static CoexistenceSpec coexistence(CoexistenceSpec.Mode mode, String legacyHostname) {
        CoexistenceSpec coexistence = new CoexistenceSpec();
        coexistence.setMode(mode);
        coexistence.setLegacyHostname(legacyHostname);
        return coexistence;
    }
}
