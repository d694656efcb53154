package io.ssloffload.operator.cli;

import io.ssloffload.operator.validation.DurationRange;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** Command-line options of the operator. */
public record OperatorOptions(Duration driftInterval, Set<String> namespaces, int maxParallelServers,
                              String leaderElectionNamespace, String logLevel, String logFormat, int healthPort) {

    private static final Set<String> FLAGS = Set.of("--drift-interval", "--watch-namespaces", "--max-parallel-servers",
            "--leader-election-namespace", "--log-level", "--log-format", "--health-port");

    static final String USAGE = """
            usage: java -jar exchange-ssl-offload-operator.jar [options]
              --drift-interval D            how often servers are looked at with no event (default 5m)
              --watch-namespaces A,B        watch only these namespaces (default: all namespaces)
              --max-parallel-servers N      servers reconciled at once, across all resources (default 10)
              --leader-election-namespace NS  hold a Lease in NS (default: $POD_NAMESPACE when set, else none)
              --log-level L                 trace, debug, info (default), warn or error; never shows a secret
              --log-format F                text (default) or json (one object per line)
              --health-port N               serve /healthz and /readyz on port N (default: no server)
            The cluster is the current kubeconfig's (KUBECONFIG honoured), or in-cluster config in a pod.""";

    /** @throws IllegalArgumentException with a message for the user */
    public static OperatorOptions parse(String... args) {
        return parse(System.getenv("POD_NAMESPACE"), java.util.List.of(args));
    }

    /** @param podNamespace where the operator runs (from the Downward API), for its Lease */
    static OperatorOptions parse(String podNamespace, java.util.List<String> arguments) {
        String[] args = arguments.toArray(String[]::new);
        Duration drift = Duration.ofMinutes(5);
        Set<String> namespaces = new LinkedHashSet<>();
        int parallel = 10;
        String leaseNamespace = podNamespace == null || podNamespace.isBlank() ? null : podNamespace;
        String logLevel = "info";
        String logFormat = "text";
        int healthPort = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = flag.contains("=") ? flag.substring(flag.indexOf('=') + 1) : null;
            String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--drift-interval" -> {
                    try {
                        drift = DurationRange.DRIFT_INTERVAL.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--drift-interval: " + e.getMessage(), e);
                    }
                }
                case "--watch-namespaces" -> {
                    for (String namespace : value.split(",")) {
                        if (!namespace.isBlank()) {
                            namespaces.add(namespace.strip());
                        }
                    }
                }
                case "--log-level" -> {
                    Logging.level(value);
                    logLevel = value;
                }
                case "--log-format" -> {
                    Logging.format(value);
                    logFormat = value;
                }
                case "--max-parallel-servers" -> parallel = positive(name, value);
                case "--leader-election-namespace" -> leaseNamespace = value;
                case "--health-port" -> {
                    healthPort = positive(name, value);
                    if (healthPort > 65535) {
                        throw new IllegalArgumentException(name + " must be a TCP port (1-65535), not " + value);
                    }
                }
                default -> throw new IllegalStateException("a flag in FLAGS without a case: " + name);
            }
        }
        return new OperatorOptions(drift, Set.copyOf(namespaces), parallel, leaseNamespace, logLevel, logFormat, healthPort);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, not " + value);
    }
}
