package io.ssloffload.simulator.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the Service Host's RPC-over-HTTP configurator runs: once at service start, then every
 * PeriodicPollingMinutes while the service runs (0 disables polling). Not thread-safe.
 */
final class RpcHttpSchedule {

    static final int DEFAULT_POLLING_MINUTES = 15;

    private int pollingMinutes = DEFAULT_POLLING_MINUTES;
    private Instant lastPass;
    private Instant nextPass;

    int pollingMinutes() {
        return pollingMinutes;
    }

    Instant lastPass() {
        return lastPass;
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
    void setPollingMinutes(int minutes, boolean serviceRunning) {
        if (minutes < 0) {
            throw new IllegalArgumentException("PeriodicPollingMinutes cannot be negative: " + minutes);
        }
        pollingMinutes = minutes;
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
        Duration interval = Duration.ofMinutes(pollingMinutes);
        long missed = Duration.between(nextPass, now).toMinutes() / pollingMinutes;
        Instant due = nextPass.plus(interval.multipliedBy(missed));
        recordPass(due);
        return Optional.of(due);
    }

    private void recordPass(Instant at) {
        lastPass = at;
        nextPass = following(at);
    }

    private Instant following(Instant pass) {
        return pollingMinutes == 0 ? null : pass.plus(Duration.ofMinutes(pollingMinutes));
    }
}
