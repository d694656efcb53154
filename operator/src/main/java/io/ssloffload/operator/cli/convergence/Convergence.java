package io.ssloffload.operator.cli.convergence;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.status.StatusBuilder;
import io.ssloffload.operator.validation.GoDuration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's reconcile loop without a cluster: each resource is reconciled by the same
 * {@link OffloadReconciliation} as in the operator, its status fed back as the previous one, and
 * reconciled again when the engine asks (never sooner) until it is Ready, blocked, or the caller
 * stops waiting.
 */
public final class Convergence {

    /** How one resource ended. */
    public enum Verdict {
        /** Ready: every server offloaded. */
        CONVERGED(0),
        /** The resource cannot be worked on (invalid spec, missing or unusable Secret): nothing was changed. */
        ERROR(1),
        /** Refused, unreachable, or still on its way when the caller stopped waiting. */
        STOPPED_SHORT(3);

        final int exitCode;

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** A resource and the Secrets of its namespace. */
    public record Target(ExchangeSslOffload resource, Function<String, Optional<Secret>> secrets) {
    }

    /** Waits until a moment; the tests' clock need not be the wall clock. */
    public interface Sleeper {
        void sleepUntil(Instant when) throws InterruptedException;
    }

    private final OffloadReconciliation reconciliation;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ProgressReport report;

    public Convergence(OffloadReconciliation reconciliation, Clock clock, Sleeper sleeper, ProgressReport report) {
        this.reconciliation = reconciliation;
        this.clock = clock;
        this.sleeper = sleeper;
        this.report = report;
    }

    /**
     * @param wait    keep reconciling while the engine has more to do; else one reconcile each
     * @param timeout how long {@code wait} may take
     * @return each target's verdict, in the order of {@code targets}
     */
    public List<Verdict> converge(List<Target> targets, boolean wait, Duration timeout) throws InterruptedException {
        Optional<List<Verdict>> refused = refuseBeforeAnyChange(targets);
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant deadline = clock.instant().plus(timeout);
        // by position: a resource's equality changes with its status
        Instant[] due = new Instant[targets.size()];
        Verdict[] verdicts = new Verdict[targets.size()];
        Arrays.fill(due, clock.instant());
        boolean announcedWaiting = false;
        while (true) {
            Instant now = clock.instant();
            for (int i = 0; i < targets.size(); i++) {
                if (verdicts[i] != null || due[i].isAfter(now)) {
                    continue;
                }
                Target target = targets.get(i);
                Optional<Duration> next = reconcile(target, now);
                Optional<Verdict> verdict = verdict(target.resource().getStatus(), next);
                if (verdict.isPresent()) {
                    verdicts[i] = verdict.get();
                } else if (!wait) {
                    report.stoppedShort(target.resource(), "not waiting (no --wait)");
                    verdicts[i] = Verdict.STOPPED_SHORT;
                } else {
                    due[i] = now.plus(next.orElseThrow());
                    if (!announcedWaiting) {
                        report.note("--wait: checking again when the engine asks, for up to " + GoDuration.format(timeout));
                        announcedWaiting = true;
                    }
                }
            }
            Optional<Instant> earliest = Optional.empty();
            for (int i = 0; i < targets.size(); i++) {
                if (verdicts[i] == null && (earliest.isEmpty() || due[i].isBefore(earliest.get()))) {
                    earliest = Optional.of(due[i]);
                }
            }
            if (earliest.isEmpty()) {
                return List.of(verdicts);
            }
            if (earliest.get().isAfter(deadline)) {
                for (int i = 0; i < targets.size(); i++) {
                    if (verdicts[i] == null) {
                        report.stoppedShort(targets.get(i).resource(), "--timeout " + GoDuration.format(timeout) + " reached");
                        verdicts[i] = Verdict.STOPPED_SHORT;
                    }
                }
                return List.of(verdicts);
            }
            sleeper.sleepUntil(earliest.get());
        }
    }

    /** apply's exit code: an error anywhere is 1, else the worst of converged (0) and stopped short (3). */
    public static int exitCode(List<Verdict> verdicts) {
        return verdicts.stream().mapToInt(v -> v.exitCode).reduce(0, (a, b) -> a == 1 || b == 1 ? 1 : Math.max(a, b));
    }

    /**
     * Every resource of the file is checked as a reconcile checks it first (spec, Secrets, a
     * server named by two resources) before any server is touched: one refused resource refuses
     * the file, so that nothing is half-applied. Empty when all may go ahead.
     */
    private Optional<List<Verdict>> refuseBeforeAnyChange(List<Target> targets) {
        List<ExchangeSslOffload> all = targets.stream().map(Target::resource).toList();
        List<Optional<Blocker>> blockers = targets.stream()
                .map(target -> OffloadReconciliation.preflight(target.resource(), target.secrets(), all)).toList();
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            ExchangeSslOffload resource = targets.get(i).resource();
            blockers.get(i).ifPresent(blocker -> refusals.add(resource.getMetadata().getNamespace() + "/"
                    + resource.getMetadata().getName() + ": " + blocker.reason()));
        }
        if (refusals.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (int i = 0; i < targets.size(); i++) {
            ExchangeSslOffload resource = targets.get(i).resource();
            Blocker blocker = blockers.get(i).orElse(new Blocker("NotStarted",
                    "another resource in the file was refused (" + String.join("; ", refusals) + ")"));
            resource.setStatus(StatusBuilder.blocked(resource.getStatus(),
                    Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L), blocker, now));
            report.stoppedShort(resource, "refused before any server was changed");
        }
        return Optional.of(targets.stream().map(target -> Verdict.ERROR).toList());
    }

    private Optional<Duration> reconcile(Target target, Instant now) {
        ExchangeSslOffload resource = target.resource();
        ExchangeSslOffloadStatus previous = resource.getStatus();
        OffloadReconciliation.Result result = reconciliation.reconcile(resource, target.secrets(), now);
        resource.setStatus(result.status());
        report.reconciled(resource, previous, result.actions());
        return result.nextCheck();
    }

    /** Empty while the engine still has work it can do on its own. */
    static Optional<Verdict> verdict(ExchangeSslOffloadStatus status, Optional<Duration> nextCheck) {
        if (nextCheck.isEmpty()) {
            // only a change to the resource or its Secrets can help
            return Optional.of(Verdict.ERROR);
        }
        if (isTrue(status, StatusBuilder.READY)) {
            return Optional.of(Verdict.CONVERGED);
        }
        if (isTrue(status, StatusBuilder.STALLED)) {
            return Optional.of(Verdict.STOPPED_SHORT);
        }
        return Optional.empty();
    }

    static Optional<Condition> condition(ExchangeSslOffloadStatus status, String type) {
        return status == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static boolean isTrue(ExchangeSslOffloadStatus status, String type) {
        return condition(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
