package io.ssloffload.operator.e2e.simulator;

import io.ssloffload.simulator.exchange.iis.AppPools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The tables in one run: for each fleet size, the operator (all servers at once, and
 * one at a time) beside Microsoft's script (server after server, and all at once) and the
 * critical-path bound, with the simulator's cost model on. Prints Markdown and writes it to
 * {@code operator/target/benchmarks/offload-comparison.md} (BENCHMARKS.md holds a copy).
 * Asserts no timing; a run that does not converge fails.
 *
 * <pre>
 * mvn -B verify -pl operator -am -Dtest=OffloadComparisonBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest.groups=benchmark -Dtest.excludedGroups= [-Dbench.fleets=1,10,50] [-Dbench.repeats=3] [-Dbench.costScale=0.1]
 *     [-Dbench.oneAtATimeRepeatedUpTo=10]
 * </pre>
 *
 * Costs at scale 1 are 20 ms per WinRM request, 1 s per powershell.exe start and 8 s per Exchange
 * session open; {@code bench.costScale} multiplies all three so a run fits in minutes, and every
 * bound is also given at scale 1.
 */
@Tag("benchmark")
class OffloadComparisonBenchmark {

    static final OffloadComparison.Costs REAL_COSTS =
            new OffloadComparison.Costs(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(8));

