package io.ssloffload.operator.e2e.jar;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.OperatorProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.operator.testing.WithJars;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ssloffload.operator.testing.LabResource.NAMESPACE;

/**
 * The shipped operator jar's own footprint against a real kube-apiserver: resources of 10
 * servers each are added (1, 10, 100: 10, 100, 1,000 servers), each step converged and then
 * left alone for a quiet window of a few drift intervals (the drift interval scaled down). Reads the process's RSS, threads and CPU
 * from /proc, counts status writes by resourceVersion and reconciles by the simulator's command
 * log. Every resource names 10 simulated servers of its own (the simulator jar, another process,
 * runs them all): two resources naming one server would have the later one blocked as
 * ServerClaimed. Prints Markdown to stdout and to
 * {@code target/benchmarks/operator-footprint.md}.
 */
@WithJars
@Tag("benchmark")
class OperatorFootprintBenchmarkIT {

    private static final Path LOGS = Path.of("target", "shipped", OperatorFootprintBenchmarkIT.class.getSimpleName());
    private static final String USER = SimulatedFleet.USER;
    private static final String PASSWORD = SimulatedFleet.PASSWORD;
    private static final int SERVERS_PER_RESOURCE = 10;
    private static final int MAX_PARALLEL_SERVERS = 10;
    /** The default 5-minute drift interval scaled down 10 times; the quiet window holds a few of them. */
    private static final Duration DRIFT_INTERVAL = Duration.ofSeconds(Integer.getInteger("bench.driftSeconds", 30));
    /** The chart's memory limit (values.yaml resources.limits.memory), as the JVM would see it in the container. */
    private static final String MAX_RAM = System.getProperty("bench.operatorMaxRam", "384m");
    private static final int CHECKS_PER_WINDOW = Integer.getInteger("bench.checksPerWindow", 4);
    /** How many resources of 10 servers to have at each step (a smaller run for a quick check: 1,10). */
    private static final int[] RESOURCE_STEPS = Arrays.stream(System.getProperty("bench.resourceSteps", "1,10,100").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();

    @Test
    void printsTheOperatorsFootprintFromTenToAThousandServers(KubeApiServer apiServer) throws Exception {
        JarProcess.clearLogs(LOGS);
        ApiServerFixtures.installCommittedCrd(apiServer);
        ApiServerFixtures.applyChartRbac(apiServer);
        apiServer.adminClient().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName(SimulatedFleet.SECRET).endMetadata().withType("kubernetes.io/basic-auth")
                .addToStringData("username", USER).addToStringData("password", PASSWORD).build()).serverSideApply();
        Properties image = builtImage();
        StringBuilder out = new StringBuilder("| servers (resources × 10) | RSS MiB | threads | CPU % of one core, quiet |"
                + " status writes in the quiet window | reconciles per resource per drift interval (per hour at 5m) |"
                + " time to Ready, s | heap after a full GC (live set) / committed, MiB |\n|---|---|---|---|---|---|---|---|\n");
        try (SimulatorProcess simulator = SimulatorProcess.start(LOGS, List.of("--servers",
                String.valueOf(Arrays.stream(RESOURCE_STEPS).max().orElseThrow() * SERVERS_PER_RESOURCE),
                "--port", "0", "--iis-port", "0", "--user", USER, "--password", PASSWORD, "--propagation-minutes", "15",
                "--auth", "basic,negotiate", "--allow-unencrypted"), true)) {
            SimulatedFleet.turnOffOutlookAnywhereOffloading(
                    simulator.servers().stream().map(s -> s.wsmanUrl().toString()).toList(), USER, PASSWORD);
            // The JVM runs as the image runs it (its entrypoint's options and environment, from the
            // image the build made) and sizes its heap from the memory it may use: the chart's
            // container limit, not the machine's.
            JarProcess operator = JarProcess.start("operator", LOGS, OperatorProcess.jar(), List.of(
                    "--watch-namespaces", NAMESPACE, "--drift-interval", DRIFT_INTERVAL.toSeconds() + "s",
                    "--max-parallel-servers", String.valueOf(MAX_PARALLEL_SERVERS),
                    "--leader-election-namespace", apiServer.operatorNamespace(),
                "--leader-election-lease", ApiServerFixtures.CHART_LEASE, "--log-level", "warn"),
                    Map.of("KUBECONFIG", apiServer.operatorKubeconfig().toString(),
                            "JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + MAX_RAM + " " + image.getProperty("JAVA_OPTIONS"),
                            "MALLOC_ARENA_MAX", image.getProperty("MALLOC_ARENA_MAX")));
            try {
                int resources = 0;
                for (int target : RESOURCE_STEPS) {
                    Instant applied = Instant.now();
                    for (; resources < target; resources++) {
                        create(apiServer, simulator.servers().subList(resources * SERVERS_PER_RESOURCE,
                                (resources + 1) * SERVERS_PER_RESOURCE), "lab-" + resources);
                    }
                    Duration toReady = awaitAllReady(apiServer, simulator, resources);
                    // Past the first drift checks after Ready, which may still record the verification.
                    Thread.sleep(DRIFT_INTERVAL.multipliedBy(2).toMillis());
                    Map<String, String> versionsBefore = resourceVersions(apiServer);
                    long cpuBefore = cpuTicks(operator.pid());
                    int commandsBefore = simulator.get("/commands").size();
                    long windowStart = System.nanoTime();
                    Thread.sleep(DRIFT_INTERVAL.multipliedBy(CHECKS_PER_WINDOW).toMillis());
                    double window = (System.nanoTime() - windowStart) / 1e9;
                    double cpu = (cpuTicks(operator.pid()) - cpuBefore) / 100.0 / window * 100;
                    int commands = simulator.get("/commands").size() - commandsBefore;
                    Map<String, String> versionsAfter = resourceVersions(apiServer);
                    long writes = versionsAfter.entrySet().stream().filter(e -> !e.getValue().equals(versionsBefore.get(e.getKey()))).count();
                    double perResource = (double) commands / (resources * SERVERS_PER_RESOURCE) / CHECKS_PER_WINDOW;
                    double rss = status(operator.pid(), "VmRSS") / 1024.0;
                    long threads = status(operator.pid(), "Threads");
                    // After RSS: the full collection the live set needs would lower what the process held.
                    double[] heap = heapAfterFullGc(operator.pid());
                    // what the live set is made of, for whoever sizes the heap next
                    Path histogram = Path.of("target", "benchmarks", "heap-histogram-" + resources * SERVERS_PER_RESOURCE + "-servers.txt");
                    Files.createDirectories(histogram.getParent());
                    Files.writeString(histogram, jcmd(operator.pid(), "GC.class_histogram").lines().limit(40)
                            .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
                    out.append(String.format(Locale.ROOT, "| %d (%d) | %.0f | %d | %.1f | %d | %.2f (%.0f) | %.0f | %.0f / %.0f |%n",
                            resources * SERVERS_PER_RESOURCE, resources, rss, threads, cpu, writes, perResource,
                            perResource * 12, toReady.toMillis() / 1000.0, heap[0], heap[1]));
                    System.out.print(out);
                    System.out.flush();
                }
            } finally {
                operator.stop();
            }
        }
        out.append(String.format(Locale.ROOT, "%nDrift interval %ds (the default 5 minutes compressed %d×), quiet window"
                + " %d drift intervals; --max-parallel-servers %d; the JVM sees %s of memory (-XX:MaxRAM, the chart's limit)"
                + " and sizes its heap from it; it runs with the image's options (%s) and MALLOC_ARENA_MAX=%s.%n",
                DRIFT_INTERVAL.toSeconds(), 300 / DRIFT_INTERVAL.toSeconds(), CHECKS_PER_WINDOW, MAX_PARALLEL_SERVERS,
                MAX_RAM, image.getProperty("JAVA_OPTIONS"), image.getProperty("MALLOC_ARENA_MAX")));
        Path file = Path.of("target", "benchmarks", "operator-footprint.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.out.print(out);
    }

    private static void create(KubeApiServer apiServer, List<SimulatorProcess.Server> servers, String name) {
        ExchangeSslOffload resource = SimulatedFleet.resource(servers.stream()
                .map(s -> SimulatedFleet.server(s.name(), s.wsmanUrl())).toList());
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        PropagationSpec propagation = new PropagationSpec();
        propagation.setPollInterval("5s");
        resource.getSpec().setPropagation(propagation);
        apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(NAMESPACE).resource(resource).create();
    }

    /** Waits for every resource to be Ready, moving the simulator's clock past the Service Host's pass once AD is set. */
    private static Duration awaitAllReady(KubeApiServer apiServer, SimulatorProcess simulator, int resources) {
        Instant start = Instant.now();
        long[] ready = {0};
        Waits.until(Duration.ofMinutes(20), Duration.ofSeconds(1), () -> {
            List<ExchangeSslOffload> all = apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(NAMESPACE).list().getItems();
            ready[0] = all.stream().filter(r -> reason(r).equals("Offloaded")).count();
            long waiting = all.stream().filter(r -> reason(r).equals("AwaitingPropagation")).count();
            if (ready[0] == resources) {
                return true;
            }
            if (ready[0] + waiting == resources && waiting > 0) {
                simulator.post("/clock/advance?minutes=15");
            }
            return false;
        }, () -> ready[0] + "/" + resources + " Ready after 20 minutes");
        return Duration.between(start, Instant.now());
    }

    private static String reason(ExchangeSslOffload resource) {
        return resource.getStatus() == null ? "" : resource.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus().equals("True") ? "Offloaded" : c.getReason())
                .findFirst().orElse("");
    }

    private static Map<String, String> resourceVersions(KubeApiServer apiServer) {
        Map<String, String> versions = new HashMap<>();
        apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(NAMESPACE).list().getItems()
                .forEach(r -> versions.put(r.getMetadata().getName(), r.getMetadata().getResourceVersion()));
        return versions;
    }

    /** utime + stime of the process, in clock ticks (USER_HZ, 100 on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A number from /proc/PID/status: VmRSS in KiB, Threads. */
    private static long status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElseThrow();
    }

