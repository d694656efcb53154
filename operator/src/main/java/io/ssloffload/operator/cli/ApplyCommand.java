package io.ssloffload.operator.cli;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.operator.validation.SpecProblem;
import io.ssloffload.operator.validation.SpecValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true,
            description = "a YAML file of manifests (several documents allowed): its ExchangeSslOffload resources are "
                    + "converged, its Secrets may hold their credentials, other kinds are ignored")
    Path file;

    @Option(names = "--wait", description = "keep going until Ready or a refusal, sleeping until the engine's next "
            + "check (e.g. the propagation poll); without it, one reconcile per resource")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            converter = Converters.PositiveDuration.class,
            description = "how long --wait may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "a YAML file holding the Secret(s) the resources name (kubernetes.io/basic-auth: username, "
                    + "password; a CA bundle Secret too)")
    Path credentialsFile;

    @Option(names = "--simulate", description = "converge a simulated fleet matching the file's servers instead, "
            + "started in this process on 127.0.0.1 and reached over WinRM like real servers")
    boolean simulate;

    @Option(names = "--simulated-service-host-interval", paramLabel = "DURATION", defaultValue = "20s",
            converter = Converters.PositiveDuration.class,
            description = "with --simulate: how often the simulated Exchange Service Host copies Outlook Anywhere "
                    + "into IIS (Exchange: 15m; default: ${DEFAULT-VALUE})")
    Duration serviceHostInterval;

    @Option(names = "--max-parallel-servers", paramLabel = "N", defaultValue = "10",
            converter = Converters.PositiveCount.class,
            description = "servers reconciled at once (default: ${DEFAULT-VALUE})")
    int maxParallelServers;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    /** The environment credentials come from; tests give their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        LoggingOptions.configure(logging.level(LoggingOptions.Level.warn), logging.format());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResourceFile resources;
        SecretSources secrets;
        try {
            resources = ResourceFile.read(file);
            secrets = new SecretSources(credentialsFile == null ? null : ResourceFile.read(credentialsFile), resources,
                    environment);
        } catch (ResourceFile.Unreadable | SecretSources.Incomplete e) {
            return error(err, e.getMessage());
        }
        List<String> problems = problems(resources, secrets, simulate);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("error: " + problem));
            err.println("nothing was changed");
            err.flush();
            return Convergence.Verdict.ERROR.exitCode;
        }
        if (!resources.ignored().isEmpty()) {
            out.println("ignored (apply needs no cluster): " + String.join(", ", resources.ignored()));
        }
        ExecutorService serverExecutor = Executors.newFixedThreadPool(maxParallelServers);
        WinRmCasConnector connector = new WinRmCasConnector();
        SimulatedFleetLauncher simulated = null;
        try {
            List<Convergence.Target> targets = new ArrayList<>();
            if (simulate) {
                try {
                    simulated = SimulatedFleetLauncher.start(resources, secrets, serviceHostInterval, out);
                } catch (RuntimeException e) {
                    return error(err, "the simulated fleet did not start: " + e.getMessage());
                }
                targets.addAll(simulated.targets());
            } else {
                for (ExchangeSslOffload resource : resources.resources()) {
                    out.println(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + ": "
                            + resource.getSpec().getServers().size() + " server(s), credentials from "
                            + secrets.describeCredentials(resource));
                    targets.add(new Convergence.Target(resource, secrets.secretsOf(resource)));
                }
            }
            out.flush();
            Clock clock = Clock.systemUTC();
            ProgressReport report = new ProgressReport(out, clock);
            // The drift interval only matters to a long-running operator; apply ends before it.
            OffloadReconciliation reconciliation = new OffloadReconciliation(connector, serverExecutor, timeout);
            List<Convergence.Verdict> verdicts = new Convergence(reconciliation, clock,
                    ApplyCommand::sleepUntil, report).converge(targets, wait, timeout);
            report.summary(targets, verdicts);
            return verdicts.stream().mapToInt(v -> v.exitCode)
                    .reduce(0, (a, b) -> a == 1 || b == 1 ? 1 : Math.max(a, b));
        } finally {
            serverExecutor.shutdownNow();
            connector.close();
            if (simulated != null) {
                simulated.close();
            }
        }
    }

    /**
     * What is wrong with the file before anything is touched: the operator's validator, and missing
     * credentials (a simulated fleet can make its own).
     */
    private static List<String> problems(ResourceFile resources, SecretSources secrets, boolean simulate) {
        List<String> problems = new ArrayList<>();
        if (resources.resources().isEmpty()) {
            problems.add(resources.path() + " holds no ExchangeSslOffload (apiVersion ssloffload.io/v1alpha1)");
        }
        for (ExchangeSslOffload resource : resources.resources()) {
            String name = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
            if (resource.getMetadata().getName().isBlank()) {
                problems.add(resources.path() + ": an ExchangeSslOffload has no metadata.name");
            }
            List<SpecProblem> invalid = resource.getSpec() == null
                    ? List.of(new SpecProblem("spec", "required")) : SpecValidator.validate(resource.getSpec());
            invalid.forEach(problem -> problems.add(name + ": " + problem));
            if (invalid.isEmpty() && !simulate && secrets.secretsOf(resource)
                    .apply(resource.getSpec().getWinrm().getCredentialsSecretRef().getName()).isEmpty()) {
                problems.add(name + ": no credentials: " + secrets.describeCredentials(resource));
            }
        }
        return problems;
    }

    private static int error(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return Convergence.Verdict.ERROR.exitCode;
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
