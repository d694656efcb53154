package io.ssloffload.operator.e2e.simulator;

import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.remote.WinRmCasConnector;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.SimClock;
import io.ssloffload.simulator.wsman.CommandLogEntry;
import io.ssloffload.simulator.wsman.CostModel;
import io.ssloffload.simulator.wsman.RequestLogEntry;
import io.ssloffload.simulator.wsman.WsmanOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import io.ssloffload.operator.testing.SimulatedFleet;

/**
 * The operator beside what Exchange admins run today, on the same simulated fleet with the same
 * cost model: Microsoft's SSL-offloading script run over WinRM (server after server, and all at
 * once), a DSC-style consistency check, and one server's critical path as the bound. Each run
 * starts a fresh simulator (manual clock, 15-minute Service Host pass) in the state before
 * offloading; every count comes from the simulator's own logs.
 */
final class OffloadComparison {

    static final Duration DRIFT_INTERVAL = Duration.ofMinutes(5);
    private static final int MAX_RECONCILES = 100;

    private OffloadComparison() {
    }

    /** The time a real server spends per WinRM request, powershell.exe start and Exchange session open. */
    record Costs(Duration perRequest, Duration perPowerShellStart, Duration perSessionOpen) {

        Costs scaled(double factor) {
            return new Costs(scale(perRequest, factor), scale(perPowerShellStart, factor), scale(perSessionOpen, factor));
        }

        private static Duration scale(Duration d, double factor) {
            return Duration.ofNanos(Math.round(d.toNanos() * factor));
        }

        /** The time {@code work} costs on one server when its requests run one after another. */
        Duration of(Work work) {
            return perRequest.multipliedBy(work.requests()).plus(perPowerShellStart.multipliedBy(work.powershellStarts()))
                    .plus(perSessionOpen.multipliedBy(work.sessions()));
        }

        @Override
        public String toString() {
            return perRequest.toMillis() + " ms per WinRM request, " + perPowerShellStart.toMillis()
                    + " ms per PowerShell start, " + perSessionOpen.toMillis() + " ms per Exchange session open";
        }
    }

    /** Remote work as the simulator saw it, summed over servers (or for one server). */
    record Work(int shells, int commands, int requests, int powershellStarts, int sessions, int appPoolRecycles,
                int iisResets) {

        static final Work NONE = new Work(0, 0, 0, 0, 0, 0, 0);

        Work plus(Work o) {
            return new Work(shells + o.shells, commands + o.commands, requests + o.requests,
                    powershellStarts + o.powershellStarts, sessions + o.sessions, appPoolRecycles + o.appPoolRecycles,
                    iisResets + o.iisResets);
        }

        Work minus(Work o) {
            return new Work(shells - o.shells, commands - o.commands, requests - o.requests,
                    powershellStarts - o.powershellStarts, sessions - o.sessions, appPoolRecycles - o.appPoolRecycles,
                    iisResets - o.iisResets);
        }

        /** Per server, as a fraction when servers differ. */
        double[] perServer(int servers) {
            return new double[] {(double) shells / servers, (double) commands / servers, (double) requests / servers,
                (double) sessions / servers};
        }
    }

    /**
     * One operator convergence.
     *
     * @param workTime      wall time of the reconciles that changed something (the first, and the one after the Service Host pass)
     * @param pollTime      wall time of the reconciles in between, which found propagation still pending
     * @param polls         how many of those
     * @param passToReady   simulated time from the last Service Host pass to the reconcile that reported Ready
     * @param work          the whole convergence's remote work, all servers
     * @param firstServer   the work reconciles' remote work on the first server (the critical path's counts)
     * @param driftCheck    one reconcile of the converged fleet with nothing to change, all servers
     * @param driftCheckTime its wall time
     */
    record OperatorRun(Duration workTime, Duration pollTime, int polls, Duration passToReady, Work work,
                       Work firstServer, Work driftCheck, Duration driftCheckTime) {
    }

