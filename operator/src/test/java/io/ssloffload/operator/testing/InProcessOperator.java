package io.ssloffload.operator.testing;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.reconcile.RestoreReconciliation;
import io.ssloffload.operator.reconcile.ServerRecords;
import io.ssloffload.operator.remote.WinRmCasConnector;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operator's reconcile and restore in this JVM, without Kubernetes: four server threads, WinRM
 * through winrm4j, a 5-minute drift interval, {@link SimulatedFleet}'s Secret. For the tests that
 * drive reconciles by hand against an in-process simulator; close it after each test.
 */
public final class InProcessOperator implements AutoCloseable {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final WinRmCasConnector connector = new WinRmCasConnector(4);
    private final OffloadReconciliation reconciliation = new OffloadReconciliation(connector, executor, Duration.ofMinutes(5));
    private final RestoreReconciliation restore = new RestoreReconciliation(connector, executor);

    /** A reconcile as the operator runs it at {@code now}; the status it gives is written back on {@code resource}. */
    public OffloadReconciliation.Result reconcile(ExchangeSslOffload resource, Instant now) {
        OffloadReconciliation.Result result = reconciliation.reconcile(resource, SimulatedFleet::secret, now);
        resource.setStatus(result.status());
        return result;
    }

    /** The reconcile itself, for a test that keeps the status it gives off the resource. */
    public OffloadReconciliation reconciliation() {
        return reconciliation;
    }

    /** A deletion's restore of {@code resource}, from the records on it. */
    public RestoreReconciliation.Result restore(ExchangeSslOffload resource) {
        return restore.restore(resource, SimulatedFleet::secret, ServerRecords.inResource(resource));
    }

    @Override
    public void close() {
        connector.close();
        executor.shutdownNow();
    }
}
