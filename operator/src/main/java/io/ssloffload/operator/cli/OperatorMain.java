package io.ssloffload.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ssloffload.operator.cli.health.HealthServer;
import io.ssloffload.operator.reconcile.OperatorMetrics;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Entry point: {@code run} (the operator, the default command), {@code apply} (converge the
 * servers of a file once, without a cluster) and {@code plan} (say what apply would change).
 */
@Command(name = "exchange-ssl-offload-operator", mixinStandardHelpOptions = true,
        versionProvider = OperatorMain.Version.class,
        subcommands = {RunCommand.class, ApplyCommand.class, PlanCommand.class, CommandLine.HelpCommand.class},
        description = "Keeps SSL offloading configured on Exchange 2013+ Client Access Servers.",
        footer = {"", "With no command, or options only, the command is run: java -jar exchange-ssl-offload-operator.jar "
                + "--drift-interval 5m is run --drift-interval 5m.",
                "Exit codes: 0 done, 1 error, 2 usage error, 3 apply stopped short (see apply --help); plan: 0 nothing to change, 2 changes pending, 1 error (see plan --help)."})
public final class OperatorMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(withDefaultCommand(args)));
    }

    static CommandLine commandLine() {
        return new CommandLine(new OperatorMain());
    }

    /** {@code run} when no command is given, so the Helm chart's flags-only arguments keep working. */
    static String[] withDefaultCommand(String[] args) {
        boolean topLevelFlag = args.length > 0 && List.of("-h", "--help", "-V", "--version").contains(args[0]);
        if (args.length == 0 || (args[0].startsWith("-") && !topLevelFlag)) {
            return Stream.concat(Stream.of("run"), Arrays.stream(args)).toArray(String[]::new);
        }
        return args;
    }

    @Override
    public void run() {
        // main names a command through withDefaultCommand; this is reached only by callers that do not
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, apply or plan");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OperatorMain.class.getPackage().getImplementationVersion();
            return new String[] {"exchange-ssl-offload-operator " + (version == null ? "(development build)" : version)};
        }
    }

    /**
     * A started operator; closing it stops reconciling and releases WinRM clients and threads.
     * {@code health} is null unless {@code --health-port} was given.
     */
    public record Running(Operator operator, OffloadEngine engine, AtomicBoolean stopping, HealthServer health)
            implements AutoCloseable {
        @Override
        public void close() {
            // Stopping releases the Lease: that is not the lost leadership that ends the process.
            stopping.set(true);
            if (health != null) {
                health.close();
            }
            operator.stop();
            engine.close();
        }
    }

    /**
     * @param onLostLeadership runs when another replica took the Lease while this one was not
     *                         stopping; {@code run} exits, so Kubernetes restarts the pod
     */
    public static Running start(KubernetesClient client, OperatorOptions options, Runnable onLostLeadership) {
        AtomicBoolean stopping = new AtomicBoolean();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorMetrics metrics = new OperatorMetrics(registry);
        OffloadEngine engine = OffloadEngine.start(options.maxParallelServers(), metrics);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    // the caller owns the client (tests share one across operators)
                    .withCloseClientOnStop(false)
                    // RBAC need not allow reading CRDs: the model is checked by our own tests instead.
                    .checkingCRDAndValidateLocalModel(false)
                    // reconciles, their durations and failures per controller, not per resource: few series
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    // A resource's reconcile only waits for its servers on the engine's threads: more reconcile
                    // threads than server threads would add idle threads with the resources (JOSDK's
                    // default pool grew to 50 with 100 resources), not speed.
                    .withConcurrentReconciliationThreads(options.maxParallelServers());
            if (options.leaderElectionNamespace() != null) {
                // JOSDK's own exit-on-stop-leading would also fire on a deliberate stop, calling
                // System.exit inside the shutdown hook, which blocks forever: off, as build() leaves
                // it since JOSDK 5.3 (which only lets tests turn it on). onLostLeadership stops us.
                LeaderElectionConfigurationBuilder leaderElection = LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(options.leaderElectionLease());
                // JOSDK's default identity is $HOSTNAME, which hostNetwork Pods on one node share:
                // both would think they hold the Lease. The chart gives each Pod's own name.
                String podName = System.getenv("POD_NAME");
                if (podName != null && !podName.isBlank()) {
                    leaderElection.withIdentity(podName);
                }
                o.withLeaderElectionConfiguration(leaderElection
                        .withLeaseNamespace(options.leaderElectionNamespace())
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
        operator.register(engine.reconciler(options.driftInterval(), metrics), configuration -> {
            if (!options.namespaces().isEmpty()) {
                configuration.settingNamespaces(options.namespaces());
            }
        });
        // Before start(), which waits for the informers: the probes answer (503) while it does.
        HealthServer health = options.healthPort() == 0 ? null
                : HealthServer.start(options.healthPort(), operator.getRuntimeInfo());
        if (health != null) {
            health.metrics(registry);
        }
        operator.start();
        return new Running(operator, engine, stopping, health);
    }
}