    /** One run of Microsoft's script over the fleet, then the DSC-style check of the result. */
    record ScriptRun(Duration wallTime, Work work, Work firstServer, Work dscCheck, Duration dscCheckTime) {
    }

    static CasSimulator fleet(int servers, Costs costs) {
        CasSimulator simulator = CasSimulator.builder().servers(servers).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15)
                .manualClock(SimClock.MANUAL_START)
                .costs(new CostModel(costs.perRequest(), costs.perPowerShellStart()))
                .exchangeSessionOpenCost(costs.perSessionOpen()).start();
        try {
            List<String> urls = simulator.servers().stream().map(CasSimulator.ServerAddress::wsmanUrl).toList();
            inParallel(urls, Math.min(urls.size(), 50), url -> {
                SimulatedFleet.turnOffOutlookAnywhereOffloading(List.of(url), SimulatedFleet.USER, SimulatedFleet.PASSWORD);
                return null;
            });
            return simulator;
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** Converges a fresh fleet with the operator's engine, {@code parallel} servers at a time. */
    static OperatorRun operator(int servers, int parallel, Costs costs) {
        ExecutorService executor = Executors.newFixedThreadPool(parallel);
        WinRmCasConnector connector = new WinRmCasConnector(parallel);
        try (CasSimulator simulator = fleet(servers, costs)) {
            OffloadReconciliation reconciliation = new OffloadReconciliation(connector, executor, DRIFT_INTERVAL);
            ExchangeSslOffload resource = SimulatedFleet.resource(simulator);
            String first = simulator.servers().get(0).name();
            Work before = work(simulator);
            Duration workTime = Duration.ZERO;
            Duration pollTime = Duration.ZERO;
            Work firstServer = Work.NONE;
            int polls = 0;
            for (int i = 0; ; i++) {
                if (i == MAX_RECONCILES) {
                    throw new AssertionError("not Ready after " + MAX_RECONCILES + " reconciles: " + resource.getStatus());
                }
                Work firstBefore = work(simulator, first);
                long start = System.nanoTime();
                OffloadReconciliation.Result result = reconciliation.reconcile(resource, SimulatedFleet::secret, simulator.now());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                resource.setStatus(result.status());
                if (result.actions().isEmpty()) {
                    polls++;
                    pollTime = pollTime.plus(took);
                } else {
                    workTime = workTime.plus(took);
                    firstServer = firstServer.plus(work(simulator, first).minus(firstBefore));
                }
                if (ready(resource)) {
                    break;
                }
                // A controller reschedules once the reconcile has finished.
                simulator.advanceClock(result.nextCheck().orElseThrow().plus(took));
            }
            Instant readyAt = simulator.now();
            Duration passToReady = Duration.between(lastServiceHostPass(simulator), readyAt);
            Work work = work(simulator).minus(before);

            simulator.advanceClock(DRIFT_INTERVAL);
            Work beforeCheck = work(simulator);
            long start = System.nanoTime();
            OffloadReconciliation.Result check = reconciliation.reconcile(resource, SimulatedFleet::secret, simulator.now());
            Duration checkTime = Duration.ofNanos(System.nanoTime() - start);
            resource.setStatus(check.status());
            if (!check.actions().isEmpty() || !ready(resource)) {
                throw new AssertionError("the drift check of a converged fleet changed something: " + check.actions());
            }
            return new OperatorRun(workTime, pollTime, polls, passToReady, work, firstServer,
                    work(simulator).minus(beforeCheck), checkTime);
        } finally {
            connector.close();
            executor.shutdownNow();
        }
    }

    /**
     * Runs Microsoft's script on every server of a fresh fleet, {@code parallel} at a time, each
     * in its own WinRM shell as {@code Invoke-Command} would; then, after the Service Host pass,
     * the DSC-style check on every server.
     */
    static ScriptRun script(int servers, int parallel, Costs costs) {
        try (CasSimulator simulator = fleet(servers, costs)) {
            List<String> urls = simulator.servers().stream().map(CasSimulator.ServerAddress::wsmanUrl).toList();
            String first = simulator.servers().get(0).name();
            Work before = work(simulator);
            Work firstBefore = work(simulator, first);
            long start = System.nanoTime();
            inParallel(urls, parallel, url -> runOverWinRm(url, MICROSOFT_SCRIPT));
            Duration wallTime = Duration.ofNanos(System.nanoTime() - start);
            Work work = work(simulator).minus(before);
            Work firstServer = work(simulator, first).minus(firstBefore);
            for (CasSimulator.ServerAddress server : simulator.servers()) {
                CasSnapshot s = simulator.snapshot(server.name());
                if (!s.outlookAnywhere().sslOffloading() || s.location("Default Web Site/owa").map(l -> !"None".equals(l.effectiveSslFlags())).orElse(true)) {
                    throw new AssertionError(server.name() + ": Microsoft's script did not offload: " + s);
                }
            }
            simulator.advanceClock(Duration.ofMinutes(15));
            Work beforeCheck = work(simulator);
            long checkStart = System.nanoTime();
            List<String> verdicts = inParallel(urls, parallel, url -> runOverWinRm(url, DSC_STYLE_CHECK));
            Duration checkTime = Duration.ofNanos(System.nanoTime() - checkStart);
            if (!verdicts.stream().allMatch(v -> v.contains("\"inDesiredState\":true"))) {
                throw new AssertionError("the DSC-style check found the converged fleet out of its desired state: " + verdicts);
            }
            return new ScriptRun(wallTime, work, firstServer, work(simulator).minus(beforeCheck), checkTime);
        }
    }

    static final String MICROSOFT_SCRIPT = resource("microsoft-ssl-offloading.ps1");
    static final String DSC_STYLE_CHECK = resource("dsc-style-check.ps1");

    /** The script without its comment lines (a WinRM command line holds at most 8191 characters). */
    private static String resource(String name) {
        try (InputStream in = OffloadComparison.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One shell, one {@code powershell -EncodedCommand}: what an admin loop does per server. */
    private static String runOverWinRm(String wsmanUrl, String script) {
        return SimulatedFleet.runAsAdmin(wsmanUrl, SimulatedFleet.USER, SimulatedFleet.PASSWORD, script);
    }

    interface Task {
        String run(String url) throws Exception;
    }

    private static List<String> inParallel(List<String> urls, int parallel, Task task) {
        ExecutorService executor = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(executor.submit(() -> task.run(url)));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static boolean ready(ExchangeSslOffload resource) {
        return "True".equals(SimulatedFleet.condition(resource.getStatus().getConditions(), "Ready").getStatus());
    }

    private static Instant lastServiceHostPass(CasSimulator simulator) {
        return simulator.servers().stream().map(s -> simulator.snapshot(s.name()).serviceHostLastPass())
                .map(Instant::parse).max(Instant::compareTo).orElseThrow();
    }

    static Work work(CasSimulator simulator) {
        return simulator.servers().stream().map(s -> work(simulator, s.name())).reduce(Work.NONE, Work::plus);
    }

    static Work work(CasSimulator simulator, String server) {
        List<RequestLogEntry> requests = simulator.requestLog(server);
        List<CommandLogEntry> commands = simulator.commandLog(server);
        CasSnapshot snapshot = simulator.snapshot(server);
        int shells = (int) requests.stream().filter(r -> r.operation() == WsmanOperation.CREATE).count();
        int powershell = (int) commands.stream().filter(c -> c.commandLine().toLowerCase().startsWith("powershell")).count();
        int recycles = snapshot.appPoolRecycles().values().stream().mapToInt(Integer::intValue).sum();
        return new Work(shells, commands.size(), requests.size(), powershell, snapshot.exchangeSessions().totalOpened(),
                recycles, snapshot.iisResets());
    }
}
