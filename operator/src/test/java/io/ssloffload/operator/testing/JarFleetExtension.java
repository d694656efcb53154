package io.ssloffload.operator.testing;

import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubeApiServerExtension;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.OperatorProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every jar IT ({@link WithJars}) sets up before its tests, once per class, and takes down
 * after them: on the JVM's kube-apiserver (kube-harness's {@link KubeApiServerExtension}) the
 * committed CRD and the chart's RBAC for the watched namespace; the simulator jar as one or more
 * processes ({@link SimulatorProcess}), optionally with Outlook Anywhere put back as before
 * offloading; the operator jar as a process ({@link OperatorProcess}) with the operator
 * ServiceAccount's kubeconfig, at once or when a test asks. Every process's output is kept in
 * {@code target/shipped/<test class>/} (emptied first); after the class every process still
 * running is stopped, operators first, and the resources left in the watched namespace are removed.
 */
public final class JarFleetExtension implements BeforeAllCallback, AfterAllCallback {

    /** The account of {@code examples/simulator.yaml}'s Secret, which the lab simulators are started with. */
    public static final String LAB_USER = "lab-admin";
    public static final String LAB_PASSWORD = "S1mulator!";

    private record SimulatorStart(List<String> arguments, boolean manualClock, String user, String password) {
    }

    private final Path logs;
    private String namespace = LabResource.NAMESPACE;
    private final List<SimulatorStart> simulatorStarts = new ArrayList<>();
    private Function<KubeApiServer, List<String>> operatorArguments;

    private KubeApiServer apiServer;
    private final List<SimulatorProcess> simulators = new ArrayList<>();
    private final List<JarProcess> operators = new ArrayList<>();
    private JarProcess operator;

    private JarFleetExtension(Path logs) {
        this.logs = logs;
    }

    /** Output in {@code target/shipped/<simple name of testClass>/}; the lab's namespace watched. */
    public static JarFleetExtension forClass(Class<?> testClass) {
        return new JarFleetExtension(Path.of("target", "shipped", testClass.getSimpleName()));
    }

    /** The namespace the chart's RBAC and every operator started here watch (the lab's by default). */
    public JarFleetExtension watching(String namespace) {
        this.namespace = namespace;
        return this;
    }

    /** One more simulator jar, started with these arguments ({@link SimulatorProcess#start}). */
    public JarFleetExtension simulator(List<String> arguments, boolean manualClock) {
        simulatorStarts.add(new SimulatorStart(List.copyOf(arguments), manualClock, null, null));
        return this;
    }

    /**
     * The same, its servers then put as an admin had them before offloading: Outlook Anywhere's
     * SSLOffloading off, so that the Service Host's pass makes Rpc require SSL
     * ({@link SimulatedFleet#turnOffOutlookAnywhereOffloading(List, String, String)} as {@link #LAB_USER}).
     */
    public JarFleetExtension simulatorBeforeOffloading(List<String> arguments, boolean manualClock) {
        simulatorStarts.add(new SimulatorStart(List.copyOf(arguments), manualClock, LAB_USER, LAB_PASSWORD));
        return this;
    }

