package io.ssloffload.operator.reconcile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FanOutTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A session-like result: counts its closes. */
    private static final class Open implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void resultsComeInItemOrderWithFailuresAndOverrunsNamed() {
        List<FanOut.Outcome<String>> outcomes = FanOut.run(executor, List.of("a", "b", "c"), item -> item,
                item -> Duration.ofMillis(300), item -> switch (item) {
                    case "a" -> "A";
                    case "b" -> throw new IllegalStateException("b broke");
                    default -> {
                        Thread.sleep(5_000);
                        yield "C";
                    }
                });
        assertThat(outcomes.get(0)).isEqualTo(new FanOut.Done<>("A"));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(FanOut.Failed.class,
                failed -> assertThat(failed.cause()).hasMessage("b broke"));
        assertThat(outcomes.get(2)).isEqualTo(new FanOut.TimedOut<>(Duration.ofMillis(300)));
    }

    /** Queued behind a busy pool, an item's bound starts when a thread takes it up. */
    @Test
    void theBoundCountsFromWhenATaskStartsNotFromWhenItWasQueued() {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            List<FanOut.Outcome<String>> outcomes = FanOut.run(single, List.of("first", "second"), item -> item,
                    item -> Duration.ofMillis(600), item -> {
                        Thread.sleep(400);
                        return item;
                    });
            assertThat(outcomes).containsExactly(new FanOut.Done<>("first"), new FanOut.Done<>("second"));
        } finally {
            single.shutdownNow();
        }
    }

    /** An overrun result that arrives later is closed: nobody else will. */
    @Test
    void aResultGivenUpOnIsClosedWhenItArrives() {
        Open late = new Open();
        List<FanOut.Outcome<Open>> outcomes = FanOut.run(executor, List.of(1), item -> "CAS01", item -> Duration.ofMillis(100),
                item -> {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        // cancelled: finish anyway, as a remote call that ignores interrupts does
                    }
                    return late;
                });
        assertThat(outcomes.get(0)).isInstanceOf(FanOut.TimedOut.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(late.closes).hasValue(1));
    }

    /**
     * The operator stopping: the caller's interrupt ends the fan-out with ReconcileInterrupted (no
     * result, so nothing reaches status), and every session already opened is closed.
     */
    @Test
    void anInterruptStopsEverythingAndClosesWhatWasOpened() throws InterruptedException {
        Open first = new Open();
        CountDownLatch firstDone = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                FanOut.run(executor, List.of(1, 2), item -> "CAS0" + item, item -> Duration.ofMinutes(1), item -> {
                    if (item == 1) {
                        firstDone.countDown();
                        return first;
                    }
                    Thread.sleep(60_000);
                    return new Open();
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        firstDone.await();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING
                || caller.getState() == Thread.State.WAITING);
        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get()).isInstanceOf(ReconcileInterrupted.class).hasMessageContaining("CAS02");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(first.closes).as("the session opened before the interrupt").hasValue(1));
    }
}
