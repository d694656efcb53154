package io.ssloffload.simulator.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fleet's time, in one of two modes. {@link #realTime()} follows the wall clock (to the
 * millisecond), so a Service Host pass happens when its interval has really elapsed;
 * {@link #manual(Instant)} stands still until told to move, so a test can make "15 minutes later"
 * happen at once and compare exact times. {@link #advance} jumps ahead in both modes. Whoever
 * keeps time-driven state (the Service Host) listens for jumps and, in real time, asks to be
 * woken when its next event falls due ({@link #wakeAt}).
 */
public final class SimClock extends Clock implements AutoCloseable {

    /** Where a manual clock starts unless told otherwise; fixed so that test output is stable. */
    public static final Instant MANUAL_START = Instant.parse("2024-01-01T00:00:00Z");

    /** The wall clock in real-time mode, null when manual. */
    private final Clock wallClock;
    /** Manual: the current time. Real time: how far {@link #advance} has moved ahead of the wall clock. */
    private final AtomicReference<Instant> manualNow;
    private final AtomicReference<Duration> advancedBy = new AtomicReference<>(Duration.ZERO);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timer;

    private SimClock(Clock wallClock, Instant manualStart) {
        this.wallClock = wallClock;
        this.manualNow = new AtomicReference<>(manualStart);
        if (wallClock == null) {
            this.timer = null;
        } else {
            this.timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "sim-clock");
                thread.setDaemon(true);
                return thread;
            });
            this.timer.setRemoveOnCancelPolicy(true);
        }
    }

    /** Stands still at {@code start} until {@link #advance} moves it. */
    public static SimClock manual(Instant start) {
        return new SimClock(null, start);
    }

    /** Follows the system clock (UTC, whole milliseconds); {@link #advance} adds to it. */
    public static SimClock realTime() {
        return new SimClock(Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), null);
    }

    public boolean isManual() {
        return wallClock == null;
    }

    public Instant now() {
        return isManual() ? manualNow.get() : wallClock.instant().plus(advancedBy.get());
    }

    /** Moves time forward and lets every listener run what fell due. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + duration);
        }
        if (isManual()) {
            manualNow.accumulateAndGet(null, (current, ignored) -> current.plus(duration));
        } else {
            advancedBy.accumulateAndGet(null, (current, ignored) -> current.plus(duration));
        }
        listeners.forEach(Runnable::run);
    }

    void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Real time: runs {@code task} on the clock's own thread once {@code due} has come (a jump by
     * {@link #advance} does not hurry it; the jump's listeners cover that). Manual: does nothing,
     * because manual time only moves through {@link #advance}.
     */
    void wakeAt(Instant due, Runnable task) {
        if (isManual() || timer.isShutdown()) {
            return;
        }
        long delayMillis = Math.max(0, Duration.between(now(), due).toMillis());
        timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops waking anyone; the time itself still reads. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
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
