package io.ssloffload.operator.cli.convergence;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * {@code --simulate}: starts, in this process, a simulated Exchange fleet matching a file's servers
 * and gives the file's resources pointed at it. Looked up, not imported: its implementation
 * ({@code cli.simulate}) and the simulator it starts ship in the with-simulator jar only, so the
 * operator's own jar, the one its image runs, carries neither.
 */
public interface SimulatedFleetLauncher {

    /** Started servers and the resources that reach them; closing it stops the servers. */
    interface SimulatedFleet extends AutoCloseable {
        List<Convergence.Target> targets();

        @Override
        void close();
    }

    /** The launcher this jar carries: none in the operator's own jar. */
    static Optional<SimulatedFleetLauncher> inThisJar() {
        return ServiceLoader.load(SimulatedFleetLauncher.class, SimulatedFleetLauncher.class.getClassLoader()).findFirst();
    }

    /**
     * Says on {@code out} everything it changes about the run.
     *
     * @throws RuntimeException when a simulated server cannot start; what had started is closed
     */
    SimulatedFleet start(ResourceFile file, SecretSources secrets, Duration serviceHostInterval, PrintWriter out);
}
