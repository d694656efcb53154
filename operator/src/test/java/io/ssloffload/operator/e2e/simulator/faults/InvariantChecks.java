package io.ssloffload.operator.e2e.simulator.faults;

import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import io.ssloffload.operator.reconcile.FirstObservedStore;
import io.ssloffload.operator.reconcile.ServerRecords;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ConfigChange;
import io.ssloffload.simulator.exchange.iis.AppPools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants the operator keeps whatever fails, checked against the simulator's own state
 * (its snapshots and logs), never against what the operator says about itself:
 * <ol>
 * <li><b>Ready tells the truth</b> ({@link #readyTellsTheTruth}): whenever Ready is True, on every
 * server every in-scope vdir does not require SSL; AD holds SSLOffloading $true and the spec's
 * settings; Rpc's sslFlags are None and its IIS authentication the spec's; and every follow-up owed
 * is done: each app pool whose vdir the operator changed was recycled (or IIS reset) at or after
 * that change, and MSExchangeRpcProxyFrontEndAppPool at or after the Service Host's last write to Rpc.</li>
 * <li><b>First observed is what was there before the operator came</b>
 * ({@link #firstObservedIsWhatWasThere}): the first-observed annotations equal the servers as
 * captured before the first reconcile, never a value the operator wrote.</li>
 * <li><b>The rollout bound holds</b> ({@link #rolloutBoundHolds}): in no round are more than
 * maxUnavailable servers being changed: changed by the operator in that round (an operator-made IIS
 * write, a recycle, an iisreset, an AD change), or at its end still owing a recycle or awaiting the
 * Service Host's copy of AD into Rpc. A server that was only unreachable is not being changed. Read
 * per round because one command writes and recycles at the same instant: "several servers changed
 * in the same pass" shows only per round.</li>
 * <li><b>Restore restores everything</b> ({@link #restoredEverything}): after Restore says done,
 * every server's offloaded sslFlags and AD's SSLOffloading, hostnames, client authentication,
 * RequireSsl and IIS authentication equal what was there before the operator came.</li>
 * <li><b>Convergence</b>: checked by the callers (Ready within a bounded number of reconciles once
 * faults stop); how often pools were recycled or Set-OutlookAnywhere run is only reported
 * ({@link #workDone}).</li>
 * </ol>
 * Each failure names the invariant, where (scenario, fault, round) and the simulator's facts.
 */
public final class InvariantChecks {

    static final String SERVICE_HOST = "MSExchangeServiceHost";
    static final String SETUP = "Setup";

    private InvariantChecks() {
    }

    /** Invariants 1-3 after one reconcile. */
    public static void afterReconcile(FaultLab lab, String where) {
        List<FaultLab.Round> rounds = lab.rounds();
        // A status that was lost was never written: the one standing was true when written, before
        // whatever happened since (a cumulative update), so it is not the operator's word now.
        if (lab.ready() && !rounds.get(rounds.size() - 1).statusLost()) {
            readyTellsTheTruth(lab, where);
        }
        firstObservedIsWhatWasThere(lab, where);
        rolloutBoundHolds(lab, where);
    }

    // ---- 1

    public static void readyTellsTheTruth(FaultLab lab, String where) {
        OutlookAnywhereSpec spec = lab.resource().getSpec().getOutlookAnywhere();
        for (String server : lab.servers()) {
            CasSnapshot s = lab.simulator().snapshot(server);
            String facts = facts(lab, server, s);
            String invariant = "[invariant 1: Ready tells the truth] " + where + ": Ready is True but on " + server + " ";
            for (Protocol protocol : FaultLab.PROTOCOLS) {
                if (protocol.configuredInIis()) {
                    String flags = s.location(protocol.location().orElseThrow()).orElseThrow().effectiveSslFlags();
                    assertThat(SslFlags.parse(flags).requiresSsl())
                            .as(invariant + protocol.location().get() + " requires SSL (%s)%n%s", flags, facts).isFalse();
                }
            }
            var ad = s.outlookAnywhere();
            assertThat(ad.sslOffloading()).as(invariant + "AD's SSLOffloading is false%n%s", facts).isTrue();
            assertThat(adDifferences(spec, ad)).as(invariant + "AD differs from the spec%n%s", facts).isEmpty();
            String rpc = s.location(FaultLab.RPC).orElseThrow().effectiveSslFlags();
            assertThat(SslFlags.parse(rpc)).as(invariant + "Rpc's sslFlags are %s%n%s", rpc, facts).isEqualTo(SslFlags.NONE);
            assertThat(new TreeSet<>(s.rpcIisAuthenticationMethods()))
                    .as(invariant + "Rpc's IIS authentication is not the spec's%n%s", facts)
                    .isEqualTo(new TreeSet<>(spec.getIisAuthenticationMethods().stream().map(Enum::name).toList()));
            assertThat(unmetFollowUps(lab, server, s))
                    .as(invariant + "a follow-up owed for a change was never made%n%s", facts).isEmpty();
        }
    }

    /** The spec's Outlook Anywhere settings AD does not hold, as "field: ad ≠ spec". */
    static List<String> adDifferences(OutlookAnywhereSpec spec, io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings ad) {
        List<String> differences = new ArrayList<>();
        differ(differences, "ExternalHostname", lower(ad.externalHostname()), lower(spec.getExternalHostname()));
        differ(differences, "InternalHostname", lower(ad.internalHostname()), lower(spec.getInternalHostname()));
        differ(differences, "ExternalClientsRequireSsl", ad.externalClientsRequireSsl(), spec.getExternalClientsRequireSsl());
        differ(differences, "InternalClientsRequireSsl", ad.internalClientsRequireSsl(), spec.getInternalClientsRequireSsl());
        differ(differences, "ExternalClientAuthenticationMethod", name(ad.externalClientAuthenticationMethod()),
                name(spec.getExternalClientAuthenticationMethod()));
        differ(differences, "InternalClientAuthenticationMethod", name(ad.internalClientAuthenticationMethod()),
                name(spec.getInternalClientAuthenticationMethod()));
        differ(differences, "IISAuthenticationMethods", names(ad.iisAuthenticationMethods()),
                names(spec.getIisAuthenticationMethods()));
        return differences;
    }

    /**
     * What {@code server} still owes: each operator-made write to a vdir not followed (at or after
     * it) by a recycle of its pool or an iisreset, and the Service Host's last write to Rpc not
     * followed by a recycle of Rpc's pool or an iisreset. Only writes since the lab's baseline count.
     */
    static List<String> unmetFollowUps(FaultLab lab, String server, CasSnapshot s) {
        List<Instant> resets = lab.iisResetTimes(server);
        List<String> unmet = new ArrayList<>();
        List<ConfigChange> changes = s.configChanges();
        ConfigChange lastServiceHostWrite = null;
        for (ConfigChange change : changes.subList(Math.min(lab.baseline(server).configChanges(), changes.size()), changes.size())) {
            if (SETUP.equals(change.origin())) {
                continue;
            }
            if (SERVICE_HOST.equals(change.origin())) {
                // Only a copy that offloads Rpc carries the operator's change; one that makes Rpc require SSL again
                // (a cumulative update's Service Host restart copying AD as Setup left it) owes the operator nothing.
                boolean requiresSslAgain = "sslFlags".equalsIgnoreCase(change.attribute()) && change.newValue() != null
                        && SslFlags.parse(change.newValue()).requiresSsl();
                if (change.location().equalsIgnoreCase(FaultLab.RPC) && !requiresSslAgain) {
                    lastServiceHostWrite = change;
                }
                continue;
            }
            Optional<String> pool = poolOf(change.location());
            if (pool.isPresent() && !followedUp(s, resets, pool.get(), Instant.parse(change.time()))) {
                unmet.add(pool.get() + " not recycled (nor IIS reset) at or after " + describe(change));
            }
        }
        if (lastServiceHostWrite != null && !followedUp(s, resets, FaultLab.RPC_POOL, Instant.parse(lastServiceHostWrite.time()))) {
            unmet.add(FaultLab.RPC_POOL + " not recycled (nor IIS reset) at or after the Service Host's write "
                    + describe(lastServiceHostWrite));
        }
        return unmet;
    }

    private static boolean followedUp(CasSnapshot s, List<Instant> resets, String pool, Instant changedAt) {
        return s.recycleLog().stream().anyMatch(r -> r.pool().equalsIgnoreCase(pool) && !Instant.parse(r.time()).isBefore(changedAt))
                || resets.stream().anyMatch(reset -> !reset.isBefore(changedAt));
    }

    private static Optional<String> poolOf(String location) {
        for (Protocol protocol : Protocol.values()) {
            if (protocol.location().map(l -> l.equalsIgnoreCase(location)).orElse(false)) {
                return protocol.appPool();
            }
        }
        return Optional.empty();
    }

    // ---- 2

    public static void firstObservedIsWhatWasThere(FaultLab lab, String where) {
        FirstObservedStore store = ServerRecords.inResource(lab.resource()).firstObserved();
        for (String server : lab.servers()) {
            FirstObserved recorded = store.get(server);
            FaultLab.Baseline baseline = lab.baseline(server);
            String invariant = "[invariant 2: first observed is what was there before the operator came] " + where + ": "
                    + server + " ";
            recorded.sslFlags().forEach((protocol, flags) -> {
                String was = baseline.sslFlags().get(protocol);
                assertThat(flags).as(invariant + "recorded %s sslFlags=%s, but before the operator came it was %s",
                        protocol.specName(), flags, was).isEqualTo(SslFlags.parse(was));
            });
            if (recorded.outlookAnywhere() != null) {
                assertThat(originalDifferences(recorded.outlookAnywhere(), baseline.ad()))
                        .as(invariant + "recorded Outlook Anywhere %s, but before the operator came AD held %s",
                                recorded.outlookAnywhere(), baseline.ad())
                        .isEmpty();
            }
        }
    }

    /** Where a recorded (operator) view of Outlook Anywhere differs from AD's object, as "field: recorded ≠ ad". */
    static List<String> originalDifferences(OutlookAnywhereSettings recorded,
                                            io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings ad) {
        return differences(fields(recorded), fields(ad));
    }

    /** The fields both sides compare, by the cmdlet's names: hostnames case-insensitively, methods as sets. */
    private static Map<String, Object> fields(OutlookAnywhereSettings oa) {
        return fields(oa.sslOffloading(), oa.externalHostname(), oa.internalHostname(), oa.externalClientsRequireSsl(),
                oa.internalClientsRequireSsl(), oa.externalClientAuthenticationMethod(), oa.internalClientAuthenticationMethod(),
                oa.iisAuthenticationMethods());
    }

    private static Map<String, Object> fields(io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings oa) {
        return fields(oa.sslOffloading(), oa.externalHostname(), oa.internalHostname(), oa.externalClientsRequireSsl(),
                oa.internalClientsRequireSsl(), oa.externalClientAuthenticationMethod(), oa.internalClientAuthenticationMethod(),
                oa.iisAuthenticationMethods());
    }

    private static Map<String, Object> fields(boolean sslOffloading, String externalHostname, String internalHostname,
                                              Boolean externalRequireSsl, Boolean internalRequireSsl, Enum<?> externalMethod,
                                              Enum<?> internalMethod, List<? extends Enum<?>> iisMethods) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("SSLOffloading", sslOffloading);
        fields.put("ExternalHostname", lower(externalHostname));
        fields.put("InternalHostname", lower(internalHostname));
        fields.put("ExternalClientsRequireSsl", externalRequireSsl);
        fields.put("InternalClientsRequireSsl", internalRequireSsl);
        fields.put("ExternalClientAuthenticationMethod", name(externalMethod));
        fields.put("InternalClientAuthenticationMethod", name(internalMethod));
        fields.put("IISAuthenticationMethods", names(iisMethods));
        return fields;
    }

    /** "field: a ≠ b" for each field where the two differ. */
    private static List<String> differences(Map<String, Object> a, Map<String, Object> b) {
        List<String> differences = new ArrayList<>();
        a.forEach((field, value) -> differ(differences, field, value, b.get(field)));
        return differences;
    }

    // ---- 3

    /** The last round of {@code lab} against the rollout bound (see the class comment). */
    public static void rolloutBoundHolds(FaultLab lab, String where) {
        List<FaultLab.Round> rounds = lab.rounds();
        FaultLab.Round round = rounds.get(rounds.size() - 1);
        Map<String, List<String>> beingChanged = new LinkedHashMap<>();
        for (String server : lab.servers()) {
            List<String> why = new ArrayList<>(changedIn(round, server));
            CasSnapshot after = round.after().get(server);
            why.addAll(unmetFollowUps(lab, server, after));
            if (propagationPending(after)) {
                why.add("AD's Outlook Anywhere (SSLOffloading " + after.outlookAnywhere().sslOffloading() + ", IIS "
                        + after.outlookAnywhere().iisAuthenticationMethods() + ") not yet in Rpc (sslFlags "
                        + after.location(FaultLab.RPC).orElseThrow().effectiveSslFlags() + ", IIS "
                        + after.rpcIisAuthenticationMethods() + ")");
            }
            if (!why.isEmpty()) {
                beingChanged.put(server, why);
            }
        }
        assertThat(beingChanged.size())
                .as("[invariant 3: the rollout bound holds] %s: %d servers being changed in round %d, maxUnavailable %d: %s%n"
                                + "  status per round:%n    %s",
                        where, beingChanged.size(), round.number(), lab.maxUnavailable(), beingChanged, lab.history())
                .isLessThanOrEqualTo(lab.maxUnavailable());
    }

    /** What the operator changed on {@code server} during {@code round}, read from the simulator's logs. */
    static List<String> changedIn(FaultLab.Round round, String server) {
        CasSnapshot before = round.before().get(server);
        CasSnapshot after = round.after().get(server);
        List<String> changes = new ArrayList<>();
        after.configChanges().stream().skip(before.configChanges().size())
                .filter(c -> !SERVICE_HOST.equals(c.origin()) && !SETUP.equals(c.origin()))
                .forEach(c -> changes.add("wrote " + describe(c)));
        after.recycleLog().stream().skip(before.recycleLog().size()).forEach(r -> changes.add("recycled " + r.pool()));
        if (after.iisResets() > before.iisResets()) {
            changes.add("iisreset");
        }
        if (!Objects.equals(withoutServer(before.outlookAnywhere()), withoutServer(after.outlookAnywhere()))) {
            changes.add("changed AD's Outlook Anywhere to " + after.outlookAnywhere());
        }
        return changes;
    }

    private static Object withoutServer(io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings ad) {
        return List.of(String.valueOf(ad.externalHostname()), String.valueOf(ad.internalHostname()),
                ad.externalClientsRequireSsl(), ad.internalClientsRequireSsl(), String.valueOf(ad.externalClientAuthenticationMethod()),
                String.valueOf(ad.internalClientAuthenticationMethod()), ad.iisAuthenticationMethods(), ad.sslOffloading());
    }

    /** AD holds Outlook Anywhere settings the Service Host has not copied into Rpc yet. */
    static boolean propagationPending(CasSnapshot s) {
        boolean rpcOffloaded = !SslFlags.parse(s.location(FaultLab.RPC).orElseThrow().effectiveSslFlags()).requiresSsl();
        return rpcOffloaded != s.outlookAnywhere().sslOffloading()
                || !new TreeSet<>(names(s.outlookAnywhere().iisAuthenticationMethods()))
                .equals(new TreeSet<>(s.rpcIisAuthenticationMethods()));
    }

    // ---- 4

    public static void restoredEverything(FaultLab lab, String where) {
        for (String server : lab.servers()) {
            CasSnapshot s = lab.simulator().snapshot(server);
            FaultLab.Baseline baseline = lab.baseline(server);
            String invariant = "[invariant 4: Restore restores everything] " + where + ": after Restore said done, " + server + " ";
            baseline.sslFlags().forEach((protocol, was) -> {
                String is = s.location(protocol.location().orElseThrow()).orElseThrow().effectiveSslFlags();
                assertThat(SslFlags.parse(is)).as(invariant + "has %s sslFlags=%s, before the operator came %s%n%s",
                        protocol.location().get(), is, was, facts(lab, server, s)).isEqualTo(SslFlags.parse(was));
            });
            assertThat(adVersusBaseline(s.outlookAnywhere(), baseline.ad()))
                    .as(invariant + "has Outlook Anywhere unlike before the operator came (field: now ≠ before); first observed %s%n%s",
                            ServerRecords.inResource(lab.resource()).firstObserved().get(server).outlookAnywhere(), facts(lab, server, s))
                    .isEmpty();
        }
    }

    static List<String> adVersusBaseline(io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings now,
                                         io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings before) {
        return differences(fields(now), fields(before));
    }

    // ---- 5 (reported, not asserted)

    /** Recycles per pool, iisresets, Outlook Anywhere writes (Exchange sessions) per server, for the report. */
    public static String workDone(FaultLab lab) {
        return lab.servers().stream().map(server -> {
            CasSnapshot s = lab.simulator().snapshot(server);
            Map<String, Long> recycles = s.recycleLog().stream()
                    .collect(Collectors.groupingBy(AppPools.Recycle::pool, LinkedHashMap::new, Collectors.counting()));
            long sets = lab.simulator().commandLog(server).stream()
                    .filter(c -> SimulatedFleet.setsOutlookAnywhere(decoded(c.commandLine()))).count();
            return server + ": recycles " + recycles + ", iisresets " + s.iisResets() + ", set-outlook-anywhere runs " + sets;
        }).collect(Collectors.joining("; "));
    }

    private static String decoded(String commandLine) {
        try {
            return io.ssloffload.operator.testing.SimulatedFleet.decodedScript(commandLine);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    // ---- facts for messages

    /** What the simulator shows of {@code server} since the baseline: writes, recycles, iisresets, Service Host events, AD. */
    static String facts(FaultLab lab, String server, CasSnapshot s) {
        List<ConfigChange> changes = s.configChanges();
        String writes = changes.subList(Math.min(lab.baseline(server).configChanges(), changes.size()), changes.size()).stream()
                .map(InvariantChecks::describe).collect(Collectors.joining("; "));
        String recycles = s.recycleLog().stream().map(r -> r.pool() + "@" + r.time()).collect(Collectors.joining(", "));
        String events = s.eventLog().stream().filter(e -> e.eventId() == 3025 || e.eventId() == 3036 || e.eventId() == 3037)
                .map(e -> e.eventId() + "@" + e.time()).collect(Collectors.joining(", "));
        return "  simulator facts for " + server + " (now " + lab.simulator().now() + "):\n"
                + "    config writes since the baseline: " + writes + "\n"
                + "    recycles: " + recycles + "\n"
                + "    iisresets at (not later than): " + lab.iisResetTimes(server) + "\n"
                + "    Service Host events (3025 Rpc sslFlags, 3036 Rpc authentication, 3037 start): " + events + "\n"
                + "    AD: " + s.outlookAnywhere() + "\n"
                + "    Rpc: sslFlags " + s.location(FaultLab.RPC).orElseThrow().effectiveSslFlags() + ", IIS "
                + s.rpcIisAuthenticationMethods() + "\n"
                + "  status per round:\n    " + lab.history();
    }

    static String describe(ConfigChange c) {
        return c.location() + " " + c.attribute() + " " + c.oldValue() + "→" + c.newValue() + " by " + c.origin() + "@" + c.time();
    }

    private static void differ(List<String> differences, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            differences.add(field + ": " + a + " ≠ " + b);
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Set<String> names(List<? extends Enum<?>> methods) {
        Set<String> names = new LinkedHashSet<>();
        if (methods != null) {
            methods.forEach(m -> names.add(m.name()));
        }
        return new TreeSet<>(names);
    }
}
