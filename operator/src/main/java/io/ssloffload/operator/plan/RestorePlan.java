package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What deleting a resource with {@code deletionPolicy: Restore} does on one server: put back each
 * location's sslFlags as first observed, recycling only the pools whose location changed (and any
 * recycle still owed from an earlier attempt whose answer was lost), and every Outlook Anywhere
 * setting recorded in AD — SSLOffloading, hostnames, client authentication, RequireSsl and IIS
 * authentication methods — all of them together when any differs. Pure.
 *
 * @param sslFlagChanges      Default Web Site location → original sslFlags, in {@link Protocol} order
 * @param appPoolsToRecycle   the pools of the locations changed (sslFlags or Extended Protection), then those still owed
 * @param outlookAnywhere     the original AD settings to write, when any of them differs
 * @param tokenCheckingChanges Default Web Site location → Extended Protection's original tokenChecking
 *                            (which spec.extendedProtection TurnOff set to None), Rpc included
 */
public record RestorePlan(Map<String, SslFlags> sslFlagChanges, List<String> appPoolsToRecycle,
                          Optional<OutlookAnywhereSettings> outlookAnywhere, Map<String, String> tokenCheckingChanges) {

    public RestorePlan {
        sslFlagChanges = Collections.unmodifiableMap(new LinkedHashMap<>(sslFlagChanges));
        appPoolsToRecycle = List.copyOf(appPoolsToRecycle);
        tokenCheckingChanges = Collections.unmodifiableMap(new LinkedHashMap<>(tokenCheckingChanges));
    }

    /**
     * @param now what the server holds now; its Outlook Anywhere settings must have been read when
     *            {@code original} has them
     */
    public static RestorePlan of(FirstObserved original, ServerObservation now) {
        return of(original, now, List.of());
    }

    /** @param poolsOwed pools whose recycle an earlier attempt recorded as owed and did not see answered */
    public static RestorePlan of(FirstObserved original, ServerObservation now, List<String> poolsOwed) {
        Map<String, SslFlags> changes = new LinkedHashMap<>();
        List<String> pools = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            SslFlags was = original.sslFlags().get(protocol);
            SslFlags is = now.sslFlags().get(protocol);
            if (protocol.configuredInIis() && was != null && is != null && !was.equals(is)) {
                changes.put(protocol.location().orElseThrow(), was);
                protocol.appPool().filter(pool -> !pools.contains(pool)).ifPresent(pools::add);
            }
        }
        Map<String, String> tokenChecking = ExtendedProtectionRestore.changes(original, now);
        // the pools of the locations whose Extended Protection is put back, each recycled once with the rest
        for (Protocol protocol : Protocol.values()) {
            if (protocol.location().filter(tokenChecking::containsKey).isPresent()) {
                protocol.appPool().filter(pool -> !pools.contains(pool)).ifPresent(pools::add);
            }
        }
        poolsOwed.stream().filter(pool -> !pools.contains(pool)).forEach(pools::add);
        Optional<OutlookAnywhereSettings> outlookAnywhere = Optional.ofNullable(original.outlookAnywhere())
                .filter(was -> now.outlookAnywhere().map(is -> differs(was, is)).orElse(false));
        return new RestorePlan(changes, pools, outlookAnywhere, tokenChecking);
    }

    /** What the observation must include: Outlook Anywhere's AD settings, when they are to be compared. */
    public static boolean needsOutlookAnywhere(FirstObserved original) {
        return original.outlookAnywhere() != null;
    }

    private static boolean differs(OutlookAnywhereSettings was, OutlookAnywhereSettings is) {
        return was.sslOffloading() != is.sslOffloading()
                || !sameHost(was.externalHostname(), is.externalHostname())
                || !sameHost(was.internalHostname(), is.internalHostname())
                || !Objects.equals(was.externalClientsRequireSsl(), is.externalClientsRequireSsl())
                || !Objects.equals(was.internalClientsRequireSsl(), is.internalClientsRequireSsl())
                || was.externalClientAuthenticationMethod() != is.externalClientAuthenticationMethod()
                || was.internalClientAuthenticationMethod() != is.internalClientAuthenticationMethod()
                || !Set.copyOf(was.iisAuthenticationMethods()).equals(Set.copyOf(is.iisAuthenticationMethods()));
    }

    private static boolean sameHost(String a, String b) {
        return a == null || b == null ? Objects.equals(a, b) : a.equalsIgnoreCase(b);
    }

    public boolean changesAnything() {
        return !sslFlagChanges.isEmpty() || !appPoolsToRecycle.isEmpty() || !tokenCheckingChanges.isEmpty()
                || outlookAnywhere.isPresent();
    }
}