    private static final Pattern GENERATION = Pattern.compile("generation\\s+total (\\d+)K, used (\\d+)K");

    /**
     * The heap's live set and its committed size, in MiB: {@code jcmd GC.run} (a full collection),
     * then the generations' used and total from {@code jcmd GC.heap_info}. What the heap must hold
     * at this many servers, from which its maximum is chosen.
     */
    private static double[] heapAfterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher generation = GENERATION.matcher(jcmd(pid, "GC.heap_info"));
        long total = 0;
        long used = 0;
        while (generation.find()) {
            total += Long.parseLong(generation.group(1));
            used += Long.parseLong(generation.group(2));
        }
        return new double[] {used / 1024.0, total / 1024.0};
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    /** What the image the build made runs the jar with ({@code image/build.sh} writes it to image.env). */
    private static Properties builtImage() throws IOException {
        Path env = Path.of("target", "image", "image.env");
        if (!Files.isRegularFile(env)) {
            throw new IllegalStateException(env + " is missing: the benchmark runs the jar as the image does, and"
                    + " `mvn package` builds the image when umoci is installed (.ci/install-deps.sh)");
        }
        Properties image = new Properties();
        try (var reader = Files.newBufferedReader(env)) {
            image.load(reader);
        }
        return image;
    }
}
