package io.ssloffload.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.ssloffload.operator.reconcile.ExchangeSslOffloadReconciler;
import io.ssloffload.operator.remote.WinRmCasConnector;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
        // slf4j-simple reads its level once, when the first logger is created.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", options.logLevel());
        Running running = start(new KubernetesClientBuilder().build(), options);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
    }

    /** A started operator; closing it stops reconciling and releases WinRM clients and threads. */
    public record Running(Operator operator, WinRmCasConnector connector, ExecutorService serverExecutor)
            implements AutoCloseable {
        @Override
        public void close() {
            operator.stop();
            serverExecutor.shutdownNow();
            connector.close();
        }
    }

    public static Running start(KubernetesClient client, OperatorOptions options) {
        WinRmCasConnector connector = new WinRmCasConnector();
        ExecutorService serverExecutor = Executors.newFixedThreadPool(options.maxParallelServers());
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    // RBAC need not allow reading CRDs: the model is checked by our own tests instead.
                    .checkingCRDAndValidateLocalModel(false);
            if (options.leaderElectionNamespace() != null) {
                o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration("exchange-ssl-offload-operator")
                        .withLeaseNamespace(options.leaderElectionNamespace())
                        .build());
            }
        });
        operator.register(new ExchangeSslOffloadReconciler(connector, serverExecutor, Clock.systemUTC(),
                options.driftInterval()), configuration -> {
            if (!options.namespaces().isEmpty()) {
                configuration.settingNamespaces(options.namespaces());
            }
        });
        operator.start();
        return new Running(operator, connector, serverExecutor);
    }
}
