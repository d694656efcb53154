package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.ExtendedProtectionPolicy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.protocol.Protocol;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime view of a valid spec, with every default applied: what to offload on each server.
 *
 * @param scope              offloadable protocols to configure (never MRSProxy)
 * @param refused            protocols the user asked for that can never be offloaded, with why
 * @param outlookAnywhere    the settings to hold in AD, {@code sslOffloading} true; present exactly
 *                           when {@link Protocol#OUTLOOK_ANYWHERE} is in scope
 * @param propagationTimeout how long the Service Host may take to copy AD into IIS
 * @param pollInterval       how often to look while waiting for it
 * @param extendedProtection what to do on a server where Extended Protection is on
 */
public record DesiredOffload(
        Set<Protocol> scope,
        Map<Protocol, String> refused,
        Optional<OutlookAnywhereSettings> outlookAnywhere,
        RecycleMode recycle,
        Duration propagationTimeout,
        Duration pollInterval,
        ExtendedProtectionPolicy extendedProtection) {

    /** With the default Extended Protection policy, {@link ExtendedProtectionPolicy#Respect}. */
    public DesiredOffload(Set<Protocol> scope, Map<Protocol, String> refused, Optional<OutlookAnywhereSettings> outlookAnywhere,
                          RecycleMode recycle, Duration propagationTimeout, Duration pollInterval) {
        this(scope, refused, outlookAnywhere, recycle, propagationTimeout, pollInterval, ExtendedProtectionPolicy.Respect);
    }

    public static final Duration DEFAULT_PROPAGATION_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);

    public DesiredOffload {
        scope = Collections.unmodifiableSet(scope.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(scope));
        refused = Collections.unmodifiableMap(refused.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(refused));
        Objects.requireNonNull(recycle, "recycle");
        Objects.requireNonNull(propagationTimeout, "propagationTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(extendedProtection, "extendedProtection");
        if (scope.stream().anyMatch(p -> !p.offloadable())) {
            throw new IllegalArgumentException("scope holds a protocol that cannot be offloaded: " + scope);
        }
        if (scope.contains(Protocol.OUTLOOK_ANYWHERE) != outlookAnywhere.isPresent()) {
            throw new IllegalArgumentException("Outlook Anywhere settings must be given exactly when outlookAnywhere is in scope");
        }
        if (outlookAnywhere.isPresent() && !outlookAnywhere.get().sslOffloading()) {
            throw new IllegalArgumentException("the desired Outlook Anywhere settings must have sslOffloading true");
        }
    }

    /** Every protocol that gets a condition: the scope and the refused ones, in {@link Protocol} order. */
    public Set<Protocol> reportedProtocols() {
        EnumSet<Protocol> all = EnumSet.noneOf(Protocol.class);
        all.addAll(scope);
        all.addAll(refused.keySet());
        return Collections.unmodifiableSet(all);
    }

    /** The fingerprint of {@link #outlookAnywhere()}, kept in status as the settings confirmed in AD. */
    public Optional<String> outlookAnywhereFingerprint() {
        return outlookAnywhere.map(OutlookAnywhereComparison::fingerprint);
    }
}
