package io.ssloffload.simulator.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fleet's time. It only moves when told to, so a test can make "15 minutes later" happen
 * at once; whoever keeps time-driven state (the Service Host) listens and catches up.
 */
public final class SimClock extends Clock {

    private final AtomicReference<Instant> now;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public SimClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public Instant now() {
        return now.get();
    }

    /** Moves time forward and lets every listener run what fell due. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + duration);
        }
        now.accumulateAndGet(null, (current, ignored) -> current.plus(duration));
        listeners.forEach(Runnable::run);
    }

    void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public Instant instant() {
        return now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now(), zone);
    }
}