    @Test
    void printsTheComparisonTables() throws IOException {
        int[] fleets = Arrays.stream(System.getProperty("bench.fleets", "1,10,50").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int repeats = Integer.getInteger("bench.repeats", 3);
        double scale = Double.parseDouble(System.getProperty("bench.costScale", "0.1"));
        OffloadComparison.Costs costs = REAL_COSTS.scaled(scale);

        // JIT, CXF's WSDL and the interpreter warm up on a discarded run, not in the first figure
        OffloadComparison.operator(1, 1, costs);
        OffloadComparison.script(1, 1, costs);

        StringBuilder out = new StringBuilder();
        out.append("Run ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ").append(machine()).append("\n\n");
        out.append("Cost model at scale 1: ").append(REAL_COSTS).append("; this run: scale ").append(scale).append(" (")
                .append(costs).append("). Each figure: median [min-max] of ").append(repeats).append(" runs.\n");
        for (int servers : fleets) {
            long started = System.nanoTime();
            List<OffloadComparison.OperatorRun> all = repeat(repeats, () -> OffloadComparison.operator(servers, servers, costs));
            // one server at a time takes the fleet size times longer: past bench.oneAtATimeRepeatedUpTo servers, once
            int oneRepeats = servers <= Integer.getInteger("bench.oneAtATimeRepeatedUpTo", 10) ? repeats : 1;
            List<OffloadComparison.OperatorRun> one = repeat(oneRepeats, () -> OffloadComparison.operator(servers, 1, costs));
            List<OffloadComparison.ScriptRun> sequential = repeat(repeats, () -> OffloadComparison.script(servers, 1, costs));
            List<OffloadComparison.ScriptRun> parallel = repeat(repeats, () -> OffloadComparison.script(servers, servers, costs));
            out.append(table(servers, costs, scale, all, one, sequential, parallel));
            out.append(String.format(Locale.ROOT, "%n(%d servers measured in %.0f s)%n",
                    servers, Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0));
            System.out.print(out);
            System.out.flush();
        }
        if (scale != 1.0 && Boolean.parseBoolean(System.getProperty("bench.realScaleCheck", "true"))) {
            out.append(realScaleCheck(costs));
            System.out.print(out);
        }
        Path file = Path.of("target", "benchmarks", "offload-comparison.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.out.println("written to " + file.toAbsolutePath());
    }

    private static String table(int servers, OffloadComparison.Costs costs, double scale,
                                List<OffloadComparison.OperatorRun> all, List<OffloadComparison.OperatorRun> one,
                                List<OffloadComparison.ScriptRun> sequential, List<OffloadComparison.ScriptRun> parallel) {
        OffloadComparison.Work path = all.get(all.size() - 1).firstServer();
        Duration bound = costs.of(path);
        Duration realBound = REAL_COSTS.of(path);
        int pools = AppPools.EXCHANGE_2013.size();
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%n### %d server%s%n%n", servers, servers == 1 ? "" : "s"));
        t.append("| what | operator, all at once | operator, one at a time" + (one.size() < all.size() ? " (1 run)" : "")
                + " | Microsoft's script, server after server "
                + "| Microsoft's script, all in parallel | bound |\n|---|---|---|---|---|---|\n");
        t.append(row("wall time to converge, s (operator: its reconciles that change something)",
                seconds(all, OffloadComparison.OperatorRun::workTime), seconds(one, OffloadComparison.OperatorRun::workTime),
                seconds(sequential, OffloadComparison.ScriptRun::wallTime), seconds(parallel, OffloadComparison.ScriptRun::wallTime),
                String.format(Locale.ROOT, "%.2f (one server's critical path: %d requests, %d PowerShell starts, %d Exchange sessions)",
                        bound.toMillis() / 1000.0, path.requests(), path.powershellStarts(), path.sessions())));
        t.append(row("× bound", ratio(all, OffloadComparison.OperatorRun::workTime, bound),
                ratio(one, OffloadComparison.OperatorRun::workTime, bound),
                ratio(sequential, OffloadComparison.ScriptRun::wallTime, bound),
                ratio(parallel, OffloadComparison.ScriptRun::wallTime, bound), "1"));
        if (scale != 1.0) {
            t.append(row("at scale 1, s: this run's costs taken out, scale 1's put in (× bound at scale 1)",
                    realScale(all, OffloadComparison.OperatorRun::workTime, r -> r.firstServer(), servers, true, costs, realBound),
                    realScale(one, OffloadComparison.OperatorRun::workTime, r -> r.firstServer(), servers, false, costs, realBound),
                    realScale(sequential, OffloadComparison.ScriptRun::wallTime, r -> r.firstServer(), servers, false, costs, realBound),
                    realScale(parallel, OffloadComparison.ScriptRun::wallTime, r -> r.firstServer(), servers, true, costs, realBound),
                    String.format(Locale.ROOT, "%.2f", realBound.toMillis() / 1000.0)));
        }
        t.append(row("propagation polls while waiting for the Service Host (wall s)",
                count(all, r -> r.polls()) + " polls, " + seconds(all, OffloadComparison.OperatorRun::pollTime),
                count(one, r -> r.polls()) + " polls, " + seconds(one, OffloadComparison.OperatorRun::pollTime),
                "none (does not wait)", "none (does not wait)", "-"));
        t.append(row("app pools recycled per server per change",
                perServer(all, r -> r.work().appPoolRecycles(), servers), perServer(one, r -> r.work().appPoolRecycles(), servers),
                perServer(sequential, r -> r.work().iisResets() * pools, servers) + " (iisreset: every pool)",
                perServer(parallel, r -> r.work().iisResets() * pools, servers) + " (iisreset: every pool)",
                "8 (the changed protocols' pools)"));
        t.append(row("IIS resets per server per change", perServer(all, r -> r.work().iisResets(), servers),
                perServer(one, r -> r.work().iisResets(), servers), perServer(sequential, r -> r.work().iisResets(), servers),
                perServer(parallel, r -> r.work().iisResets(), servers), "0"));
        t.append(row("Service Host pass → Ready (simulated time, s)",
                seconds(all, OffloadComparison.OperatorRun::passToReady), seconds(one, OffloadComparison.OperatorRun::passToReady),
                "cannot tell (its iisreset ran before the pass; Rpc's pool is never recycled after it)",
                "cannot tell", "≤ the poll interval (60)"));
        t.append(row("Exchange sessions per server per convergence", perServer(all, r -> r.work().sessions(), servers),
                perServer(one, r -> r.work().sessions(), servers), perServer(sequential, r -> r.work().sessions(), servers),
                perServer(parallel, r -> r.work().sessions(), servers), "1"));
        t.append(row("drift check with nothing to change, per server: shells / commands / HTTP requests / Exchange sessions",
                checks(all, OffloadComparison.OperatorRun::driftCheck, servers),
                checks(one, OffloadComparison.OperatorRun::driftCheck, servers),
                "DSC-style check: " + checks(sequential, OffloadComparison.ScriptRun::dscCheck, servers),
                "DSC-style check: " + checks(parallel, OffloadComparison.ScriptRun::dscCheck, servers), "1 / 1 / - / 0"));
        t.append(row("drift check of the fleet, wall s", seconds(all, OffloadComparison.OperatorRun::driftCheckTime),
                seconds(one, OffloadComparison.OperatorRun::driftCheckTime),
                seconds(sequential, OffloadComparison.ScriptRun::dscCheckTime),
                seconds(parallel, OffloadComparison.ScriptRun::dscCheckTime), "-"));
        return t.toString();
    }

    /** One server at scale 1, once: what the "at scale 1" rows estimate, measured. */
    private static String realScaleCheck(OffloadComparison.Costs costs) {
        OffloadComparison.OperatorRun operator = OffloadComparison.operator(1, 1, REAL_COSTS);
        OffloadComparison.ScriptRun script = OffloadComparison.script(1, 1, REAL_COSTS);
        Duration bound = REAL_COSTS.of(operator.firstServer());
        return String.format(Locale.ROOT, "%n### 1 server at scale 1 (measured once, to check the estimates above)%n%n"
                        + "| what | operator | Microsoft's script | bound |%n|---|---|---|---|%n"
                        + "| wall time to converge, s | %.2f (%.2f×) | %.2f (%.2f×) | %.2f |%n"
                        + "| drift check, s | %.2f | %.2f (DSC-style) | - |%n",
                operator.workTime().toMillis() / 1000.0, (double) operator.workTime().toNanos() / bound.toNanos(),
                script.wallTime().toMillis() / 1000.0, (double) script.wallTime().toNanos() / bound.toNanos(),
                bound.toMillis() / 1000.0, operator.driftCheckTime().toMillis() / 1000.0, script.dscCheckTime().toMillis() / 1000.0);
    }

    private static <T> List<T> repeat(int times, Supplier<T> run) {
        List<T> results = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            results.add(run.get());
        }
        return results;
    }

    private static String row(String what, String... cells) {
        return "| " + what + " | " + String.join(" | ", cells) + " |\n";
    }

    private static <T> String seconds(List<T> runs, Function<T, Duration> figure) {
        return spread(runs.stream().mapToDouble(r -> figure.apply(r).toMillis() / 1000.0).toArray(), "%.2f");
    }

    private static <T> String ratio(List<T> runs, Function<T, Duration> figure, Duration bound) {
        return spread(runs.stream().mapToDouble(r -> (double) figure.apply(r).toNanos() / bound.toNanos()).toArray(), "%.2f×");
    }

    /**
     * The wall time at scale 1: the measured time less the costs this run slept, plus the costs
     * at scale 1 (what is left is the client's and the interpreter's own time, which does not
     * scale). Servers worked at once sleep concurrently: one server's costs count; one after
     * another, every server's.
     */
    private static <T> String realScale(List<T> runs, Function<T, Duration> figure, Function<T, OffloadComparison.Work> oneServer,
                                        int servers, boolean concurrent, OffloadComparison.Costs costs, Duration realBound) {
        int serial = concurrent ? 1 : servers;
        double[] seconds = runs.stream().mapToDouble(r -> {
            OffloadComparison.Work w = oneServer.apply(r);
            return figure.apply(r).toNanos() / 1e9
                    + (REAL_COSTS.of(w).toNanos() - costs.of(w).toNanos()) / 1e9 * serial;
        }).toArray();
        double[] ratios = Arrays.stream(seconds).map(v -> v / (realBound.toNanos() / 1e9)).toArray();
        return spread(seconds, "%.1f") + " (" + spread(ratios, "%.2f×") + ")";
    }

    private static <T> String count(List<T> runs, Function<T, Integer> figure) {
        return spread(runs.stream().mapToDouble(r -> figure.apply(r)).toArray(), "%.0f");
    }

    private static <T> String perServer(List<T> runs, Function<T, Integer> figure, int servers) {
        return spread(runs.stream().mapToDouble(r -> (double) figure.apply(r) / servers).toArray(), "%.2f");
    }

    private static <T> String checks(List<T> runs, Function<T, OffloadComparison.Work> check, int servers) {
        double[] median = new double[4];
        for (int i = 0; i < 4; i++) {
            int index = i;
            median[i] = median(runs.stream().mapToDouble(r -> check.apply(r).perServer(servers)[index]).toArray());
        }
        return Arrays.stream(median).mapToObj(v -> String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.2f", v))
                .collect(Collectors.joining(" / "));
    }

    /** {@code median [min-max]}, or the value alone when every run gave it. */
    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        String median = String.format(Locale.ROOT, format, median(sorted));
        String min = String.format(Locale.ROOT, format, sorted[0]);
        String max = String.format(Locale.ROOT, format, sorted[sorted.length - 1]);
        return min.equals(max) ? median : median + " [" + min + "-" + max + "]";
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        String memory = "unknown memory";
        String load = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse(memory);
            load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the start";
        } catch (IOException | RuntimeException e) {
            // not Linux: the figures stand without the machine's description
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + memory + load
                + ", Java " + System.getProperty("java.version");
    }
}
