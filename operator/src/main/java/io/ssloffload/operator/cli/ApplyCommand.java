package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.convergence.Convergence;
import io.ssloffload.operator.cli.convergence.ProgressReport;
import io.ssloffload.operator.cli.convergence.SecretSources;
import io.ssloffload.operator.cli.logging.Logging;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.RemoteCallListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code apply -f FILE}: converges the servers the file names, once, without a cluster, with the
 * operator's engine and refusals.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Converges the servers of the ExchangeSslOffload resources in FILE once, without a cluster, "
                + "with the same engine and refusals as the operator, printing each change and each server's "
                + "per-protocol progress, then a summary.",
                "Credentials: the Secret that spec.winrm.credentialsSecretRef names, from --credentials-file, else "
                + "the environment (" + SecretSources.USERNAME_VARIABLE + " and " + SecretSources.PASSWORD_VARIABLE
                + "), else a Secret in FILE. Never from a flag."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converged: every server of every resource is Ready",
                "1:error: the file, its credentials or the simulated fleet; nothing was changed",
                "2:usage error",
                "3:stopped short: refused or unreachable servers, or propagation still pending (without --wait, or past --timeout)"})
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Mixin
    MaxParallelServersOption parallel;

    @Option(names = "--wait", description = "keep going until Ready or a refusal, sleeping until the engine's next "
            + "check (e.g. the propagation poll); without it, one reconcile per resource")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            converter = Converters.PositiveDuration.class,
            description = "how long --wait may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    /** The environment credentials come from; tests give their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        logging.configure(Logging.Level.warn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (FleetOptions.OpenFleet open = fleet.open(environment, out, err);
             OffloadEngine engine = OffloadEngine.start(parallel.maxParallelServers, RemoteCallListener.NONE)) {
            Clock clock = Clock.systemUTC();
            ProgressReport report = new ProgressReport(out, clock);
            // The drift interval only matters to a long-running operator; apply ends before it.
            OffloadReconciliation reconciliation = engine.reconciliation(timeout);
            List<Convergence.Verdict> verdicts = new Convergence(reconciliation, clock,
                    ApplyCommand::sleepUntil, report).converge(open.targets(), wait, timeout);
            report.summary(open.targets(), verdicts);
            return Convergence.exitCode(verdicts);
        } catch (FleetOptions.Refused e) {
            return e.exitCode;
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
