package io.ssloffload.operator.e2e.simulator.faults;

import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.reconcile.RestoreReconciliation;
import io.ssloffload.simulator.wsman.FaultRule;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The deterministic fault sweep: for every position k in the sequence of WinRM requests
 * (Create, Command, Receive) that a clean run of a scenario makes on the faulted server, one run
 * with exactly that request faulted — its answer held back past the command deadline, or its
 * connection reset — while the operator carries on reconciling (the clock moved past the Service
 * Host's next pass right after the round the fault hit, so the pass always comes before the next
 * reconcile). After every reconcile the invariants of {@link InvariantChecks} hold: Ready tells the
 * truth, first observed is what was there before, at most maxUnavailable (1) servers are being
 * changed; once the fault is spent the operator converges to Ready within {@link #MAX_ROUNDS}
 * reconciles; after a Restore says done, everything is as before the operator came.
 *
 * <p>Scenarios: propagation {@code Wait} and {@code RestartServiceHost} × recycle {@code AppPools}
 * and {@code IisReset} × first convergence, cumulative-update repair (every server updated after
 * Ready), Restore (deletion after Ready); 2 servers, maxUnavailable 1. Each scenario first runs
 * clean (a named test of its own, which counts the positions from the simulator's request log),
 * then one named test per position and fault. The faulted server is the first one, which the
 * rollout changes first, unless {@code -Dsweep.faultServers=CAS01,CAS02} says otherwise;
 * {@code -Dsweep.only=Wait/AppPools} runs the scenarios whose name contains that text.
 *
 * <p>Cost: a held answer costs the command deadline ({@link FaultLab#COMMAND_DEADLINE}, 1.5 s,
 * {@code -Dfaults.deadlineMs}) plus the rest of its hold, so positions run {@link #PARALLEL} (4,
 * {@code -Dsweep.parallel}) at a time. Measured: 12 scenarios, 332 positions, 9 min 53 s on 2 cores
 * that other builds were also using (load average about 12). The numbers are printed at the end.
 */
@Tag("simulator")
class FaultSweepTest {

    static final int SERVERS = 2;
    static final int MAX_ROUNDS = 20;
    /** Positions run at once (each mostly waits for a held answer). */
    static final int PARALLEL = Integer.getInteger("sweep.parallel", 4);
    static final List<WsmanOperation> OPERATIONS = List.of(WsmanOperation.CREATE, WsmanOperation.COMMAND, WsmanOperation.RECEIVE);

    enum Phase { FIRST_CONVERGENCE, CU_REPAIR, RESTORE }

    enum Kind {
        HELD(InjectedFault.delay(FaultLab.HELD), "held past the deadline"),
        RESET(InjectedFault.connectionReset(), "reset");

        final InjectedFault fault;
        final String label;

        Kind(InjectedFault fault, String label) {
            this.fault = fault;
            this.label = label;
        }
    }

    private static final Instant STARTED = Instant.now();
    private static final AtomicInteger POSITIONS_RUN = new AtomicInteger();
    private static final AtomicInteger POSITIONS_NOT_REACHED = new AtomicInteger();
    private static final AtomicInteger SCENARIOS = new AtomicInteger();
    private static final List<String> FAILURES = new ArrayList<>();

    @TestFactory
    Stream<DynamicNode> sweep() {
        List<DynamicNode> scenarios = new ArrayList<>();
        String only = System.getProperty("sweep.only", "");
        List<String> faultServers = List.of(System.getProperty("sweep.faultServers", "CAS01").split(","));
        for (PropagationStrategy strategy : PropagationStrategy.values()) {
            for (RecycleMode recycle : RecycleMode.values()) {
                for (Phase phase : Phase.values()) {
                    FaultLab.Setup setup = new FaultLab.Setup(SERVERS, strategy, recycle);
                    String name = setup + " " + phase;
                    if (name.contains(only)) {
                        scenarios.add(DynamicContainer.dynamicContainer(name, scenario(setup, phase, faultServers)));
                    }
                }
            }
        }
        return scenarios.stream();
    }

    /**
     * The clean run (which counts the positions), then one test per position: built lazily, when the
     * scenario runs. A position spends most of its time waiting for a held answer, so the scenario's
     * positions run {@link #PARALLEL} at a time, each in its own simulator, when the first of them is
     * reached; each named test then reports its own run's outcome.
     */
    private static Stream<DynamicNode> scenario(FaultLab.Setup setup, Phase phase, List<String> faultServers) {
        Map<String, Map<WsmanOperation, Integer>> counts = new java.util.LinkedHashMap<>();
        DynamicTest clean = DynamicTest.dynamicTest("clean run (counts the positions)", () -> {
            SCENARIOS.incrementAndGet();
            counts.putAll(cleanRun(setup, phase, faultServers, counts));
            System.out.printf("sweep: %s %s: requests per faulted server in the clean run %s%n", setup, phase, counts);
        });
        Stream<DynamicNode> positions = Stream.of(1).flatMap(ignored -> {
            record Position(String name, java.util.concurrent.Callable<Void> run) {
            }
            List<Position> all = new ArrayList<>();
            counts.forEach((server, perOperation) -> perOperation.forEach((operation, count) -> {
                for (int k = 1; k <= count; k++) {
                    for (Kind kind : Kind.values()) {
                        int nth = k;
                        String name = server + " " + operation + " #" + k + " " + kind.label;
                        all.add(new Position(name, () -> {
                            runPosition(setup, phase, server, operation, nth, kind, setup + " " + phase + " " + name);
                            return null;
                        }));
                    }
                }
            }));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL);
            List<java.util.concurrent.Future<Void>> outcomes = all.stream().map(p -> pool.submit(p.run())).toList();
            pool.shutdown();
            List<DynamicNode> tests = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                java.util.concurrent.Future<Void> outcome = outcomes.get(i);
                tests.add(DynamicTest.dynamicTest(all.get(i).name(), () -> {
                    try {
                        outcome.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause();
                    }
                }));
            }
            return tests.stream();
        });
        return Stream.concat(Stream.of(clean), positions);
    }

    /** The scenario without faults, checked like the others; the requests it made on each faulted server. */
    static Map<String, Map<WsmanOperation, Integer>> cleanRun(FaultLab.Setup setup, Phase phase, List<String> faultServers,
                                                              Map<String, Map<WsmanOperation, Integer>> counted) {
        try (FaultLab lab = FaultLab.start(setup)) {
            String where = setup + " " + phase + " clean";
            prepare(lab, phase, where);
            Map<String, Map<WsmanOperation, Integer>> start = new java.util.LinkedHashMap<>();
            faultServers.forEach(server -> start.put(server, lab.answered(server)));
            AssertionError broken = null;
            try {
                runPhase(lab, phase, where, null);
            } catch (AssertionError e) {
                // the positions are counted all the same: the faulted runs say more than this one
                broken = e;
            }
            Map<String, Map<WsmanOperation, Integer>> made = new java.util.LinkedHashMap<>();
            faultServers.forEach(server -> {
                Map<WsmanOperation, Integer> now = lab.answered(server);
                Map<WsmanOperation, Integer> diff = new EnumMap<>(WsmanOperation.class);
                OPERATIONS.forEach(op -> diff.put(op, now.getOrDefault(op, 0) - start.get(server).getOrDefault(op, 0)));
                made.put(server, diff);
            });
            if (broken != null) {
                counted.putAll(made);
                throw broken;
            }
            return made;
        }
    }

    static void runPosition(FaultLab.Setup setup, Phase phase, String server, WsmanOperation operation, int nth, Kind kind,
                            String where) {
        POSITIONS_RUN.incrementAndGet();
        try (FaultLab lab = FaultLab.start(setup)) {
            prepare(lab, phase, where);
            FaultRule rule = lab.inject(server, operation, nth, kind.fault);
            try {
                runPhase(lab, phase, where, rule);
            } catch (AssertionError e) {
                synchronized (FAILURES) {
                    FAILURES.add(where + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
                throw e;
            }
            if (rule.timesFired() == 0) {
                POSITIONS_NOT_REACHED.incrementAndGet();
            }
            assumeThat(rule.timesFired()).as("this run made fewer than %d %s requests on %s", nth, operation, server).isPositive();
        }
    }

    /** First convergence needs nothing; CU repair and Restore start from a fleet converged cleanly. */
    static void prepare(FaultLab lab, Phase phase, String where) {
        if (phase == Phase.FIRST_CONVERGENCE) {
            return;
        }
        int rounds = lab.convergeClean(MAX_ROUNDS, () -> InvariantChecks.afterReconcile(lab, where + " (before the phase)"));
        assertThat(rounds).as("%s: the clean convergence before the phase reached Ready: %s", where, lab.readyMessage()).isPositive();
        lab.advance(FaultLab.ROUND);
        if (phase == Phase.CU_REPAIR) {
            lab.servers().forEach(lab::cumulativeUpdate);
        }
    }

    /**
     * Reconciles (or restores) round after round, checking the invariants after each, until Ready (or
     * done) with the fault spent; the clock moves a round's worth between rounds, and past the
     * Service Host's next pass right after the round the fault hit.
     */
    static void runPhase(FaultLab lab, Phase phase, String where, FaultRule rule) {
        int readyRounds = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            int firedBefore = rule == null ? 0 : rule.timesFired();
            String at = where + ", round " + round + " of the phase";
            if (phase == Phase.RESTORE) {
                RestoreReconciliation.Result result = lab.restore();
                InvariantChecks.firstObservedIsWhatWasThere(lab, at);
                if (result.done()) {
                    InvariantChecks.restoredEverything(lab, at);
                    return;
                }
            } else {
                lab.reconcile();
                InvariantChecks.afterReconcile(lab, at);
                boolean spent = rule == null || rule.timesFired() > 0;
                // a fault after Ready (a later drift check) is still looked for, two reconciles long
                if (lab.ready() && (spent || ++readyRounds > 2)) {
                    return;
                }
            }
            boolean hitNow = rule != null && rule.timesFired() > firedBefore;
            lab.advance(hitNow ? FaultLab.SERVICE_HOST_INTERVAL : FaultLab.ROUND);
        }
        assertThat(false).as("[invariant 5: convergence] %s: not %s within %d rounds: %s; %s", where,
                phase == Phase.RESTORE ? "restored" : "Ready", MAX_ROUNDS, lab.readyMessage(), InvariantChecks.workDone(lab)).isTrue();
    }

    @AfterAll
    static void report() {
        System.out.printf("sweep: %d scenarios, %d positions run (%d not reached by their run), %d failed, in %s%n",
                SCENARIOS.get(), POSITIONS_RUN.get(), POSITIONS_NOT_REACHED.get(), FAILURES.size(),
                Duration.between(STARTED, Instant.now()).withNanos(0));
        FAILURES.forEach(f -> System.out.println("sweep failure: " + f));
    }
}
