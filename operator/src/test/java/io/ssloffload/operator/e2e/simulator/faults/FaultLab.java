package io.ssloffload.operator.e2e.simulator.faults;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.api.v1alpha1.RolloutSpec;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.reconcile.FirstObservedStore;
import io.ssloffload.operator.reconcile.ServerRecords;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.reconcile.RestoreReconciliation;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.wsman.FaultRule;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.RequestLogEntry;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One simulated fleet and one resource, driven round by round as the operator would drive them,
 * with everything the invariants need recorded on the way: the servers as they were before the
 * operator came ({@link Baseline}), a snapshot of every server before and after every round, and
 * when each iisreset happened (the simulator counts them without times; see {@link #tick()}).
 *
 * <p>The clock is the simulator's manual clock: time moves only by {@link #advance}, by a
 * millisecond {@link #tick() tick} before each remote call, and the Service Host passes every
 * {@link #SERVICE_HOST_INTERVAL} of that time.
 */
public final class FaultLab implements AutoCloseable {

    /** The deadline of every remote command (see {@link LabConnector}). */
    public static final Duration COMMAND_DEADLINE = Duration.ofMillis(Long.getLong("faults.deadlineMs", 1500));
    /** An answer "held back past the deadline". */
    public static final Duration HELD = COMMAND_DEADLINE.plusMillis(1000);
    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();
    /** The Service Host's polling interval: a pass every other round. */
    public static final Duration SERVICE_HOST_INTERVAL = Duration.ofMinutes(2);
    /** How far the clock moves between two rounds: the spec's propagation poll interval. */
    public static final Duration ROUND = Duration.ofMinutes(1);
    /** IIS locations of the protocols in scope, offloaded by the operator. */
    public static final List<Protocol> PROTOCOLS = List.of(Protocol.OWA, Protocol.ECP, Protocol.EWS, Protocol.OUTLOOK_ANYWHERE);
    public static final String RPC = "Default Web Site/Rpc";
    public static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";

    /** How a fleet is set up: its size, the spec's propagation strategy and recycle mode, maxUnavailable 1. */
    public record Setup(int servers, PropagationStrategy strategy, RecycleMode recycle) {
        @Override
        public String toString() {
            return strategy + "/" + (recycle == RecycleMode.IIS_RESET ? "IisReset" : "AppPools") + "/" + servers + " servers";
        }
    }

    /** One server before the operator came: effective sslFlags per offloaded protocol, AD, Rpc's IIS authentication. */
    public record Baseline(Map<Protocol, String> sslFlags, OutlookAnywhereSettings ad, List<String> rpcAuthentication,
                           int configChanges) {
    }

    /** One reconcile (or restore attempt) and the servers around it. */
    public record Round(int number, String kind, Map<String, CasSnapshot> before, Map<String, CasSnapshot> after,
                        Instant startedAt, Instant endedAt, boolean statusLost) {
    }

    private final Setup setup;
    private final CasSimulator simulator;
    private final ExecutorService executor;
    private final WinRmCasConnector winrm;
    private final OffloadReconciliation offload;
    private final RestoreReconciliation restore;
    private final ExchangeSslOffload resource;
    private final Map<String, Baseline> baselines = new LinkedHashMap<>();
    private final Map<String, List<Instant>> iisResetTimes = new LinkedHashMap<>();
    private final Map<String, Integer> iisResetsSeen = new LinkedHashMap<>();
    private final Map<String, Instant> lastSample = new LinkedHashMap<>();
    private final List<Round> rounds = new ArrayList<>();
    private final List<PendingDelay> pendingDelays = new ArrayList<>();
    private int statusesLost;
    private final List<String> history = new ArrayList<>();

    private record PendingDelay(String server, WsmanOperation operation, int answeredBefore, int nth, FaultRule rule,
                                int startedAs) {
    }

    /** How many times each server was started again: a restarted endpoint has a new request log and no rules. */
    private final Map<String, Integer> starts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The state before SSL offloading used unless a test gives its own, made to differ from the spec
     * in every setting Restore must put back: Outlook Anywhere not offloaded, another external
     * hostname, no internal hostname, NTLM for every client, IIS authentication Basic, Ntlm and
     * Negotiate (the spec wants Ntlm and Negotiate); Rpc then requires SSL after the Service Host's restart.
     */
    public static final OutlookAnywhereChange NOT_OFFLOADED = new OutlookAnywhereChange(true, "legacy.lab.example", true, null,
            true, null, io.ssloffload.simulator.exchange.ad.AuthenticationMethod.Ntlm,
            io.ssloffload.simulator.exchange.ad.AuthenticationMethod.Ntlm,
            List.of(io.ssloffload.simulator.exchange.ad.AuthenticationMethod.Basic,
                    io.ssloffload.simulator.exchange.ad.AuthenticationMethod.Ntlm,
                    io.ssloffload.simulator.exchange.ad.AuthenticationMethod.Negotiate), false);

    private final OutlookAnywhereChange original;

    private FaultLab(Setup setup, Duration commandDeadline, OutlookAnywhereChange original) {
        this.setup = setup;
        this.original = original;
        simulator = CasSimulator.builder().servers(setup.servers()).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD)
                .manualClock(Instant.parse("2024-01-01T00:00:00Z"))
                .propagationInterval(SERVICE_HOST_INTERVAL).start();
        for (String server : servers()) {
            beforeTheOperator(server);
            iisResetTimes.put(server, new ArrayList<>());
            iisResetsSeen.put(server, simulator.iisResetCount(server));
        }
        for (String server : servers()) {
            CasSnapshot snapshot = simulator.snapshot(server);
            Map<Protocol, String> flags = new EnumMap<>(Protocol.class);
            for (Protocol protocol : PROTOCOLS) {
                if (protocol.configuredInIis()) {
                    flags.put(protocol, snapshot.location(protocol.location().orElseThrow()).orElseThrow().effectiveSslFlags());
                }
            }
            baselines.put(server, new Baseline(flags, snapshot.outlookAnywhere(), snapshot.rpcIisAuthenticationMethods(),
                    snapshot.configChanges().size()));
        }
        executor = Executors.newFixedThreadPool(setup.servers());
        winrm = new WinRmCasConnector(setup.servers());
        LabConnector connector = new LabConnector(winrm, commandDeadline, this::tick);
        offload = new OffloadReconciliation(connector, executor, Duration.ofMinutes(5));
        restore = new RestoreReconciliation(connector, executor);
        resource = resource(simulator, setup);
    }

    public static FaultLab start(Setup setup) {
        return start(setup, NOT_OFFLOADED);
    }

    /** @param original Set-OutlookAnywhere as an admin ran it before the operator came */
    public static FaultLab start(Setup setup, OutlookAnywhereChange original) {
        warmUp();
        return new FaultLab(setup, COMMAND_DEADLINE, original);
    }

    /**
     * The first convergence in a JVM loads and compiles everything (CXF, the interpreter) and takes
     * seconds per command: done once with a generous deadline, so that the short deadline of the
     * labs is missed only where a fault holds an answer back.
     */
    private static synchronized void warmUp() {
        if (WARM.getAndSet(true)) {
            return;
        }
        try (FaultLab lab = new FaultLab(new Setup(2, PropagationStrategy.RestartServiceHost, RecycleMode.APP_POOLS),
                Duration.ofSeconds(60), NOT_OFFLOADED)) {
            lab.convergeClean(10, () -> { });
        }
    }

    /** The state before SSL offloading, as an admin leaves it: AD as {@link #original}, the Service Host restarted. */
    private void beforeTheOperator(String server) {
        simulator.fleet().activeDirectory().change(server, original);
        simulator.server(server).restartService("MSExchangeServiceHost");
    }

    /** lab/exchange-lab for the setup: maxUnavailable 1, the spec's Outlook Anywhere unlike what the servers hold. */
    static ExchangeSslOffload resource(CasSimulator simulator, Setup setup) {
        ExchangeSslOffload resource = SimulatedFleet.resource(simulator);
        resource.getSpec().setProtocols(PROTOCOLS);
        resource.getSpec().getWinrm().setOperationTimeout("1s");
        OutlookAnywhereSpec oa = resource.getSpec().getOutlookAnywhere();
        oa.setInternalClientAuthenticationMethod(AuthenticationMethod.Negotiate);
        oa.setIisAuthenticationMethods(List.of(AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate));
        RolloutSpec rollout = new RolloutSpec();
        rollout.setMaxUnavailable(new IntOrString(1));
        resource.getSpec().setRollout(rollout);
        PropagationSpec propagation = new PropagationSpec();
        propagation.setStrategy(setup.strategy());
        propagation.setPollInterval("1m");
        propagation.setTimeout("15m");
        resource.getSpec().setPropagation(propagation);
        resource.getSpec().setRecycle(setup.recycle());
        resource.getSpec().setDeletionPolicy(DeletionPolicy.Restore);
        return resource;
    }

    public Setup setup() {
        return setup;
    }

    public CasSimulator simulator() {
        return simulator;
    }

    public ExchangeSslOffload resource() {
        return resource;
    }

    public List<String> servers() {
        return simulator.servers().stream().map(CasSimulator.ServerAddress::name).toList();
    }

    public Baseline baseline(String server) {
        return baselines.get(server);
    }

    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    public int maxUnavailable() {
        return 1;
    }

    /** Per round what the status said (Ready, and each server's reasons), for failure messages. */
    public String history() {
        return String.join("\n    ", history);
    }

    private static String summary(ExchangeSslOffloadStatus status) {
        if (status == null) {
            return "(no status)";
        }
        String ready = status.getConditions() == null ? "?" : status.getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(c -> "Ready " + c.getStatus() + " (" + c.getReason() + ")")
                .findFirst().orElse("?");
        String servers = status.getServers() == null ? "" : status.getServers().stream()
                .map(s -> s.getName() + " " + (s.getConditions() == null ? "" : s.getConditions().stream()
                        .map(c -> c.getType() + "=" + c.getReason()).distinct().toList()))
                .reduce((a, b) -> a + ", " + b).orElse("");
        return ready + "; " + servers;
    }

    public int statusesLost() {
        return statusesLost;
    }

    /** When each iisreset on {@code server} happened, at the latest tick that had not seen it yet (never later). */
    public List<Instant> iisResetTimes(String server) {
        sample();
        return List.copyOf(iisResetTimes.get(server));
    }

    public boolean ready() {
        ExchangeSslOffloadStatus status = resource.getStatus();
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    public String readyMessage() {
        ExchangeSslOffloadStatus status = resource.getStatus();
        return status == null || status.getConditions() == null ? "(no status)" : status.getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                .findFirst().orElse("(no Ready condition)");
    }

    /** One reconcile, its status kept (as the status patch would). */
    public OffloadReconciliation.Result reconcile() {
        return reconcile(false);
    }

    /**
     * One reconcile. With {@code loseStatus} the status it computed is dropped, as when the status
     * patch fails or the operator dies after acting: the next reconcile starts from the previous status.
     */
    public OffloadReconciliation.Result reconcile(boolean loseStatus) {
        Map<String, CasSnapshot> before = snapshots();
        Instant started = simulator.now();
        OffloadReconciliation.Result result = offload.reconcile(resource, SimulatedFleet::secret, simulator.now());
        if (loseStatus) {
            statusesLost++;
        } else {
            resource.setStatus(result.status());
        }
        settle();
        rounds.add(new Round(rounds.size() + 1, "reconcile", before, snapshots(), started, simulator.now(), loseStatus));
        history.add("round " + rounds.size() + (loseStatus ? " (status lost)" : "") + ": " + summary(result.status()));
        return result;
    }

    /** One attempt of the deletion's Restore. */
    public RestoreReconciliation.Result restore() {
        Map<String, CasSnapshot> before = snapshots();
        Instant started = simulator.now();
        RestoreReconciliation.Result result = restore.restore(resource, SimulatedFleet::secret,
                ServerRecords.inResource(resource));
        settle();
        rounds.add(new Round(rounds.size() + 1, "restore", before, snapshots(), started, simulator.now(), false));
        history.add("round " + rounds.size() + " restore: " + (result.done() ? "done" : "failed " + result.failures()));
        return result;
    }

    /** Moves the clock on; the Service Host passes that fall due run. */
    public void advance(Duration duration) {
        simulator.advanceClock(duration);
        sample();
    }

    /** Far enough for the Service Host's next pass to have run. */
    public void passServiceHost() {
        advance(SERVICE_HOST_INTERVAL);
    }

    public void cumulativeUpdate(String server) {
        simulator.cumulativeUpdate(server);
        sample();
    }

    /**
     * Reconciles (a round's worth of time apart) until Ready, at most {@code maxRounds} times;
     * {@code afterEach} runs after every reconcile (the invariant checks).
     *
     * @return the reconciles it took, or -1 when it did not get Ready
     */
    public int convergeClean(int maxRounds, Runnable afterEach) {
        for (int i = 1; i <= maxRounds; i++) {
            reconcile();
            afterEach.run();
            if (ready()) {
                return i;
            }
            advance(ROUND);
        }
        return -1;
    }

    /**
     * Adds a fault rule on {@code server}; a held answer is waited for after the round (see {@link #settle()}).
     * On a stopped server it adds nothing (null): no request gets through to be faulted.
     */
    public FaultRule inject(String server, WsmanOperation operation, int nth, InjectedFault fault) {
        if (!simulator.isRunning(server)) {
            return null;
        }
        int answered = answered(server, operation);
        FaultRule rule = simulator.faults(server).once(operation, nth, fault);
        if (fault instanceof InjectedFault.Delay) {
            pendingDelays.add(new PendingDelay(server, operation, answered, nth, rule, starts.getOrDefault(server, 0)));
        }
        return rule;
    }

    /** The server's WinRM and IIS ports closed: unreachable, its state kept (its fault rules dropped). */
    public void stopServer(String server) {
        simulator.stopServer(server);
    }

    public void startServer(String server) {
        if (!simulator.isRunning(server)) {
            simulator.startServer(server);
            starts.merge(server, 1, Integer::sum);
        }
    }

    public void clearFaults() {
        servers().forEach(server -> simulator.faults(server).clear());
    }

    /** Requests of one operation {@code server}'s endpoint has answered since it last started. */
    public int answered(String server, WsmanOperation operation) {
        return (int) simulator.requestLog(server).stream().filter(e -> e.operation() == operation).count();
    }

    public Map<WsmanOperation, Integer> answered(String server) {
        Map<WsmanOperation, Integer> counts = new EnumMap<>(WsmanOperation.class);
        for (RequestLogEntry entry : simulator.requestLog(server)) {
            if (entry.operation() != null) {
                counts.merge(entry.operation(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * A held answer is still being held when the operator has moved on; the request it holds then
     * runs (or fails) late. Waits until every held request that fired has been answered, so that each
     * round's "after" is the world as it stays.
     */
    private void settle() {
        for (PendingDelay delay : List.copyOf(pendingDelays)) {
            if (delay.rule().timesFired() == 0) {
                continue;
            }
            if (simulator.isRunning(delay.server()) && starts.getOrDefault(delay.server(), 0) == delay.startedAs()) {
                Awaitility.await("the held " + delay.operation() + " on " + delay.server() + " answered")
                        .atMost(HELD.plusSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !simulator.isRunning(delay.server())
                                || answered(delay.server(), delay.operation()) >= delay.answeredBefore() + delay.nth());
            }
            pendingDelays.remove(delay);
        }
        sample();
    }

    private Map<String, CasSnapshot> snapshots() {
        Map<String, CasSnapshot> snapshots = new LinkedHashMap<>();
        servers().forEach(server -> snapshots.put(server, simulator.snapshot(server)));
        return snapshots;
    }

    /** Before each remote call: a new instant for it, and the iisresets counted so far. */
    synchronized void tick() {
        sample();
        simulator.advanceClock(Duration.ofMillis(1));
        Instant now = simulator.now();
        servers().forEach(server -> lastSample.put(server, now));
    }

    private synchronized void sample() {
        Instant now = simulator.now();
        for (String server : servers()) {
            int count = simulator.iisResetCount(server);
            int seen = iisResetsSeen.get(server);
            for (int i = seen; i < count; i++) {
                iisResetTimes.get(server).add(lastSample.getOrDefault(server, now));
            }
            iisResetsSeen.put(server, count);
            lastSample.put(server, now);
        }
    }

    @Override
    public void close() {
        winrm.close();
        executor.shutdownNow();
        simulator.close();
    }
}
