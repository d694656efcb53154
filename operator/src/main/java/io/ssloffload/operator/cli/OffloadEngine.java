package io.ssloffload.operator.cli;

import io.ssloffload.operator.reconcile.ExchangeSslOffloadReconciler;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.reconcile.OperatorMetrics;
import io.ssloffload.operator.remote.RemoteCallListener;
import io.ssloffload.operator.remote.WinRmCasConnector;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What {@code run}, {@code apply} and {@code plan} reconcile with: one WinRM connector and one pool
 * of server threads, both sized by {@code --max-parallel-servers}, and the reconcilers built on
 * them. Closing it stops the threads and releases the WinRM clients.
 */
public final class OffloadEngine implements AutoCloseable {

    private final WinRmCasConnector connector;
    private final ExecutorService serverExecutor;

    private OffloadEngine(WinRmCasConnector connector, ExecutorService serverExecutor) {
        this.connector = connector;
        this.serverExecutor = serverExecutor;
    }

    /** @param listener told of every WinRM call: the operator's metrics, or {@link RemoteCallListener#NONE} */
    static OffloadEngine start(int maxParallelServers, RemoteCallListener listener) {
        return new OffloadEngine(new WinRmCasConnector(listener, maxParallelServers),
                Executors.newFixedThreadPool(maxParallelServers));
    }

    /** {@code apply} and {@code plan}: one resource's reconcile, without a cluster. */
    OffloadReconciliation reconciliation(Duration driftInterval) {
        return new OffloadReconciliation(connector, serverExecutor, driftInterval);
    }

    /** {@code run}: the controller JOSDK calls. */
    ExchangeSslOffloadReconciler reconciler(Duration driftInterval, OperatorMetrics metrics) {
        return new ExchangeSslOffloadReconciler(connector, serverExecutor, Clock.systemUTC(), driftInterval, metrics);
    }

    @Override
    public void close() {
        serverExecutor.shutdownNow();
        connector.close();
    }
}
