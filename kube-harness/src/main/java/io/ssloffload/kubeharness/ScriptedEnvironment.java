package io.ssloffload.kubeharness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Processes started by one of the harness scripts in {@code dir}: stopped once, by the script's
 * {@code stop} (which kills them by PID), when closed or when the JVM exits.
 */
abstract class ScriptedEnvironment implements AutoCloseable {

    private final Path dir;
    private final Path script;
    private final Duration stopTimeout;
    private final Thread shutdownHook;
    private boolean stopped;

    ScriptedEnvironment(Path dir, Path script, Duration stopTimeout) {
        this.dir = dir;
        this.script = script;
        this.stopTimeout = stopTimeout;
        // JUnit closes the root store at the end of a run; the hook covers a JVM that ends otherwise.
        this.shutdownHook = new Thread(this::stop, script.getFileName() + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Path dir() {
        return dir;
    }

    Path script() {
        return script;
    }

    /** Releases what the JVM holds (clients) before the processes go. */
    void beforeStop() {
    }

    /** Stops the processes; later calls do nothing. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        beforeStop();
        KubectlResult result = KubeApiServer.run(List.of("bash", script.toString(), "stop", dir.toString()),
                Map.of(), null, stopTimeout);
        if (!result.succeeded()) {
            System.err.println(script.getFileName() + " stop failed: " + result);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing left to remove
        }
    }
}
