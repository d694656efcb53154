package io.ssloffload.simulator.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the Service Host's RPC-over-HTTP configurator runs: once at service start, then every
 * polling interval while the service runs (zero disables polling). On Windows the interval is
 * the registry DWORD PeriodicPollingMinutes; this simulator also takes shorter intervals (a
 * simulator-only knob for demos), which the registry shows rounded up to whole minutes.
 * Not thread-safe.
 */
final class RpcHttpSchedule {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

    private Duration interval = DEFAULT_INTERVAL;
    private Instant lastPass;
    private Instant nextPass;

    /** The registry DWORD: whole minutes, at least 1 for any non-zero interval. */
    int pollingMinutes() {
        long minutes = interval.toMinutes();
        return (int) (interval.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1);
    }

    Duration interval() {
        return interval;
    }

    Instant lastPass() {
        return lastPass;
    }

    Optional<Instant> nextPass() {
        return Optional.ofNullable(nextPass);
    }

    /** The service started: the first pass is now. */
    Instant started(Instant now) {
        recordPass(now);
        return now;
    }

    void stopped() {
        nextPass = null;
    }

    /**
     * A new polling interval counts from the last pass (inference: the configurator re-reads its
     * registry value each time it sleeps), so shortening it can make a pass due at once.
     */
    void setInterval(Duration newInterval, boolean serviceRunning) {
        if (newInterval.isNegative() || (!newInterval.isZero() && newInterval.compareTo(Duration.ofSeconds(1)) < 0)) {
            throw new IllegalArgumentException("the polling interval must be zero or at least one second: " + newInterval);
        }
        interval = newInterval;
        nextPass = serviceRunning && lastPass != null ? following(lastPass) : null;
    }

    /**
     * The pass that fell due by {@code now}, if any. When several fell due (the clock jumped),
     * only the latest one matters: each pass rewrites the same vdir from the same directory
     * object, so it alone is run, at its own time.
     */
    Optional<Instant> takeDuePass(Instant now) {
        if (nextPass == null || now.isBefore(nextPass)) {
            return Optional.empty();
        }
        long missed = Duration.between(nextPass, now).toMillis() / interval.toMillis();
        Instant due = nextPass.plus(interval.multipliedBy(missed));
        recordPass(due);
        return Optional.of(due);
    }

    private void recordPass(Instant at) {
        lastPass = at;
        nextPass = following(at);
    }

    private Instant following(Instant pass) {
        return interval.isZero() ? null : pass.plus(interval);
    }
}
