package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides, from one observation of a server, what to change there and where each protocol stands.
 * Pure: no I/O, no clock (time comes in as {@code now}), never waits. The Outlook Anywhere round
 * trip spans several reconciles and is carried by {@link OutlookAnywhereProgress}.
 */
public final class Planner {

    private static final String SERVICE_HOST_PASS =
            "the Microsoft Exchange Service Host copies Outlook Anywhere from Active Directory into IIS"
                    + " on its next pass (every 15 minutes by default)";

    private Planner() {
    }

    /**
     * How often AD is read in a steady state, to find hand edits there (a hostname, an
     * authentication method, RequireSsl) that IIS never shows: at the first drift check at least
     * this long after AD was last verified. Every other steady-state check opens no Exchange session.
     */
    public static final Duration AD_VERIFICATION_INTERVAL = Duration.ofHours(1);

    /**
     * Whether the AD settings must be read (a slow Exchange session) before planning: only when
     * Outlook Anywhere is in scope and can be offloaded here, and one of: the desired settings
     * were never confirmed in AD (unless they are to be set unread, see below); Rpc's IIS settings
     * differ from them while no change of ours is on its way (drift); a wait for the Service Host
     * passed its deadline, IIS still differs and AD has not been read since (someone may have
     * reverted AD: repair rather than wait forever; once IIS matches, the Service Host has copied
     * the settings from AD and there is nothing to ask AD, which matters when the deadline equals
     * the pass interval); or AD was last verified {@link #AD_VERIFICATION_INTERVAL} ago or longer.
     *
     * <p>When the desired settings were never confirmed in AD, Rpc's IIS settings show that they
     * have not arrived and no change of ours is on its way, AD is not read first: the plan sets
     * them and the same Exchange session reads them back ({@link #plan}), one session where
     * read-then-set took two. Set-OutlookAnywhere with the desired settings leaves AD as desired
     * whatever it held; what it already held is not modified (Exchange's Set cmdlets write only
     * the properties that differ), and the Service Host's pass runs on its own timer, so a set of
     * values AD already holds starts nothing. Where IIS cannot tell (only hostnames or client
     * authentication differ, which live in AD only), AD is read first and set only if it differs.
     *
     * @param changesAllowed false when nothing is changed whatever the plan says (observe-only,
     *                       paused, the plan command): AD is then read, to report what differs there
     */
    public static boolean needsOutlookAnywhere(DesiredOffload desired, ServerObservation observation,
                                               OutlookAnywhereProgress progress, Instant now, boolean changesAllowed) {
        if (desired.outlookAnywhere().isEmpty() || observation.outlookAnywhere().isPresent()
                || buildTooOld(observation).isPresent()
                || ExtendedProtection.holdsServer(desired, observation).isPresent()) {
            return false;
        }
        boolean unconfirmed = !confirmed(desired, progress);
        if (unconfirmed && changesAllowed && setsUnread(desired, observation, progress)) {
            return false;
        }
        boolean iisDiffers = !notInIis(desired.outlookAnywhere().get(), observation).isEmpty();
        boolean drifted = iisDiffers && !progress.inFlight();
        return unconfirmed || drifted || (iisDiffers && progress.overdueUnverified(now)) || adVerificationDue(progress, now);
    }

    /**
     * Whether AD is to be read with the observation, in one powershell.exe instead of two: while what
     * AD held before the operator came is not recorded (changes allowed: it must be recorded before
     * the first set), or when confirmed settings are due their periodic verification. Else AD is read
     * only when the observation asks for it ({@link #needsOutlookAnywhere}); in particular a server
     * nothing may change (observe-only, paused, {@code plan}) is observed first, so that one the plan
     * holds whole (a build too old, Extended Protection) opens no Exchange session at every look.
     * A server held whole at its first contact has AD read once, for its first observed.
     */
    public static boolean readsOutlookAnywhere(DesiredOffload desired, OutlookAnywhereProgress progress, Instant now,
                                               boolean changesAllowed, boolean originalKnown) {
        if (desired.outlookAnywhere().isEmpty()) {
            return false;
        }
        return (changesAllowed && !originalKnown) || (confirmed(desired, progress) && adVerificationDue(progress, now));
    }

    private static boolean adVerificationDue(OutlookAnywhereProgress progress, Instant now) {
        return progress.adVerifiedAt() == null || !now.isBefore(progress.adVerifiedAt().plus(AD_VERIFICATION_INTERVAL));
    }

    private static boolean confirmed(DesiredOffload desired, OutlookAnywhereProgress progress) {
        return desired.outlookAnywhereFingerprint().orElseThrow().equals(progress.confirmedSettings());
    }

