package io.ssloffload.operator.e2e.simulator.faults;

import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanFaultKind;
import io.ssloffload.simulator.wsman.WsmanOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized fault campaign: for a random schedule of faults over {@link #FAULT_ROUNDS}
 * reconciles — answers held past the command deadline, connections reset, HTTP 500 with a
 * WS-Management fault, servers stopped for a round, several servers at once — at random request
 * positions, with cumulative updates and lost status writes (the next reconcile starts from the
 * previous status, as after a failed status patch or a crash after acting) at random rounds, the
 * invariants of {@link InvariantChecks} hold after every reconcile, and once the faults stop the
 * operator is Ready within {@link #MAX_ROUNDS_AFTER} reconciles.
 *
 * <p>CI runs {@code jqwik.tries.default} tries (20, set in {@code junit-platform.properties}) from a
 * fixed seed, so every build tries the same schedules; a longer run on demand:
 * {@code -Djqwik.tries.default=500} (a JVM system property overrides the file). Shrinking is off:
 * a try costs seconds, and a failure names the schedule and the round already.
 */
@Tag("simulator")
class FaultCampaignTest {

    static final int FAULT_ROUNDS = 6;
    static final int MAX_ROUNDS_AFTER = 16;

    private static final Instant STARTED = Instant.now();
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final AtomicInteger FAULTS_SCHEDULED = new AtomicInteger();

    enum Kind { HELD, RESET, HTTP_500, STOPPED }

    /** One fault: on these servers, in this round, the nth request of this operation from the round's start. */
    record Fault(int round, Kind kind, Set<String> servers, WsmanOperation operation, int nth, WsmanFaultKind wsmanFault) {
        @Override
        public String toString() {
            return "round " + round + " " + kind + (kind == Kind.HTTP_500 ? " " + wsmanFault : "") + " on " + servers
                    + (kind == Kind.STOPPED ? "" : " " + operation + " #" + nth);
        }
    }

    record Schedule(FaultLab.Setup setup, List<Fault> faults, Set<Integer> cuRounds, Set<Integer> statusLostRounds) {
        @Override
        public String toString() {
            return setup + ", faults " + faults + ", cumulative update before rounds " + cuRounds
                    + ", status lost in rounds " + statusLostRounds;
        }
    }

    @Property(seed = "4242", shrinking = ShrinkingMode.OFF)
    void invariantsHoldUnderARandomFaultSchedule(@ForAll("schedules") Schedule schedule) {
        TRIES.incrementAndGet();
        try (FaultLab lab = FaultLab.start(schedule.setup())) {
            for (int round = 1; round <= FAULT_ROUNDS; round++) {
                String where = schedule + " — round " + round;
                if (schedule.cuRounds().contains(round)) {
                    lab.servers().forEach(lab::cumulativeUpdate);
                }
                int thisRound = round;
                List<Fault> now = schedule.faults().stream().filter(f -> f.round() == thisRound).toList();
                for (Fault fault : now) {
                    for (String server : fault.servers()) {
                        switch (fault.kind()) {
                            case STOPPED -> lab.stopServer(server);
                            case HELD -> lab.inject(server, fault.operation(), fault.nth(), InjectedFault.delay(FaultLab.HELD));
                            case RESET -> lab.inject(server, fault.operation(), fault.nth(), InjectedFault.connectionReset());
                            case HTTP_500 -> lab.inject(server, fault.operation(), fault.nth(), InjectedFault.fault(fault.wsmanFault()));
                        }
                    }
                }
                lab.reconcile(schedule.statusLostRounds().contains(round));
                InvariantChecks.afterReconcile(lab, where);
                lab.servers().forEach(lab::startServer);
                // every other round, the Service Host's pass comes before the next reconcile
                lab.advance(round % 2 == 0 ? FaultLab.SERVICE_HOST_INTERVAL : FaultLab.ROUND);
            }
            lab.clearFaults();
            FAULTS_SCHEDULED.addAndGet(schedule.faults().size());
            for (int round = 1; round <= MAX_ROUNDS_AFTER && !lab.ready(); round++) {
                lab.reconcile();
                InvariantChecks.afterReconcile(lab, schedule + " — round " + round + " after the faults");
                if (!lab.ready()) {
                    lab.advance(FaultLab.ROUND);
                }
            }
            assertThat(lab.ready()).as("[invariant 5: convergence] %s: not Ready within %d reconciles after the faults: %s%n"
                            + "  work done: %s%n  status per round:%n    %s",
                    schedule, MAX_ROUNDS_AFTER, lab.readyMessage(), InvariantChecks.workDone(lab), lab.history()).isTrue();
            System.out.printf("campaign: converged; %s; work done: %s%n", schedule, InvariantChecks.workDone(lab));
        }
    }

    @Provide
    Arbitrary<Schedule> schedules() {
        Arbitrary<FaultLab.Setup> setups = Combinators.combine(Arbitraries.integers().between(2, 3),
                        Arbitraries.of(PropagationStrategy.class), Arbitraries.of(RecycleMode.class))
                .as(FaultLab.Setup::new);
        return setups.flatMap(setup -> {
            List<String> servers = java.util.stream.IntStream.rangeClosed(1, setup.servers())
                    .mapToObj(i -> String.format("CAS%02d", i)).toList();
            Arbitrary<Fault> fault = Combinators.combine(
                    Arbitraries.integers().between(1, FAULT_ROUNDS),
                    Arbitraries.of(Kind.class),
                    Arbitraries.subsetOf(servers).ofMinSize(1),
                    Arbitraries.of(WsmanOperation.CREATE, WsmanOperation.COMMAND, WsmanOperation.RECEIVE),
                    Arbitraries.integers().between(1, 8),
                    Arbitraries.of(WsmanFaultKind.INTERNAL_ERROR, WsmanFaultKind.TIMED_OUT, WsmanFaultKind.SHELL_NOT_FOUND,
                            WsmanFaultKind.CONCURRENT_OPERATIONS))
                    .as(Fault::new);
            Arbitrary<Set<Integer>> rounds = Arbitraries.integers().between(1, FAULT_ROUNDS).set().ofMaxSize(2);
            return Combinators.combine(fault.list().ofMinSize(1).ofMaxSize(4), rounds, rounds)
                    .as((faults, cu, lost) -> new Schedule(setup, faults, cu, lost));
        });
    }

    @AfterContainer
    static void report() {
        System.out.printf("campaign: %d tries, %d scheduled faults, in %s%n", TRIES.get(), FAULTS_SCHEDULED.get(),
                Duration.between(STARTED, Instant.now()).withNanos(0));
    }
}
