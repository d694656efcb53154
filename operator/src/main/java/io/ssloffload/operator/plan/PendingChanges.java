package io.ssloffload.operator.plan;

import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a plan would change on a server, per protocol: current → desired, and the app pools it
 * would recycle. What observe-only, a pause and a waiting rollout report instead of changing it.
 * Pure.
 *
 * @param appPools the pools the plan recycles, or every pool when it ends with iisreset
 */
public record PendingChanges(List<Change> changes, List<String> appPools, Set<Protocol> protocols) {

    /** Every pool, as {@code iisreset /noforce} restarts them. */
    public static final String IIS_RESET = "every app pool (iisreset /noforce)";

    /**
     * @param setting sslFlags or extendedProtection.tokenChecking for IIS; the Outlook Anywhere field (as Set-OutlookAnywhere names it) for AD
     */
    public record Change(Protocol protocol, String setting, String current, String desired) {
        @Override
        public String toString() {
            return setting + " " + current + " → " + desired;
        }
    }

    private static final String TOKEN_CHECKING = "extendedProtection.tokenChecking";

    public static final PendingChanges NONE = new PendingChanges(List.of(), List.of(), Set.of());

    public PendingChanges {
        changes = List.copyOf(changes);
        appPools = List.copyOf(appPools);
        protocols = protocols.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(protocols));
    }

    /** What {@code plan}, made from {@code observation}, would change. */
    public static PendingChanges of(ServerObservation observation, ServerPlan plan, DesiredOffload desired) {
        List<Change> changes = new ArrayList<>();
        Set<Protocol> touched = EnumSet.noneOf(Protocol.class);
        for (Protocol protocol : Protocol.values()) {
            Optional<String> location = protocol.location();
            if (location.isEmpty()) {
                continue;
            }
            SslFlags wanted = plan.sslFlagChanges().get(location.get());
            if (wanted != null) {
                changes.add(new Change(protocol, "sslFlags", String.valueOf(observation.sslFlags().get(protocol)),
                        wanted.toString()));
                touched.add(protocol);
            }
            String tokenChecking = plan.tokenCheckingChanges().get(location.get());
            if (tokenChecking != null) {
                changes.add(new Change(protocol, TOKEN_CHECKING,
                        String.valueOf(observation.extendedProtection().get(protocol)), tokenChecking));
                touched.add(protocol);
            }
        }
        plan.outlookAnywhereToSet().ifPresent(wanted -> {
            touched.add(Protocol.OUTLOOK_ANYWHERE);
            observation.outlookAnywhere().ifPresent(actual -> OutlookAnywhereComparison.changes(wanted, actual)
                    .forEach(field -> changes.add(new Change(Protocol.OUTLOOK_ANYWHERE, field.field(), field.current(),
                            field.desired()))));
        });
        for (Protocol protocol : desired.scope()) {
            if (protocol.appPool().filter(plan.appPoolsToRecycle()::contains).isPresent()) {
                touched.add(protocol);
            }
        }
        List<String> pools = plan.iisReset() ? List.of(IIS_RESET) : plan.appPoolsToRecycle();
        return new PendingChanges(changes, pools, touched);
    }

    public boolean isEmpty() {
        return protocols.isEmpty();
    }

    /**
     * The plan with nothing changed: each protocol it would have touched says {@code reason} and
     * what would change; Outlook Anywhere's progress stays as it was when its step is held.
     *
     * @param why       what holds the change back, e.g. "paused by the annotation ssloffload.io/paused"
     * @param nextCheck when to look again
     */
    public ServerPlan hold(ServerPlan plan, Reason reason, String why, OutlookAnywhereProgress before,
                           Optional<Duration> nextCheck) {
        Map<Protocol, ProtocolState> states = new EnumMap<>(Protocol.class);
        states.putAll(plan.protocolStates());
        for (Protocol protocol : protocols) {
            states.put(protocol, new ProtocolState(protocol, reason, why + "; would " + describe(protocol)));
        }
        OutlookAnywhereProgress progress = protocols.contains(Protocol.OUTLOOK_ANYWHERE) ? before : plan.progress();
        return new ServerPlan(Map.of(), List.of(), false, Optional.empty(), states, progress, nextCheck);
    }

    /** "set sslFlags Ssl,Ssl128 → None and recycle MSExchangeOWAAppPool" for one protocol. */
    private String describe(Protocol protocol) {
        List<String> parts = new ArrayList<>();
        String inIis = changes.stream().filter(c -> c.protocol() == protocol && !inActiveDirectory(c))
                .map(Change::toString).collect(Collectors.joining(", "));
        String inAd = changes.stream().filter(c -> c.protocol() == protocol && inActiveDirectory(c))
                .map(Change::toString).collect(Collectors.joining(", "));
        if (!inIis.isEmpty()) {
            parts.add("set " + inIis);
        }
        if (!inAd.isEmpty()) {
            parts.add("set in Active Directory " + inAd);
        } else if (inIis.isEmpty() && protocol == Protocol.OUTLOOK_ANYWHERE
                && appPools.stream().noneMatch(p -> protocol.appPool().get().equals(p))) {
            parts.add("set Outlook Anywhere in Active Directory (not read yet)");
        }
        Optional<String> pool = protocol.appPool().filter(appPools::contains);
        if (pool.isPresent()) {
            parts.add("recycle " + pool.get());
        } else if (appPools.contains(IIS_RESET)) {
            parts.add("run iisreset /noforce");
        }
        return String.join(" and ", parts);
    }

    /** Outlook Anywhere's settings live in AD; Rpc's Extended Protection lives in IIS. */
    private static boolean inActiveDirectory(Change change) {
        return change.protocol() == Protocol.OUTLOOK_ANYWHERE && !change.setting().equals(TOKEN_CHECKING);
    }
}
