package io.ssloffload.operator.cli;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.cli.convergence.Convergence;
import io.ssloffload.operator.cli.convergence.PlanReport;
import io.ssloffload.operator.cli.convergence.SecretSources;
import io.ssloffload.operator.cli.logging.Logging;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.reconcile.ChangePolicy;
import io.ssloffload.operator.reconcile.ServerRecords;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.RemoteCallListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plan -f FILE}: observes the servers the file names and prints, per server and protocol,
 * what {@code apply} (or the operator) would change — like {@code terraform plan}. Changes nothing.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 1,
        description = {"Observes the servers of the ExchangeSslOffload resources in FILE, without a cluster, and prints "
                + "per server and protocol what would change (current -> desired) and which app pools would be recycled, "
                + "exactly as spec.managementPolicy ObserveOnly reports it. Changes nothing.",
                "Credentials: as for apply (--credentials-file, else " + SecretSources.USERNAME_VARIABLE + " and "
                + SecretSources.PASSWORD_VARIABLE + ", else a Secret in FILE), or --simulate."},
        exitCodeListHeading = "%nExit codes (as terraform plan -detailed-exitcode):%n",
        exitCodeList = {"0:nothing would change",
                "2:changes are pending",
                "1:error: the file, its credentials, a usage error, or a server that could not be observed"})
final class PlanCommand implements Callable<Integer> {

    enum Output { text, json }

    @Mixin
    FleetOptions fleet;

    @Mixin
    MaxParallelServersOption parallel;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json, for scripts")
    Output output;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    /** The environment credentials come from; tests give their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        logging.configure(Logging.Level.warn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // In json mode stdout holds the document only: what the fleet set-up says goes to stderr.
        PrintWriter setup = output == Output.json ? err : out;
        try (FleetOptions.OpenFleet open = fleet.open(environment, setup, err);
             OffloadEngine engine = OffloadEngine.start(parallel.maxParallelServers, RemoteCallListener.NONE)) {
            // One reconcile per resource: the drift interval, which only times the next one, does not matter.
            OffloadReconciliation reconciliation = engine.reconciliation(Duration.ofHours(1));
            ChangePolicy.Hold hold = new ChangePolicy.Hold(ProtocolState.Reason.ObserveOnly, "plan: nothing is changed");
            List<ExchangeSslOffload> all = open.targets().stream().map(Convergence.Target::resource).toList();
            List<PlanReport.ResourcePlan> plans = new ArrayList<>();
            for (Convergence.Target target : open.targets()) {
                ExchangeSslOffload resource = target.resource();
                OffloadReconciliation.Result result = reconciliation.reconcile(resource, target.secrets(),
                        ServerRecords.inResource(resource), all, Optional.of(hold), Instant.now());
                resource.setStatus(result.status());
                plans.add(PlanReport.of(resource));
            }
            int exitCode = PlanReport.exitCode(plans);
            if (output == Output.json) {
                PlanReport.json(out, plans, exitCode);
            } else {
                PlanReport.text(out, plans);
            }
            return exitCode;
        } catch (FleetOptions.Refused e) {
            return e.exitCode;
        }
    }
}
