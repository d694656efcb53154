package io.ssloffload.operator.e2e.simulator;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasSession;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import io.ssloffload.operator.testing.SimulatedFleet;

import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's threads are bounded by its parallelism (--max-parallel-servers), not by the
 * servers it looks after: a fleet larger than the parallelism, converged and then checked for
 * drift several times, in-process against the simulator.
 */
@Tag("simulator")
class ThreadsOnSimulatorTest {

    private static final int PARALLEL = 3;
    private static final int SERVERS = 12;
    /** winrm4j gives each WinRM client its own Apache HttpAsyncClient, whose I/O threads are named so. */
    private static final String HTTP_CLIENT_THREADS = "I/O dispatcher";

    /** Threads alive before the test: other classes' connectors in this JVM are not this test's to count. */
    private final Set<Thread> earlier = Set.copyOf(Thread.getAllStackTraces().keySet());

    private final ExecutorService serverExecutor = Executors.newFixedThreadPool(PARALLEL);
    private final WinRmCasConnector winRm = new WinRmCasConnector(PARALLEL);
    private final OpenSessions connector = new OpenSessions(winRm);
    private CasSimulator simulator;

    @AfterEach
    void stop() {
        winRm.close();
        serverExecutor.shutdownNow();
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void driftChecksOfMoreServersThanTheParallelismHoldAtMostTheParallelismOfWinRmClientsAndThreads() {
        simulator = CasSimulator.builder().servers(SERVERS).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15).start();
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        ExchangeSslOffload resource = SimulatedFleet.resource(simulator);
        OffloadReconciliation reconciliation = new OffloadReconciliation(connector, serverExecutor, Duration.ofMinutes(5));
        Instant now = Instant.now();
        resource.setStatus(reconciliation.reconcile(resource, SimulatedFleet::secret, now).status());
        simulator.advanceClock(Duration.ofMinutes(15));
        resource.setStatus(reconciliation.reconcile(resource, SimulatedFleet::secret, now.plusSeconds(900)).status());
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());

        connector.peak.set(0);
        for (int check = 1; check <= 3; check++) {
            resource.setStatus(reconciliation.reconcile(resource, SimulatedFleet::secret,
                    now.plusSeconds(900 + 300L * check)).status());
        }

        assertEquals(SERVERS, resource.getStatus().getServers().size());
        assertTrue(connector.peak.get() <= PARALLEL,
                connector.peak.get() + " WinRM sessions open at once during the drift checks; parallelism " + PARALLEL);
        assertEquals(0, connector.open.get(), "every session closed");
        assertTrue(threads(WinRmCasConnector.THREAD_PREFIX) <= 2 * PARALLEL,
                threads(WinRmCasConnector.THREAD_PREFIX) + " WinRM call threads for parallelism " + PARALLEL);
        assertEquals(0, threads(HTTP_CLIENT_THREADS), "every WinRM client's HTTP threads ended with its session");
    }

    private long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix) && !earlier.contains(t)).count();
    }

    /** Counts the sessions open at once through a connector: its peak since last reset. */
    private static final class OpenSessions implements CasConnector {
        private final CasConnector delegate;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        OpenSessions(CasConnector delegate) {
            this.delegate = delegate;
        }

        @Override
        public CasSession connect(ServerEndpoint endpoint) {
            CasSession session = delegate.connect(endpoint);
            peak.accumulateAndGet(open.incrementAndGet(), Math::max);
            return new CasSession() {
                private boolean closed;

                @Override
                public ServerObservation observe(Set<Protocol> scope, Optional<String> outlookAnywhereOf) {
                    return session.observe(scope, outlookAnywhereOf);
                }

                @Override
                public OutlookAnywhereSettings readOutlookAnywhere(String serverName) {
                    return session.readOutlookAnywhere(serverName);
                }

                @Override
                public Changed change(Change change) {
                    return session.change(change);
                }

                @Override
                public void iisReset() {
                    session.iisReset();
                }

                @Override
                public void restoreOutlookAnywhere(String serverName, OutlookAnywhereSettings original) {
                    session.restoreOutlookAnywhere(serverName, original);
                }

                @Override
                public void restartServiceHost() {
                    session.restartServiceHost();
                }

                @Override
                public synchronized void close() {
                    if (!closed) {
                        closed = true;
                        session.close();
                        open.decrementAndGet();
                    }
                }
            };
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
