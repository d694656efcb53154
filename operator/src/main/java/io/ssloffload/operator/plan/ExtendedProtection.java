package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.ExtendedProtectionPolicy;
import io.ssloffload.operator.protocol.Protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Windows Extended Protection (EP) against SSL offloading, decided per server. Microsoft does not
 * support EP together with SSL offloading (Outlook breaks), and Setup turns EP on when installing or
 * upgrading to Exchange 2019 CU14 or later (SE too). Under {@link ExtendedProtectionPolicy#Respect}
 * a server with EP on any in-scope vdir is held as a whole: offloading only its other vdirs would
 * leave it half offloaded behind a load balancer that sends every protocol the same way. Under
 * {@link ExtendedProtectionPolicy#TurnOff} EP is set to None on the in-scope vdirs of Default Web
 * Site, as Microsoft's {@code ExchangeExtendedProtectionManagement.ps1 -DisableExtendedProtection}
 * does (in IIS, also for Rpc). Pure.
 */
public final class ExtendedProtection {

    /** What tokenChecking is set to under TurnOff: Extended Protection off. */
    public static final String OFF = "None";

    /** What HealthChecker flags on a server without Microsoft's recommended Extended Protection. */
    public static final List<String> CVES = List.of("CVE-2022-24516", "CVE-2022-21979", "CVE-2022-21980",
            "CVE-2022-24477", "CVE-2022-30134", "CVE-2024-21410");

    private ExtendedProtection() {
    }

    /** Allow or Require: the server checks channel binding tokens, which a load balancer's TLS breaks. */
    public static boolean isOn(String tokenChecking) {
        String normalised = tokenChecking == null ? "" : tokenChecking.trim().toLowerCase(Locale.ROOT);
        return normalised.equals("allow") || normalised.equals("require");
    }

    /** The in-scope vdirs present on this server with EP on, in {@link Protocol} order, with their tokenChecking. */
    public static Map<Protocol, String> enabled(DesiredOffload desired, ServerObservation observation) {
        Map<Protocol, String> on = new LinkedHashMap<>();
        for (Protocol protocol : Protocol.values()) {
            if (!desired.scope().contains(protocol) || observation.notPresent().contains(protocol)) {
                continue;
            }
            String tokenChecking = observation.extendedProtection().get(protocol);
            if (isOn(tokenChecking)) {
                on.put(protocol, tokenChecking.trim());
            }
        }
        return on;
    }

    /**
     * Why nothing may be changed on this server, when spec.extendedProtection is Respect and EP is on
     * in an in-scope vdir: every vdir with its tokenChecking, the build and the ways out.
     */
    public static Optional<String> holdsServer(DesiredOffload desired, ServerObservation observation) {
        Map<Protocol, String> on = enabled(desired, observation);
        if (desired.extendedProtection() != ExtendedProtectionPolicy.Respect || on.isEmpty()) {
            return Optional.empty();
        }
        String where = on.entrySet().stream()
                .map(e -> e.getKey().location().orElseThrow() + " (tokenChecking=" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(("Extended Protection is on at %s on %s (%s); Microsoft does not support it together with"
                + " SSL offloading (Outlook breaks), so nothing is changed on this server."
                + " Ways out: set spec.extendedProtection: TurnOff to offload without Extended Protection;"
                + " or turn it off with Microsoft's ExchangeExtendedProtectionManagement.ps1 -DisableExtendedProtection"
                + " and run every later Setup with /DoNotEnableEP and /DoNotEnableEP_FEEWS (or it comes back);"
                + " or keep it and use SSL bridging, the load balancer presenting Exchange's certificate"
                + " (that script refuses to configure Extended Protection while any server has Outlook Anywhere"
                + " SSLOffloading $true)").formatted(where, ExchangeProduct.describe(observation.build()), observation.build()));
    }

    /** Under TurnOff: Default Web Site location → None for every in-scope vdir with EP on. */
    public static Map<String, String> toTurnOff(DesiredOffload desired, ServerObservation observation) {
        Map<String, String> changes = new LinkedHashMap<>();
        if (desired.extendedProtection() == ExtendedProtectionPolicy.TurnOff) {
            enabled(desired, observation).keySet().forEach(p -> changes.put(p.location().orElseThrow(), OFF));
        }
        return changes;
    }

    /**
     * The Event's words when {@code plan} turned EP off: where, what it was, why, and what it exposes;
     * empty when it turned nothing off.
     */
    public static Optional<String> turnedOff(ServerPlan plan, ServerObservation before) {
        if (plan.tokenCheckingChanges().isEmpty()) {
            return Optional.empty();
        }
        String what = plan.tokenCheckingChanges().keySet().stream()
                .map(location -> location + " (was " + tokenCheckingAt(before, location) + ")")
                .collect(Collectors.joining(", "));
        return Optional.of("turned Extended Protection off (tokenChecking=None) at " + what
                + " because spec.extendedProtection is TurnOff: SSL offloading does not work with it;"
                + " HealthChecker will report this server as exposed to " + String.join(", ", CVES)
                + "; deleting the resource with deletionPolicy Restore turns it back on");
    }

    private static String tokenCheckingAt(ServerObservation observation, String location) {
        return observation.extendedProtection().entrySet().stream()
                .filter(e -> e.getKey().location().filter(location::equalsIgnoreCase).isPresent())
                .map(Map.Entry::getValue).findFirst().orElse("unknown");
    }
}