    /**
     * A lab simulator's arguments, as {@code examples/simulator.yaml} has the servers: {@code servers}
     * servers from {@code port} (WinRM) and {@code iisPort} on (0: free ports), {@link #LAB_USER},
     * Basic or Negotiate, plain http allowed; then {@code more}.
     */
    public static List<String> labSimulator(int servers, int port, int iisPort, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--servers", String.valueOf(servers),
                "--port", String.valueOf(port), "--iis-port", String.valueOf(iisPort),
                "--user", LAB_USER, "--password", LAB_PASSWORD, "--auth", "basic,negotiate", "--allow-unencrypted"));
        arguments.addAll(List.of(more));
        return arguments;
    }

    /**
     * An operator started once the simulators are, with {@code --watch-namespaces} and these
     * arguments (they may name the API server's operator namespace, for leader election).
     */
    public JarFleetExtension operator(Function<KubeApiServer, List<String>> arguments) {
        this.operatorArguments = arguments;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        apiServer = KubeApiServerExtension.apiServer(context);
        JarProcess.clearLogs(logs);
        ApiServerFixtures.installCommittedCrd(apiServer);
        ApiServerFixtures.applyChartRbac(apiServer, namespace);
        for (SimulatorStart start : simulatorStarts) {
            SimulatorProcess simulator = SimulatorProcess.start(logs, start.arguments(), start.manualClock());
            simulators.add(simulator);
            if (start.user() != null) {
                SimulatedFleet.turnOffOutlookAnywhereOffloading(
                        simulator.servers().stream().map(server -> server.wsmanUrl().toString()).toList(),
                        start.user(), start.password());
            }
        }
        if (operatorArguments != null) {
            operator = startOperator(operatorArguments.apply(apiServer));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopOperators();
        simulators.forEach(SimulatorProcess::close);
        simulators.clear();
        if (apiServer != null) {
            removeResourcesLeftBehind();
        }
    }

    /**
     * The watched namespace's resources, their finalizers dropped (no operator runs any more): a
     * class that failed half-way would otherwise leave servers claimed for the next class that
     * names them in the same namespace.
     */
    private void removeResourcesLeftBehind() {
        var resources = apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(namespace);
        for (ExchangeSslOffload left : resources.list().getItems()) {
            if (left.getMetadata().getFinalizers() != null && !left.getMetadata().getFinalizers().isEmpty()) {
                resources.withName(left.getMetadata().getName()).edit(resource -> {
                    resource.getMetadata().setFinalizers(List.of());
                    return resource;
                });
            }
        }
        resources.delete();
        Waits.until(() -> resources.list().getItems().isEmpty(),
                () -> "resources left in " + namespace + ": " + resources.list().getItems());
    }

    public KubeApiServer apiServer() {
        return apiServer;
    }

    public String namespace() {
        return namespace;
    }

    /** The folder the processes write their output to. */
    public Path logs() {
        return logs;
    }

    /** The first simulator. */
    public SimulatorProcess simulator() {
        return simulator(0);
    }

    /** The simulators in the order they were declared. */
    public SimulatorProcess simulator(int index) {
        return simulators.get(index);
    }

    /** The operator {@link #operator(Function)} asked for. */
    public JarProcess operator() {
        return operator;
    }

    /** {@code java -jar} of the operator jar with {@code --watch-namespaces} and {@code more}, as the operator ServiceAccount. */
    public JarProcess startOperator(List<String> more) {
        return startOperator(more, Map.of());
    }

    /** The same with more environment, e.g. {@code HOSTNAME}: the Lease holder's identity, as a pod has it. */
    public JarProcess startOperator(List<String> more, Map<String, String> environment) {
        return startOperator(apiServer.operatorKubeconfig(), logs, more, environment);
    }

    /** The same with another kubeconfig (a proxy in front of the API server) and output folder. */
    public JarProcess startOperator(Path kubeconfig, Path logs, List<String> more, Map<String, String> environment) {
        List<String> arguments = new ArrayList<>(List.of("--watch-namespaces", namespace));
        arguments.addAll(more);
        JarProcess started = OperatorProcess.start(logs, kubeconfig, arguments, environment);
        operators.add(started);
        return started;
    }

    /** Every operator started here, in order. */
    public List<JarProcess> operators() {
        return List.copyOf(operators);
    }

    /** Stops every operator started here that still runs (SIGTERM, then SIGKILL after 20 s). */
    public void stopOperators() {
        operators.forEach(JarProcess::close);
        operators.clear();
        operator = null;
    }

    /** For failure messages: the resource's YAML, then the last lines of every process's output. */
    public String diagnostics(String resourceName) {
        KubectlResult yaml = apiServer.kubectl("get", "exchangessloffload/" + resourceName, "-n", namespace, "-o", "yaml");
        return "\n--- " + resourceName + "\n" + yaml.stdout() + yaml.stderr() + "\n" + Stream.concat(
                operators.stream(), simulators.stream().map(SimulatorProcess::process))
                .map(JarProcess::logs).collect(Collectors.joining("\n"));
    }
}
