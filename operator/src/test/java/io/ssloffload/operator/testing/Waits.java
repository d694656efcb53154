package io.ssloffload.operator.testing;

import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * The one way these tests wait: Awaitility, polling in the test's own thread from the first moment,
 * and failing with a message worked out when the wait has failed (the resource's YAML, a process's
 * logs), not when it began. A condition that throws ends the wait at once with that failure.
 */
public final class Waits {

    /** How long a resource gets to reach a state on the API server. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);
    public static final Duration POLL = Duration.ofMillis(250);

    private Waits() {
    }

    /** Awaitility as these tests use it: at most {@code timeout}, every {@code poll}, the first look at once. */
    public static ConditionFactory awaiting(Duration timeout, Duration poll) {
        return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll).pollInSameThread();
    }

    /** Polls {@code done} every 250 ms for at most {@link #DEFAULT}, then fails with {@code message}. */
    public static void until(Callable<Boolean> done, Supplier<String> message) {
        until(DEFAULT, done, message);
    }

    /** Polls {@code done} every 250 ms for at most {@code timeout}, then fails with {@code message}. */
    public static void until(Duration timeout, Callable<Boolean> done, Supplier<String> message) {
        until(timeout, POLL, done, message);
    }

    /** Polls {@code done} every {@code poll} for at most {@code timeout}, then fails with {@code message}. */
    public static void until(Duration timeout, Duration poll, Callable<Boolean> done, Supplier<String> message) {
        try {
            awaiting(timeout, poll).until(done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout + ": " + message.get(), e);
        }
    }

    /** Polls {@code probe} until it gives something other than null, and returns that. */
    public static <T> T untilPresent(Duration timeout, Duration poll, Callable<T> probe, Supplier<String> message) {
        try {
            return awaiting(timeout, poll).until(probe, value -> value != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout + ": " + message.get(), e);
        }
    }

    /**
     * Checks that {@code holds} stays true for all of {@code period}, every {@code poll}; fails at the
     * first look where it does not (instead of sleeping through the period and looking once).
     */
    public static void holdsFor(Duration period, Duration poll, Callable<Boolean> holds, Supplier<String> message) {
        if (period.isNegative() || period.isZero()) {
            return;
        }
        try {
            await().during(period).atMost(period.plusSeconds(5)).pollDelay(Duration.ZERO).pollInterval(poll)
                    .pollInSameThread().until(holds);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("did not hold for " + period + ": " + message.get(), e);
        }
    }
}