    /**
     * The desired settings are set without reading AD first: never confirmed there, Rpc's IIS
     * settings show them absent, and nothing of ours is on its way (see {@link #needsOutlookAnywhere}).
     */
    private static boolean setsUnread(DesiredOffload desired, ServerObservation observation,
                                      OutlookAnywhereProgress progress) {
        return !confirmed(desired, progress) && !progress.inFlight()
                && !notInIis(desired.outlookAnywhere().orElseThrow(), observation).isEmpty();
    }

    /**
     * @throws IllegalArgumentException when the observation lacks sslFlags for a protocol in scope
     *                                  (the {@code CasSession.observe} contract says it has them)
     */
    public static ServerPlan plan(DesiredOffload desired, ServerObservation observation,
                                  OutlookAnywhereProgress progress, Instant now) {
        return plan(desired, observation, progress, InFlight.NONE, now);
    }

    /**
     * @param inFlight what the operator recorded before changing this server and has not seen
     *                 through: its owed recycles are made again (a recycle cannot be read back,
     *                 and one whose answer was lost may not have happened)
     * @throws IllegalArgumentException when the observation lacks sslFlags for a protocol in scope
     */
    public static ServerPlan plan(DesiredOffload desired, ServerObservation observation,
                                  OutlookAnywhereProgress progress, InFlight inFlight, Instant now) {
        Map<Protocol, ProtocolState> states = new EnumMap<>(Protocol.class);
        desired.refused().forEach((protocol, why) -> states.put(protocol, new ProtocolState(protocol, Reason.Refused, why)));

        Optional<String> tooOld = buildTooOld(observation);
        if (tooOld.isPresent()) {
            desired.scope().forEach(protocol -> states.put(protocol, new ProtocolState(protocol, Reason.Refused, tooOld.get())));
            return new ServerPlan(Map.of(), List.of(), false, Optional.empty(), states, progress, Optional.empty());
        }
        Optional<String> extendedProtectionHold = ExtendedProtection.holdsServer(desired, observation);
        if (extendedProtectionHold.isPresent()) {
            Map<Protocol, String> on = ExtendedProtection.enabled(desired, observation);
            desired.scope().forEach(protocol -> states.put(protocol, observation.notPresent().contains(protocol)
                    ? notPresent(protocol, observation)
                    : new ProtocolState(protocol, Reason.ExtendedProtectionEnabled, (on.containsKey(protocol)
                    ? "%s has Extended Protection on (tokenChecking=%s); ".formatted(protocol.location().orElseThrow(), on.get(protocol))
                    : "held with the rest of the server; ") + extendedProtectionHold.get())));
            return new ServerPlan(Map.of(), List.of(), false, Optional.empty(), states, progress, Optional.empty());
        }

        Map<String, SslFlags> changes = new LinkedHashMap<>();
        Set<Protocol> toRecycle = EnumSet.noneOf(Protocol.class);
        for (Protocol protocol : desired.scope()) {
            if (observation.notPresent().contains(protocol)) {
                states.put(protocol, notPresent(protocol, observation));
            } else if (protocol.configuredInIis()) {
                states.put(protocol, planIis(protocol, observation, changes, toRecycle));
            }
        }

        OutlookAnywhereStep outlookAnywhere = desired.outlookAnywhere().isPresent()
                ? planOutlookAnywhere(desired, observation, progress, now)
                : OutlookAnywhereStep.untouched(progress);
        if (outlookAnywhere.state() != null) {
            states.put(Protocol.OUTLOOK_ANYWHERE, outlookAnywhere.state());
        }
        if (outlookAnywhere.recycleRpcPool()) {
            toRecycle.add(Protocol.OUTLOOK_ANYWHERE);
        }
        Map<String, String> tokenChecking = ExtendedProtection.toTurnOff(desired, observation);
        ExtendedProtection.enabled(desired, observation).forEach((protocol, was) -> {
            if (tokenChecking.containsKey(protocol.location().orElseThrow())) {
                // The same recycle as the sslFlags change, when there is one: one per pool. Rpc's pool,
                // while the Service Host's pass is awaited, is recycled once after that pass instead.
                if (protocol != Protocol.OUTLOOK_ANYWHERE || !outlookAnywhere.waiting()) {
                    toRecycle.add(protocol);
                }
                states.computeIfPresent(protocol, (p, state) -> turningOff(state, was));
            }
        });

        List<String> pools = new ArrayList<>();
        Stream.concat(toRecycle.stream().map(p -> p.appPool().orElseThrow()), inFlight.appPoolsOwed().stream())
                .filter(pool -> !pools.contains(pool)).forEach(pools::add);
        boolean iisReset = (desired.recycle() == RecycleMode.IIS_RESET && !pools.isEmpty()) || inFlight.iisResetOwed();
        Optional<Duration> nextCheck = outlookAnywhere.waiting() ? Optional.of(desired.pollInterval()) : Optional.empty();
        return new ServerPlan(changes, iisReset ? List.of() : pools, iisReset, outlookAnywhere.settingsToSet(),
                states, outlookAnywhere.progress(), nextCheck, tokenChecking);
    }

