package io.ssloffload.simulator.wsman;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Command in a shell: the output not yet received, whether the process ended, its exit code.
 * Receive takes output in pieces no bigger than the client's envelope allows.
 */
final class RemoteCommand {

    /** STATUS_CONTROL_C_EXIT: what a process ended by a terminate signal reports. */
    static final int TERMINATED_EXIT_CODE = 0xC000013A;

    /** What one Receive hands back. */
    record Output(byte[] stdout, byte[] stderr, boolean done, int exitCode) {
    }

    private final String id;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private byte[] stdout = new byte[0];
    private byte[] stderr = new byte[0];
    private boolean finished;
    private int exitCode;
    private Future<?> process;

    RemoteCommand(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    void startedAs(Future<?> process) {
        lock.lock();
        try {
            this.process = process;
        } finally {
            lock.unlock();
        }
    }

    void finish(byte[] out, byte[] err, int code) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            stdout = concat(stdout, out);
            stderr = concat(stderr, err);
            exitCode = code;
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the process (Signal terminate, shell Delete); a Receive waiting on it returns Done. */
    void terminate() {
        Future<?> running;
        lock.lock();
        try {
            running = process;
            if (!finished) {
                finished = true;
                exitCode = TERMINATED_EXIT_CODE;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.cancel(true);
        }
    }

    /**
     * Waits up to {@code timeout} for output or the end of the process; empty when neither came.
     * Takes at most {@code maxBytes} of output, stdout first.
     */
    Optional<Output> receive(Duration timeout, int maxBytes) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (!finished && stdout.length == 0 && stderr.length == 0) {
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = changed.awaitNanos(remaining);
            }
            int outTaken = Math.min(stdout.length, maxBytes);
            int errTaken = Math.min(stderr.length, maxBytes - outTaken);
            byte[] out = Arrays.copyOf(stdout, outTaken);
            byte[] err = Arrays.copyOf(stderr, errTaken);
            stdout = Arrays.copyOfRange(stdout, outTaken, stdout.length);
            stderr = Arrays.copyOfRange(stderr, errTaken, stderr.length);
            boolean done = finished && stdout.length == 0 && stderr.length == 0;
            return Optional.of(new Output(out, err, done, exitCode));
        } finally {
            lock.unlock();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream(a.length + b.length);
        joined.writeBytes(a);
        joined.writeBytes(b);
        return joined.toByteArray();
    }

    @Override
    public String toString() {
        return "command " + id;
    }
}
