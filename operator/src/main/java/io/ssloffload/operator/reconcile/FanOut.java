package io.ssloffload.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one way the operator does something per server in parallel: each task on the shared server
 * pool, each bounded from when a pool thread takes it up (not from when it was queued behind
 * others), results in the order of the items. A task that overruns its bound is cancelled and
 * whatever it still returns is closed; an interrupt of the caller means the operator is stopping:
 * every task is cancelled, every result already in hand or still to come is closed, and
 * {@link ReconcileInterrupted} is thrown instead of any result reaching status.
 */
final class FanOut {

    private FanOut() {
    }

    /** A task's work; it may throw, which becomes {@link Failed}. */
    interface Work<I, T> {
        T run(I item) throws Exception;
    }

    /** How one task ended. */
    sealed interface Outcome<T> {
    }

    record Done<T>(T value) implements Outcome<T> {
    }

    record Failed<T>(Throwable cause) implements Outcome<T> {
    }

    /** @param bound what it was given, counted from its start */
    record TimedOut<T>(Duration bound) implements Outcome<T> {
    }

    /**
     * @param name  names an item in the interruption's message
     * @param bound the most one item's task may take from its start
     */
    static <I, T> List<Outcome<T>> run(ExecutorService executor, List<I> items, Function<I, String> name,
                                       Function<I, Duration> bound, Work<I, T> work) {
        List<Task<T>> tasks = new ArrayList<>();
        for (I item : items) {
            tasks.add(Task.start(executor, () -> work.run(item)));
        }
        List<Outcome<T>> outcomes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                outcomes.add(tasks.get(i).await(bound.apply(items.get(i))));
            } catch (InterruptedException e) {
                tasks.forEach(Task::abandon);
                outcomes.forEach(FanOut::close);
                Thread.currentThread().interrupt();
                throw new ReconcileInterrupted(name.apply(items.get(i)), e);
            }
        }
        return outcomes;
    }

    /** Closes what a task produced that nobody will use. */
    static void close(Outcome<?> outcome) {
        if (outcome instanceof Done<?> done) {
            closeValue(done.value());
        }
    }

    private static void closeValue(Object value) {
        if (value instanceof AutoCloseable open) {
            try {
                open.close();
            } catch (Exception ignored) {
                // closing is best effort: the server ends an idle shell on its own
            }
        }
    }

    private static final class Task<T> {
        private final CompletableFuture<Instant> started = new CompletableFuture<>();
        /** Under this task's lock: whether the caller gave up on it, and what it produced meanwhile. */
        private boolean abandoned;
        private T produced;
        private Future<T> result;

        static <T> Task<T> start(ExecutorService executor, Callable<T> work) {
            Task<T> task = new Task<>();
            task.result = executor.submit(() -> {
                task.started.complete(Instant.now());
                T value = work.call();
                synchronized (task) {
                    if (task.abandoned) {
                        // given up on while it ran: nobody else will close it
                        closeValue(value);
                    } else {
                        task.produced = value;
                    }
                }
                return value;
            });
            return task;
        }

        Outcome<T> await(Duration bound) throws InterruptedException {
            try {
                Duration sinceStart = Duration.between(started.get(), Instant.now());
                T value = result.get(Math.max(0, bound.minus(sinceStart).toMillis()), TimeUnit.MILLISECONDS);
                synchronized (this) {
                    // the caller's now: it closes it if it gives up later
                    produced = null;
                }
                return new Done<>(value);
            } catch (TimeoutException e) {
                abandon();
                return new TimedOut<>(bound);
            } catch (ExecutionException e) {
                return new Failed<>(e.getCause());
            }
        }

        /** Cancels it; what it produced, now or later, is closed. */
        void abandon() {
            synchronized (this) {
                abandoned = true;
                closeValue(produced);
                produced = null;
            }
            result.cancel(true);
        }
    }
}
