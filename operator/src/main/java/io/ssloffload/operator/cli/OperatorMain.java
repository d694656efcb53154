package io.ssloffload.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.ssloffload.operator.reconcile.ExchangeSslOffloadReconciler;
import io.ssloffload.operator.remote.WinRmCasConnector;

import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** Entry point: runs the operator against the cluster of the current kubeconfig. */
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String[] args) {
        OperatorOptions options;
        try {
            options = OperatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(OperatorOptions.USAGE);
            System.exit(2);
            return;
        }
        Logging.configure(Logging.level(options.logLevel()), Logging.format(options.logFormat()));
        Running running = start(new KubernetesClientBuilder().build(), options, () -> System.exit(1));
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
    }

    /**
     * A started operator; closing it stops reconciling and releases WinRM clients and threads.
     * {@code health} is null unless {@code --health-port} was given.
     */
    public record Running(Operator operator, WinRmCasConnector connector, ExecutorService serverExecutor,
                          AtomicBoolean stopping, HealthServer health) implements AutoCloseable {
        @Override
        public void close() {
            // Stopping releases the Lease: that is not the lost leadership that ends the process.
            stopping.set(true);
            if (health != null) {
                health.close();
            }
            operator.stop();
            serverExecutor.shutdownNow();
            connector.close();
        }
    }

    /**
     * @param onLostLeadership runs when another replica took the Lease while this one was not
     *                         stopping; {@link #main} exits, so Kubernetes restarts the pod
     */
    public static Running start(KubernetesClient client, OperatorOptions options, Runnable onLostLeadership) {
        AtomicBoolean stopping = new AtomicBoolean();
        WinRmCasConnector connector = new WinRmCasConnector();
        ExecutorService serverExecutor = Executors.newFixedThreadPool(options.maxParallelServers());
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    // the caller owns the client (tests share one across operators)
                    .withCloseClientOnStop(false)
                    // RBAC need not allow reading CRDs: the model is checked by our own tests instead.
                    .checkingCRDAndValidateLocalModel(false);
            if (options.leaderElectionNamespace() != null) {
                // JOSDK's own exit-on-stop-leading would also fire on a deliberate stop, calling
                // System.exit inside the shutdown hook, which blocks forever.
                o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration("exchange-ssl-offload-operator")
                        .withLeaseNamespace(options.leaderElectionNamespace())
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> { }, () -> {
                            if (!stopping.get()) {
                                // Looked up here, not in a static field: main sets the log level first.
                                LoggerFactory.getLogger(OperatorMain.class).error("lost the leader election Lease; stopping");
                                onLostLeadership.run();
                            }
                        }, newLeader -> { }))
                        .build());
            }
        });
        operator.register(new ExchangeSslOffloadReconciler(connector, serverExecutor, Clock.systemUTC(),
                options.driftInterval()), configuration -> {
            if (!options.namespaces().isEmpty()) {
                configuration.settingNamespaces(options.namespaces());
            }
        });
        // Before start(), which waits for the informers: the probes answer (503) while it does.
        HealthServer health = options.healthPort() == 0 ? null
                : HealthServer.start(options.healthPort(), operator.getRuntimeInfo());
        operator.start();
        return new Running(operator, connector, serverExecutor, stopping, health);
    }
}
