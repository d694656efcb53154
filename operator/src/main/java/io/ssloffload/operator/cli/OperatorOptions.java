package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.logging.Logging;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@code run} was told: the settings of a running operator (see {@link RunCommand} for the
 * flags). {@code healthPort} 0 means no health server.
 */
public record OperatorOptions(Duration driftInterval, Set<String> namespaces, int maxParallelServers,
                              String leaderElectionNamespace, String leaderElectionLease,
                              Logging.Level logLevel, Logging.Format logFormat, int healthPort) {

    /** The Lease's name without {@code --leader-election-lease}: the one every release before 0.2.0 held. */
    public static final String DEFAULT_LEASE = "exchange-ssl-offload-operator";

    /**
     * {@code run}'s flags as the operator reads them, with the Lease in {@code $POD_NAMESPACE}
     * unless told otherwise.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static OperatorOptions parse(String... args) {
        return RunCommand.parse(System.getenv("POD_NAMESPACE"), List.of(args));
    }
}