    private static ProtocolState notPresent(Protocol protocol, ServerObservation observation) {
        return new ProtocolState(protocol, Reason.NotPresent, "%s does not exist on %s (%s): nothing to offload there"
                .formatted(protocol.location().orElseThrow(), ExchangeProduct.describe(observation.build()), observation.build()));
    }

    /** A protocol whose Extended Protection the plan turns off (spec.extendedProtection TurnOff) is not offloaded yet. */
    private static ProtocolState turningOff(ProtocolState state, String was) {
        String change = "Extended Protection on %s is turned off (tokenChecking %s → %s; spec.extendedProtection is TurnOff)"
                .formatted(state.protocol().location().orElseThrow(), was, ExtendedProtection.OFF);
        return state.reason() == Reason.Offloaded
                ? new ProtocolState(state.protocol(), Reason.Applying, change + "; otherwise " + state.message())
                : new ProtocolState(state.protocol(), state.reason(), state.message() + "; " + change);
    }

    private static ProtocolState planIis(Protocol protocol, ServerObservation observation,
                                         Map<String, SslFlags> changes, Set<Protocol> toRecycle) {
        String location = protocol.location().orElseThrow();
        SslFlags current = flags(observation, protocol);
        if (!current.requiresSsl()) {
            return new ProtocolState(protocol, Reason.Offloaded,
                    "%s does not require SSL (sslFlags=%s)".formatted(location, current));
        }
        SslFlags wanted = current.withoutSslRequirement();
        changes.put(location, wanted);
        toRecycle.add(protocol);
        return new ProtocolState(protocol, Reason.SslRequired,
                "%s requires SSL (sslFlags=%s); setting sslFlags=%s".formatted(location, current, wanted));
    }

