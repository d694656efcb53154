package io.ssloffload.operator.cli;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.cli.convergence.Convergence;
import io.ssloffload.operator.cli.convergence.ResourceFile;
import io.ssloffload.operator.cli.convergence.SecretSources;
import io.ssloffload.operator.cli.convergence.SimulatedFleetLauncher;
import io.ssloffload.operator.cli.convergence.SimulatedFleetLauncher.SimulatedFleet;
import io.ssloffload.operator.validation.SpecProblem;
import io.ssloffload.operator.validation.SpecValidator;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code apply} and {@code plan} share: the file, where its credentials come from, or a
 * simulated fleet instead of its servers, and how the fleet is opened for the engine.
 */
final class FleetOptions {

    /** The jar that can {@code --simulate}: the operator's plus the simulator (operator/pom.xml's second shade execution). */
    static final String WITH_SIMULATOR_JAR = "exchange-ssl-offload-operator-with-simulator.jar";

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true,
            description = "a YAML file of manifests (several documents allowed): its ExchangeSslOffload resources are "
                    + "used, its Secrets may hold their credentials, other kinds are ignored")
    Path file;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "a YAML file holding the Secret(s) the resources name (kubernetes.io/basic-auth: username, "
                    + "password; a CA bundle Secret too)")
    Path credentialsFile;

    @Option(names = "--simulate", description = "use a simulated fleet matching the file's servers instead, "
            + "started in this process on 127.0.0.1 and reached over WinRM like real servers (" + WITH_SIMULATOR_JAR
            + " only)")
    boolean simulate;

    @Option(names = "--simulated-service-host-interval", paramLabel = "DURATION", defaultValue = "20s",
            converter = Converters.PositiveDuration.class,
            description = "with --simulate: how often the simulated Exchange Service Host copies Outlook Anywhere "
                    + "into IIS (Exchange: 15m; default: ${DEFAULT-VALUE})")
    Duration serviceHostInterval;

    /** The command this is mixed into: its name for the screen, its exit code for a usage error. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The file's resources and their Secrets, or a refusal already printed (nothing touched). */
    static final class Refused extends Exception {
        /** what the command ends with: 1 (error), or the command's usage error */
        final int exitCode;

        Refused(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** An opened fleet: the resources with their Secrets; closing it stops the simulated fleet, if any. */
    record OpenFleet(List<Convergence.Target> targets, SimulatedFleet simulated) implements AutoCloseable {
        @Override
        public void close() {
            if (simulated != null) {
                simulated.close();
            }
        }
    }

    /**
     * Reads the file and its credentials, refuses what the operator would refuse, and starts the
     * simulated fleet when asked; prints what it uses to {@code out} and each problem to {@code err}.
     */
    OpenFleet open(Map<String, String> environment, PrintWriter out, PrintWriter err) throws Refused {
        SimulatedFleetLauncher launcher = simulate ? launcher(err) : null;
        ResourceFile resources;
        SecretSources secrets;
        try {
            resources = ResourceFile.read(file);
            secrets = new SecretSources(credentialsFile == null ? null : ResourceFile.read(credentialsFile), resources,
                    environment);
        } catch (ResourceFile.Unreadable | SecretSources.Incomplete e) {
            throw refused(err, List.of(e.getMessage()), false);
        }
        List<String> problems = problems(resources, secrets, simulate);
        if (!problems.isEmpty()) {
            throw refused(err, problems, true);
        }
        if (!resources.ignored().isEmpty()) {
            out.println("ignored (" + command.name() + " needs no cluster): " + String.join(", ", resources.ignored()));
        }
        List<Convergence.Target> targets = new ArrayList<>();
        SimulatedFleet simulated = null;
        if (launcher != null) {
            try {
                simulated = launcher.start(resources, secrets, serviceHostInterval, out);
            } catch (RuntimeException e) {
                throw refused(err, List.of("the simulated fleet did not start: " + e.getMessage()), false);
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
        return new OpenFleet(List.copyOf(targets), simulated);
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

    private static Refused refused(PrintWriter err, List<String> problems, boolean nothingChanged) {
        problems.forEach(problem -> err.println("error: " + problem));
        if (nothingChanged) {
            err.println("nothing was changed");
        }
        err.flush();
        return new Refused(CommandLine.ExitCode.SOFTWARE);
    }

    /** This jar's simulated fleet launcher, else a usage error in one line, before anything is read. */
    private SimulatedFleetLauncher launcher(PrintWriter err) throws Refused {
        Optional<SimulatedFleetLauncher> launcher = SimulatedFleetLauncher.inThisJar();
        if (launcher.isEmpty()) {
            err.println("error: --simulate needs " + WITH_SIMULATOR_JAR + " (built beside this one): this jar is the "
                    + "operator alone, without the simulator");
            err.flush();
            throw new Refused(command.exitCodeOnInvalidInput());
        }
        return launcher.get();
    }
}
