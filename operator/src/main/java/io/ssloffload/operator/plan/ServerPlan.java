package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to do on one server, and where each protocol stands if it is done. The reconciler applies
 * it in one {@code CasSession.change} call, in this order: {@link #sslFlagChanges()} and
 * {@link #tokenCheckingChanges()}, the recycles of {@link #appPoolsToRecycle()}, and
 * Set-OutlookAnywhere if {@link #outlookAnywhereToSet()} is present; then {@code iisReset()} if
 * {@link #iisReset()}; then stores {@link #progress()} in status.
 *
 * @param sslFlagChanges      Default Web Site location → new sslFlags, in {@link Protocol} order
 * @param appPoolsToRecycle   distinct, in {@link Protocol} order; empty when {@code iisReset}
 * @param nextCheck           when to look again (propagation polling); empty → the drift interval
 * @param tokenCheckingChanges Default Web Site location → new Extended Protection tokenChecking, written in
 *                            the same {@code change} call (spec.extendedProtection TurnOff); unlike
 *                            sslFlags it may include Rpc, whose Extended Protection lives in IIS only
 */
public record ServerPlan(
        Map<String, SslFlags> sslFlagChanges,
        List<String> appPoolsToRecycle,
        boolean iisReset,
        Optional<OutlookAnywhereSettings> outlookAnywhereToSet,
        Map<Protocol, ProtocolState> protocolStates,
        OutlookAnywhereProgress progress,
        Optional<Duration> nextCheck,
        Map<String, String> tokenCheckingChanges) {

    /** A plan that leaves Extended Protection as it is. */
    public ServerPlan(Map<String, SslFlags> sslFlagChanges, List<String> appPoolsToRecycle, boolean iisReset,
                      Optional<OutlookAnywhereSettings> outlookAnywhereToSet, Map<Protocol, ProtocolState> protocolStates,
                      OutlookAnywhereProgress progress, Optional<Duration> nextCheck) {
        this(sslFlagChanges, appPoolsToRecycle, iisReset, outlookAnywhereToSet, protocolStates, progress, nextCheck, Map.of());
    }

    private static final String RPC_LOCATION = Protocol.OUTLOOK_ANYWHERE.location().orElseThrow();

    public ServerPlan {
        sslFlagChanges = Collections.unmodifiableMap(new LinkedHashMap<>(sslFlagChanges));
        appPoolsToRecycle = List.copyOf(appPoolsToRecycle);
        protocolStates = Collections.unmodifiableMap(
                protocolStates.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(protocolStates));
        // The two rules Microsoft states most loudly, enforced where no planner bug can get past them.
        for (String location : sslFlagChanges.keySet()) {
            if (!location.startsWith(Protocol.SITE + "/")) {
                throw new IllegalArgumentException("refusing to change " + location + ": only " + Protocol.SITE + " may be changed");
            }
            if (location.equalsIgnoreCase(RPC_LOCATION)) {
                throw new IllegalArgumentException("refusing to write " + location + ": the Exchange Service Host owns it");
            }
        }
        tokenCheckingChanges = Collections.unmodifiableMap(new LinkedHashMap<>(tokenCheckingChanges));
        for (String location : tokenCheckingChanges.keySet()) {
            if (!location.startsWith(Protocol.SITE + "/")) {
                throw new IllegalArgumentException("refusing to change " + location + ": only " + Protocol.SITE + " may be changed");
            }
        }
        if (iisReset && !appPoolsToRecycle.isEmpty()) {
            throw new IllegalArgumentException("iisreset already restarts every app pool");
        }
        if (appPoolsToRecycle.stream().distinct().count() != appPoolsToRecycle.size()) {
            throw new IllegalArgumentException("app pools listed twice: " + appPoolsToRecycle);
        }
    }

    /** True when IIS has something to do: a write, a recycle or {@code iisReset}. */
    public boolean changesIis() {
        return !sslFlagChanges.isEmpty() || !tokenCheckingChanges.isEmpty() || !appPoolsToRecycle.isEmpty() || iisReset;
    }

    public boolean changesAnything() {
        return changesIis() || outlookAnywhereToSet.isPresent();
    }

    /** Every protocol reported on this server is offloaded (or has no vdir here). */
    public boolean allOffloaded() {
        return protocolStates.values().stream().allMatch(s -> s.status() == ProtocolState.Status.True);
    }
}