    private static OutlookAnywhereStep planOutlookAnywhere(DesiredOffload desired, ServerObservation observation,
                                                           OutlookAnywhereProgress progress, Instant now) {
        Protocol rpc = Protocol.OUTLOOK_ANYWHERE;
        OutlookAnywhereSettings wanted = desired.outlookAnywhere().orElseThrow();
        String fingerprint = desired.outlookAnywhereFingerprint().orElseThrow();
        String location = rpc.location().orElseThrow();
        SslFlags rpcFlags = flags(observation, rpc);

        if (observation.outlookAnywhere().isPresent()) {
            List<String> differences = OutlookAnywhereComparison.differences(wanted, observation.outlookAnywhere().get());
            if (!differences.isEmpty()) {
                List<String> iisToChange = notInIis(wanted, observation);
                if (iisToChange.isEmpty()) {
                    // Hostnames, client authentication and RequireSsl live in AD only: nothing to wait for or recycle.
                    return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.Applying,
                            "setting Outlook Anywhere in Active Directory (%s); Rpc's IIS settings already match"
                                    .formatted(String.join(", ", differences))),
                            Optional.of(wanted), false, false, progress.adChangedOutsideIis(now, fingerprint));
                }
                Instant deadline = now.plus(desired.propagationTimeout());
                OutlookAnywhereProgress changed = progress.adChanged(now, deadline, fingerprint);
                return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.AwaitingPropagation,
                        "setting Outlook Anywhere in Active Directory (%s); %s: waiting until %s"
                                .formatted(String.join(", ", differences), SERVICE_HOST_PASS,
                                        Rfc3339.format(changed.propagationDeadline()))),
                        Optional.of(wanted), false, true, changed);
            }
            progress = progress.confirmed(fingerprint, now);
        } else if (setsUnread(desired, observation, progress)) {
            // needsOutlookAnywhere left AD unread: the set's own session reads it back.
            Instant deadline = now.plus(desired.propagationTimeout());
            OutlookAnywhereProgress changed = progress.adChanged(now, deadline, fingerprint);
            return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.AwaitingPropagation,
                    "setting Outlook Anywhere in Active Directory, not read first (%s); %s: waiting until %s"
                            .formatted(String.join("; ", notInIis(wanted, observation)), SERVICE_HOST_PASS,
                                    Rfc3339.format(changed.propagationDeadline()))),
                    Optional.of(wanted), false, true, changed);
        } else if (!fingerprint.equals(progress.confirmedSettings())) {
            return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.Applying,
                    "the Outlook Anywhere settings in Active Directory have not been read since spec.outlookAnywhere changed"),
                    Optional.empty(), false, false, progress);
        }

        List<String> notInIis = notInIis(wanted, observation);
        if (!notInIis.isEmpty()) {
            if (!progress.inFlight()) {
                progress = progress.waitingUntil(now.plus(desired.propagationTimeout()));
            }
            String deadline = Rfc3339.format(progress.propagationDeadline());
            String ad = adFact(progress);
            if (now.isAfter(progress.propagationDeadline())) {
                return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.PropagationOverdue,
                        ("%s after the propagation deadline %s although %s: check that the Microsoft Exchange Service Host"
                                + " (MSExchangeServiceHost) is running, the PeriodicPollingMinutes value under"
                                + " HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeServiceHost\\RpcHttpConfigurator"
                                + " (default 15; 0 turns the pass off), and the Application event log, source"
                                + " \"MSExchange RPC Over HTTP Autoconfig\" (errors 2001, 2002)")
                                .formatted(String.join("; ", notInIis), deadline, ad)),
                        Optional.empty(), false, true, progress);
            }
            return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.AwaitingPropagation,
                    "%s but %s; %s: waiting until %s"
                            .formatted(capitalised(ad), String.join("; ", notInIis), SERVICE_HOST_PASS, deadline)),
                    Optional.empty(), false, true, progress);
        }

        // The Service Host changed Rpc after our change: the pool must pick it up, exactly once.
        boolean recycle = progress.inFlight();
        if (recycle) {
            progress = progress.recycled(now);
        }
        String authentication = wanted.iisAuthenticationMethods().isEmpty() ? ""
                : " and allows " + EnumSet.copyOf(wanted.iisAuthenticationMethods());
        return new OutlookAnywhereStep(new ProtocolState(rpc, Reason.Offloaded,
                "%s does not require SSL (sslFlags=%s)%s; %s".formatted(location, rpcFlags, authentication,
                        adFact(progress))),
                Optional.empty(), recycle, false, progress);
    }

    /**
     * What of the desired Outlook Anywhere settings has not reached Rpc's IIS settings, where the
     * Service Host copies them: sslFlags (SSLOffloading) and the IIS authentication
     * (IISAuthenticationMethods, when the spec names them). Empty when IIS matches.
     */
    private static List<String> notInIis(OutlookAnywhereSettings wanted, ServerObservation observation) {
        String location = Protocol.OUTLOOK_ANYWHERE.location().orElseThrow();
        List<String> pending = new ArrayList<>();
        SslFlags rpcFlags = flags(observation, Protocol.OUTLOOK_ANYWHERE);
        if (rpcFlags.requiresSsl()) {
            pending.add("%s still requires SSL (sslFlags=%s)".formatted(location, rpcFlags));
        }
        if (!wanted.iisAuthenticationMethods().isEmpty() && observation.rpcAuthentication().isPresent()) {
            Set<AuthenticationMethod> wantedMethods = EnumSet.copyOf(wanted.iisAuthenticationMethods());
            Set<AuthenticationMethod> inIis = observation.rpcAuthentication().get();
            if (!wantedMethods.equals(inIis)) {
                pending.add("%s allows %s, want %s".formatted(location, inIis, wantedMethods));
            }
        }
        return pending;
    }

    /**
     * What is known about AD, as last read (never claimed unread). The same words whether AD was
     * read in this reconcile or an earlier one, so that an unchanged world writes no new status.
     */
    private static String adFact(OutlookAnywhereProgress progress) {
        return progress.adVerifiedAt() == null
                ? "the desired Outlook Anywhere settings (SSLOffloading $true) were confirmed in Active Directory"
                : "Active Directory had the desired Outlook Anywhere settings (SSLOffloading $true) when last read at "
                + Rfc3339.format(progress.adVerifiedAt());
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Optional<String> buildTooOld(ServerObservation observation) {
        if (observation.build().supportsSslOffloading()) {
            return Optional.empty();
        }
        return Optional.of("Exchange build %s is older than 2013 SP1 (%s), which SSL offloading requires"
                .formatted(observation.build(), ExchangeBuild.EXCHANGE_2013_SP1));
    }

    private static SslFlags flags(ServerObservation observation, Protocol protocol) {
        SslFlags flags = observation.sslFlags().get(protocol);
        if (flags == null) {
            throw new IllegalArgumentException("the observation has no sslFlags for " + protocol.location().orElseThrow());
        }
        return flags;
    }

    /** The Outlook Anywhere part of a plan; {@code state} is null when it is out of scope. */
    private record OutlookAnywhereStep(ProtocolState state, Optional<OutlookAnywhereSettings> settingsToSet,
                                       boolean recycleRpcPool, boolean waiting, OutlookAnywhereProgress progress) {
        static OutlookAnywhereStep untouched(OutlookAnywhereProgress progress) {
            return new OutlookAnywhereStep(null, Optional.empty(), false, false, progress);
        }
    }
}
