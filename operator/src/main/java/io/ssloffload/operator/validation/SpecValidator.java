package io.ssloffload.operator.validation;

import io.ssloffload.operator.api.v1alpha1.ExtendedProtectionPolicy;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.CoexistenceSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.api.v1alpha1.SecretRef;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.plan.DesiredOffload;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.Rollout;
import io.ssloffload.operator.protocol.Protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a spec against every rule of the CRD schema again (an API server may not enforce all of
 * them, and some are not expressible there) and against Set-OutlookAnywhere's own validation, so
 * that a bad spec is reported at once instead of failing on every server. Pure.
 */
public final class SpecValidator {

    public static final int MAX_SERVERS = 100;

    public static final String MRS_PROXY_REFUSAL = "MRSProxy cannot be offloaded: it needs signed and encrypted"
            + " traffic end to end; use SSL bridging (re-encryption on the load balancer) instead";

    private static final Pattern NAME = Pattern.compile(ServerSpec.NAME_PATTERN);
    private static final Pattern HOST = Pattern.compile(ServerSpec.HOST_PATTERN);
    private static final Pattern IPV6 = Pattern.compile(ServerSpec.IPV6_PATTERN);
    /** A Kubernetes object name (RFC 1123 subdomain). */
    private static final Pattern SECRET_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    private SpecValidator() {
    }

