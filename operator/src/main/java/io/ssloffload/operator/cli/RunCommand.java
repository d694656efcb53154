package io.ssloffload.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ssloffload.operator.cli.logging.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code run}: the operator itself, watching the cluster. Every flag of a running operator is here. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the operator against the cluster of the current kubeconfig (KUBECONFIG honoured), "
                + "or the in-cluster configuration in a pod. The default command: options without a command are run's."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--drift-interval", paramLabel = "DURATION", defaultValue = "5m",
            converter = Converters.DriftInterval.class,
            description = "how often servers are looked at with no event (default: ${DEFAULT-VALUE})")
    Duration driftInterval;

    @Option(names = "--watch-namespaces", paramLabel = "NS", split = ",",
            description = "watch only these namespaces, comma-separated (default: all namespaces)")
    List<String> namespaces = new ArrayList<>();

    @Mixin
    MaxParallelServersOption parallel;

    @Option(names = "--leader-election-namespace", paramLabel = "NS",
            description = "hold a Lease in NS (default: $POD_NAMESPACE when set, else no leader election)")
    String leaderElectionNamespace;

    // Per release in the chart, so that two operators in one namespace do not contend for one Lease.
    @Option(names = "--leader-election-lease", paramLabel = "NAME", defaultValue = OperatorOptions.DEFAULT_LEASE,
            description = "the name of that Lease (default: ${DEFAULT-VALUE})")
    String leaderElectionLease;

    @Option(names = "--health-port", paramLabel = "PORT", converter = Converters.TcpPort.class,
            description = "serve /healthz and /readyz on PORT (default: no health server)")
    int healthPort;

    @Mixin
    LoggingOptions logging;

    /** @param podNamespace where the operator runs (from the Downward API), for its Lease */
    OperatorOptions options(String podNamespace) {
        Set<String> watched = new LinkedHashSet<>();
        namespaces.stream().map(String::strip).filter(ns -> !ns.isEmpty()).forEach(watched::add);
        String lease = leaderElectionNamespace != null ? leaderElectionNamespace
                : podNamespace == null || podNamespace.isBlank() ? null : podNamespace;
        return new OperatorOptions(driftInterval, Set.copyOf(watched), parallel.maxParallelServers, lease,
                leaderElectionLease, logging.level(Logging.Level.info), logging.format, healthPort);
    }

    /** @throws IllegalArgumentException with picocli's message for the user */
    static OperatorOptions parse(String podNamespace, List<String> args) {
        RunCommand run = new RunCommand();
        try {
            new CommandLine(run).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return run.options(podNamespace);
    }

    @Override
    public Integer call() throws InterruptedException {
        OperatorOptions options = options(System.getenv("POD_NAMESPACE"));
        Logging.configure(options.logLevel(), options.logFormat());
        OperatorMain.Running running = OperatorMain.start(new KubernetesClientBuilder().build(), options,
                () -> System.exit(1));
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
        // The operator works on its own threads until the JVM is told to stop.
        new CountDownLatch(1).await();
        return 0;
    }
}