    /** Every problem found, in field order; empty when the spec is valid. */
    public static List<SpecProblem> validate(ExchangeSslOffloadSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new SpecProblem("spec", "required"));
            return problems;
        }
        validateServers(spec.getServers(), problems);
        validateWinRm(spec.getWinrm(), problems);
        validateProtocols(spec.getProtocols(), problems);
        validateOutlookAnywhere(spec.getOutlookAnywhere(), requested(spec).contains(Protocol.OUTLOOK_ANYWHERE),
                spec.getProtocols() == null, problems);
        validateCoexistence(spec.getCoexistence(), problems);
        problems.addAll(CoexistenceValidation.problems(spec));
        validatePropagation(spec.getPropagation(), problems);
        if (spec.getRollout() != null && !Rollout.valid(spec.getRollout().getMaxUnavailable())) {
            problems.add(new SpecProblem("spec.rollout.maxUnavailable",
                    "must be a count of at least 1 or a percentage from 1% to 100%, got " + spec.getRollout().getMaxUnavailable()));
        }
        return problems;
    }

    /**
     * The runtime view of a valid spec with every default applied.
     *
     * @throws IllegalArgumentException listing the problems when the spec is not valid
     */
    public static DesiredOffload desiredOffload(ExchangeSslOffloadSpec spec) {
        List<SpecProblem> problems = validate(spec);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid spec: "
                    + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        Set<Protocol> requested = requested(spec);
        EnumSet<Protocol> scope = EnumSet.noneOf(Protocol.class);
        Map<Protocol, String> refused = new EnumMap<>(Protocol.class);
        for (Protocol protocol : requested) {
            if (protocol.offloadable()) {
                scope.add(protocol);
            } else {
                refused.put(protocol, MRS_PROXY_REFUSAL);
            }
        }
        Optional<OutlookAnywhereSettings> outlookAnywhere = scope.contains(Protocol.OUTLOOK_ANYWHERE)
                ? Optional.of(settings(spec.getOutlookAnywhere()))
                : Optional.empty();
        PropagationSpec propagation = spec.getPropagation();
        Duration timeout = propagation == null || propagation.getTimeout() == null
                ? DesiredOffload.DEFAULT_PROPAGATION_TIMEOUT : DurationRange.PROPAGATION_TIMEOUT.parse(propagation.getTimeout());
        Duration pollInterval = propagation == null || propagation.getPollInterval() == null
                ? DesiredOffload.DEFAULT_POLL_INTERVAL : DurationRange.POLL_INTERVAL.parse(propagation.getPollInterval());
        RecycleMode recycle = spec.getRecycle() == null ? RecycleMode.APP_POOLS : spec.getRecycle();
        ExtendedProtectionPolicy extendedProtection = spec.getExtendedProtection() == null
                ? ExtendedProtectionPolicy.Respect : spec.getExtendedProtection();
        return new DesiredOffload(scope, refused, outlookAnywhere, recycle, timeout, pollInterval, extendedProtection);
    }

    private static Set<Protocol> requested(ExchangeSslOffloadSpec spec) {
        if (spec.getProtocols() == null) {
            return Protocol.offloadableProtocols();
        }
        EnumSet<Protocol> requested = EnumSet.noneOf(Protocol.class);
        spec.getProtocols().stream().filter(p -> p != null).forEach(requested::add);
        return requested;
    }

    private static OutlookAnywhereSettings settings(OutlookAnywhereSpec spec) {
        return new OutlookAnywhereSettings(spec.getExternalHostname(), spec.getInternalHostname(),
                spec.getExternalClientsRequireSsl(), spec.getInternalClientsRequireSsl(),
                spec.getExternalClientAuthenticationMethod(), spec.getInternalClientAuthenticationMethod(),
                spec.getIisAuthenticationMethods(), true);
    }

    private static void validateServers(List<ServerSpec> servers, List<SpecProblem> problems) {
        if (servers == null || servers.isEmpty()) {
            problems.add(new SpecProblem("spec.servers", "at least one server is required"));
            return;
        }
        if (servers.size() > MAX_SERVERS) {
            problems.add(new SpecProblem("spec.servers", "at most " + MAX_SERVERS + " servers, got " + servers.size()));
        }
        Map<String, Integer> firstIndexByName = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            String path = "spec.servers[" + i + "]";
            ServerSpec server = servers.get(i);
            if (server == null) {
                problems.add(new SpecProblem(path, "required"));
                continue;
            }
            String name = server.getName();
            if (name == null || name.isEmpty()) {
                problems.add(new SpecProblem(path + ".name", "required"));
            } else if (!NAME.matcher(name).matches()) {
                problems.add(new SpecProblem(path + ".name", "'" + name + "' is not a computer name"
                        + " (1-15 letters, digits or hyphens, not starting with a hyphen)"));
            } else {
                Integer first = firstIndexByName.putIfAbsent(name.toUpperCase(Locale.ROOT), i);
                if (first != null) {
                    problems.add(new SpecProblem(path + ".name", "'" + name + "' is already spec.servers[" + first
                            + "].name '" + servers.get(first).getName() + "' (Windows computer names are case-insensitive)"));
                }
            }
            validateAddress(path + ".address", server.getAddress(), problems);
            validatePort(path + ".port", server.getPort(), problems);
        }
    }

    private static void validateWinRm(WinRmSpec winrm, List<SpecProblem> problems) {
        if (winrm == null) {
            problems.add(new SpecProblem("spec.winrm", "required"));
            return;
        }
        SecretRef credentials = winrm.getCredentialsSecretRef();
        if (credentials == null) {
            problems.add(new SpecProblem("spec.winrm.credentialsSecretRef", "required"));
        } else {
            validateSecretName("spec.winrm.credentialsSecretRef.name", credentials.getName(), problems);
        }
        if (winrm.getCaSecretRef() != null) {
            validateSecretName("spec.winrm.caSecretRef.name", winrm.getCaSecretRef().getName(), problems);
        }
        boolean https = winrm.getTransport() != WinRmSpec.Transport.HTTP;
        if (https && winrm.getAuthentication() == WinRmSpec.Authentication.BASIC
                && (winrm.getCaSecretRef() != null || Boolean.TRUE.equals(winrm.getInsecureSkipTlsVerify()))) {
            problems.add(new SpecProblem("spec.winrm.authentication", "basic over https cannot use caSecretRef or"
                    + " insecureSkipTlsVerify: the WinRM client applies TLS settings only to ntlm and kerberos; use ntlm"
                    + " (the default), or put the CA in the operator's Java trust store"));
        }
        // winrm4j encrypts messages over plain http only with NTLM.
        if (!https && winrm.getAuthentication() != null && winrm.getAuthentication() != WinRmSpec.Authentication.NTLM
                && !Boolean.TRUE.equals(winrm.getAllowUnencrypted())) {
            problems.add(new SpecProblem("spec.winrm.transport", "http with " + winrm.getAuthentication().name()
                    .toLowerCase(java.util.Locale.ROOT) + " sends the password and every script unencrypted; use https"
                    + " or ntlm, or set allowUnencrypted: true for a lab"));
        }
        validatePort("spec.winrm.port", winrm.getPort(), problems);
        validateDuration("spec.winrm.operationTimeout", winrm.getOperationTimeout(), DurationRange.OPERATION_TIMEOUT, problems);
    }

    private static void validateProtocols(List<Protocol> protocols, List<SpecProblem> problems) {
        if (protocols == null) {
            return;
        }
        if (protocols.isEmpty()) {
            problems.add(new SpecProblem("spec.protocols", "name at least one protocol, or leave it out for all of them"));
        }
        Set<Protocol> seen = EnumSet.noneOf(Protocol.class);
        for (int i = 0; i < protocols.size(); i++) {
            Protocol protocol = protocols.get(i);
            if (protocol == null) {
                problems.add(new SpecProblem("spec.protocols[" + i + "]", "unknown protocol; expected one of "
                        + Arrays.stream(Protocol.values()).map(Protocol::specName).collect(Collectors.joining(", "))));
            } else if (!seen.add(protocol)) {
                problems.add(new SpecProblem("spec.protocols[" + i + "]", "'" + protocol.specName() + "' is listed twice"));
            }
        }
    }

    private static void validateOutlookAnywhere(OutlookAnywhereSpec spec, boolean inScope, boolean scopeByDefault,
                                                List<SpecProblem> problems) {
        String path = "spec.outlookAnywhere";
        if (spec != null) {
            requireHost(path + ".externalHostname", spec.getExternalHostname(), false, problems);
            requireHost(path + ".internalHostname", spec.getInternalHostname(), false, problems);
            List<AuthenticationMethod> iis = spec.getIisAuthenticationMethods();
            if (iis != null) {
                if (iis.isEmpty() || iis.size() > 3) {
                    problems.add(new SpecProblem(path + ".iisAuthenticationMethods", "1 to 3 methods (Basic, Ntlm, Negotiate)"));
                } else if (iis.stream().anyMatch(Objects::isNull) || iis.stream().distinct().count() != iis.size()) {
                    problems.add(new SpecProblem(path + ".iisAuthenticationMethods", "each of Basic, Ntlm, Negotiate at most once"));
                }
            }
        }
        if (!inScope) {
            return;
        }
        // Set-OutlookAnywhere's own validation (Exchange 2013 CU23), checked here so no server sees a doomed call.
        String leaveOut = scopeByDefault
                ? "; or list spec.protocols without outlookAnywhere to leave Outlook Anywhere alone"
                : "; or remove outlookAnywhere from spec.protocols";
        if (spec == null || (spec.getExternalHostname() == null && spec.getInternalHostname() == null)) {
            problems.add(new SpecProblem(path, "externalHostname or internalHostname is required when outlookAnywhere"
                    + " is offloaded (Set-OutlookAnywhere rejects settings without a hostname)" + leaveOut));
            return;
        }
        if (spec.getExternalHostname() != null) {
            if (spec.getExternalClientsRequireSsl() == null) {
                problems.add(new SpecProblem(path + ".externalClientsRequireSsl", "required when externalHostname is set"
                        + " (Set-OutlookAnywhere rejects -ExternalHostname without -ExternalClientsRequireSsl)"));
            }
            if (spec.getExternalClientAuthenticationMethod() == null) {
                problems.add(new SpecProblem(path + ".externalClientAuthenticationMethod", "required when externalHostname"
                        + " is set (Set-OutlookAnywhere rejects -ExternalHostname without it)"));
            }
        }
        if (spec.getInternalHostname() != null && spec.getInternalClientsRequireSsl() == null) {
            problems.add(new SpecProblem(path + ".internalClientsRequireSsl", "required when internalHostname is set"
                    + " (Set-OutlookAnywhere rejects -InternalHostname without -InternalClientsRequireSsl)"));
        }
        rejectBasicWithoutSsl(path, "external", spec.getExternalClientAuthenticationMethod(),
                spec.getExternalClientsRequireSsl(), problems);
        rejectBasicWithoutSsl(path, "internal", spec.getInternalClientAuthenticationMethod(),
                spec.getInternalClientsRequireSsl(), problems);
    }

    private static void rejectBasicWithoutSsl(String path, String side, AuthenticationMethod method, Boolean requireSsl,
                                              List<SpecProblem> problems) {
        if (method == AuthenticationMethod.Basic && Boolean.FALSE.equals(requireSsl)) {
            problems.add(new SpecProblem(path + "." + side + "ClientsRequireSsl", "must be true when " + side
                    + "ClientAuthenticationMethod is Basic (Set-OutlookAnywhere rejects Basic authentication with"
                    + " RequireSsl $false: passwords would cross the network in clear text)"));
        }
    }

    private static void validateCoexistence(CoexistenceSpec coexistence, List<SpecProblem> problems) {
        if (coexistence == null) {
            return;
        }
        requireHost("spec.coexistence.legacyHostname", coexistence.getLegacyHostname(), false, problems);
    }

    private static void validatePropagation(PropagationSpec propagation, List<SpecProblem> problems) {
        if (propagation == null) {
            return;
        }
        validateDuration("spec.propagation.timeout", propagation.getTimeout(), DurationRange.PROPAGATION_TIMEOUT, problems);
        validateDuration("spec.propagation.pollInterval", propagation.getPollInterval(), DurationRange.POLL_INTERVAL, problems);
    }

    private static void validateDuration(String field, String text, DurationRange range, List<SpecProblem> problems) {
        if (text == null) {
            return;
        }
        try {
            range.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(field, e.getMessage()));
        }
    }

    private static void validatePort(String field, Integer port, List<SpecProblem> problems) {
        if (port != null && (port < 1 || port > 65535)) {
            problems.add(new SpecProblem(field, port + " is not a TCP port (1-65535)"));
        }
    }

    private static void requireHost(String field, String host, boolean required, List<SpecProblem> problems) {
        if (host == null || host.isEmpty()) {
            if (required) {
                problems.add(new SpecProblem(field, "required"));
            } else if (host != null) {
                problems.add(new SpecProblem(field, "must not be empty; leave it out instead"));
            }
        } else if (host.length() > 253 || !HOST.matcher(host).matches()) {
            problems.add(new SpecProblem(field, "'" + host + "' is not a DNS name or IPv4 address"));
        }
    }

    private static void validateAddress(String field, String address, List<SpecProblem> problems) {
        if (address == null || address.isEmpty()) {
            problems.add(new SpecProblem(field, "required"));
        } else if (address.contains(":") ? !isIpv6(address) : address.length() > 253 || !HOST.matcher(address).matches()) {
            problems.add(new SpecProblem(field, "'" + address + "' is not a DNS name, IPv4 or IPv6 address"
                    + " (write IPv6 without brackets or zone, e.g. fd00::10)"));
        }
    }

    private static boolean isIpv6(String address) {
        try {
            // A literal with a colon is parsed, never looked up.
            return IPV6.matcher(address).matches() && InetAddress.getByName(address) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void validateSecretName(String field, String name, List<SpecProblem> problems) {
        if (name == null || name.isEmpty()) {
            problems.add(new SpecProblem(field, "required"));
        } else if (name.length() > 253 || !SECRET_NAME.matcher(name).matches()) {
            problems.add(new SpecProblem(field, "'" + name + "' is not a Secret name (lower-case letters, digits, '-' and '.')"));
        }
    }
}
