package io.ssloffload.operator.e2e.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.WithJars;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SIGKILL sweep through what ships (failsafe, after {@code package}): the operator jar as a
 * process against the real API server, the simulator jar as a process on the wall clock. Each
 * scenario is first run clean to count the WinRM commands the operator sends to its server; then,
 * for every command k, the answer to k is held (its Receive delayed), the operator is killed with
 * SIGKILL once the server has run k, and a fresh process must finish the job. After each position
 * the invariants are checked against the simulator's own state: Ready=True only when every vdir in
 * scope and Rpc are offloaded, AD has SSLOffloading, every app pool whose vdir was written was
 * recycled after the write and Rpc's pool after the Service Host's last copy into Rpc; the
 * first-observed record is what the server held before the run; Set-OutlookAnywhere ran exactly
 * once (AD was reset to SSLOffloading $false before each position). Restore on delete is swept
 * the same way, killed at each command of the restore, and the server must be back as it was.
 * One server per scenario, so the rollout bound (maxUnavailable 1) holds trivially.
 */
@WithJars
@Tag("simulator")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillSweepJarOnApiServerIT {

    private static final String NAMESPACE = "kill-sweep";
    private static final String USER = JarFleetExtension.LAB_USER;
    private static final String PASSWORD = JarFleetExtension.LAB_PASSWORD;
    /**
     * The simulator on the wall clock, so that its change and recycle logs order events; the
     * Service Host's pass is brought forward with POST /clock/advance when one is due. An operator
     * is started for each run.
     */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(KillSweepJarOnApiServerIT.class).watching(NAMESPACE)
            .simulator(JarFleetExtension.labSimulator(3, 0, 0, "--propagation-minutes", "15"), false);
    private static final String SECRET = "sweep-admin";
    private static final String RPC = "Default Web Site/Rpc";
    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";
    private static final String SERVICE_HOST_ORIGIN_PREFIX = "MSExchangeServiceHost";
    /** The protocols in scope, by their Default Web Site location, and the pool that serves each. */
    private static final Map<String, String> POOLS = Map.of(
            "Default Web Site/owa", "MSExchangeOWAAppPool",
            "Default Web Site/ecp", "MSExchangeECPAppPool");
    private static final Map<String, String> SPEC_NAMES = Map.of(
            "Default Web Site/owa", "owa",
            "Default Web Site/ecp", "ecp");
    /** Longer than detecting the held command and killing the process takes. */
    private static final Duration HOLD = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SimulatorProcess simulator;
    private static JarProcess operator;
    private static Instant lastNudge = Instant.EPOCH;
    private static final Instant SWEEP_START = Instant.now();
    private static final Map<String, List<String>> covered = new LinkedHashMap<>();
    private static final List<String> failed = new ArrayList<>();
    /** The commands of the last run (for a restore, of the restore), also when it failed. */
    private static List<String> lastRun = List.of();

    private enum Scenario {
        WAIT("CAS01", "Wait", "Retain"),
        RESTART_SERVICE_HOST("CAS02", "RestartServiceHost", "Retain"),
        RESTORE("CAS03", "RestartServiceHost", "Restore");

        final String server;
        final String strategy;
        final String deletionPolicy;

        Scenario(String server, String strategy, String deletionPolicy) {
            this.server = server;
            this.strategy = strategy;
            this.deletionPolicy = deletionPolicy;
        }

        String prefix() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        simulator = jars.simulator();
        apply(apiServer, OffloadResource.basicAuthSecretYaml(NAMESPACE, SECRET, USER, PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (operator != null && operator.isAlive()) {
            operator.kill();
        }
        int total = covered.values().stream().mapToInt(List::size).sum();
        System.out.println("Kill sweep: " + total + " kill positions in " + Duration.between(SWEEP_START, Instant.now())
                .toSeconds() + " s");
        covered.forEach((scenario, positions) -> System.out.println("  " + scenario + " (" + positions.size() + "): "
                + String.join(", ", positions)));
        System.out.println("  failed positions: " + failed.size());
        failed.forEach(failure -> System.out.println("  FAILED " + failure));
    }

    @Test
    @Order(1)
    void killedAtEveryCommandOfAConvergenceThatWaitsForTheServiceHost(KubeApiServer apiServer) {
        sweepConvergence(apiServer, Scenario.WAIT);
    }

    @Test
    @Order(2)
    void killedAtEveryCommandOfAConvergenceThatRestartsTheServiceHost(KubeApiServer apiServer) {
        sweepConvergence(apiServer, Scenario.RESTART_SERVICE_HOST);
    }

    @Test
    @Order(3)
    void killedAtEveryCommandOfARestoreOnDelete(KubeApiServer apiServer) {
        Scenario scenario = Scenario.RESTORE;
        sweep(scenario, k -> restore(apiServer, scenario, k));
    }

    // ---- the sweeps

    private void sweepConvergence(KubeApiServer apiServer, Scenario scenario) {
        sweep(scenario, k -> converge(apiServer, scenario, k));
    }

    /**
     * The clean run (position 0), then one run per command it sent; every position is run, and the
     * test fails at the end with each position's failure.
     */
    private static void sweep(Scenario scenario, IntFunction<List<String>> run) {
        List<String> failures = new ArrayList<>();
        List<String> clean;
        try {
            clean = run.apply(0);
        } catch (AssertionError e) {
            String message = String.valueOf(e.getMessage());
            failures.add(scenario.prefix() + " clean run (no kill): " + message.substring(0, Math.min(message.length(), 1500)));
            clean = lastRun;
        }
        System.out.println(scenario.prefix() + ": the clean run's commands " + clean);
        assertThat(clean).as("%s: the clean run sends commands", scenario.prefix()).isNotEmpty();
        for (int k = 1; k <= clean.size(); k++) {
            try {
                run.apply(k);
            } catch (AssertionError e) {
                String message = String.valueOf(e.getMessage());
                failures.add(scenario.prefix() + " k=" + k + " (" + clean.get(k - 1) + "): "
                        + message.substring(0, Math.min(message.length(), 1500)));
            }
        }
        failed.addAll(failures);
        assertThat(failures).as("%s: kill positions that broke an invariant", scenario.prefix()).isEmpty();
    }

    /**
     * One convergence from the state before offloading; with {@code killAt} > 0, the answer to
     * that command is held and the operator killed once the server has run it.
     *
     * @return the scripts the server ran until Ready, in order
     */
    private static List<String> converge(KubeApiServer apiServer, Scenario scenario, int killAt) {
        String server = scenario.server;
        String name = scenario.prefix() + (killAt == 0 ? "-clean" : "-k" + killAt);
        Before before = resetServer(server);
        try {
            return convergeFrom(apiServer, scenario, name, before, killAt);
        } finally {
            lastRun = scriptsSince(server, before.commands());
            cleanUp(apiServer, name);
        }
    }

    private static List<String> convergeFrom(KubeApiServer apiServer, Scenario scenario, String name, Before before,
                                             int killAt) {
        String server = scenario.server;
        if (killAt > 0) {
            holdAnswer(server, killAt);
        }
        startOperator();
        apply(apiServer, manifest(name, scenario));
        String position = name;
        if (killAt > 0) {
            position = killAtHeldCommand(apiServer, scenario, name, before, killAt);
        }
        if (position != null) {
            awaitReadyWithTruth(apiServer, scenario, name, before, position);
            checkRecords(apiServer, name, before, position);
        }
        List<String> scripts = scriptsSince(server, before.commands());
        if (killAt == 0) {
            assertOneReceivePerCommand(server, before, name);
        }
        return scripts;
    }

    /**
     * Converges cleanly, then deletes with Restore; with {@code killAt} > 0 the answer to that
     * command of the restore is held and the operator killed once the server has run it.
     *
     * @return the scripts of the restore, in order
     */
    private static List<String> restore(KubeApiServer apiServer, Scenario scenario, int killAt) {
        String server = scenario.server;
        String name = scenario.prefix() + (killAt == 0 ? "-clean" : "-k" + killAt);
        Before before = resetServer(server);
        try {
            return restoreFrom(apiServer, scenario, name, before, killAt);
        } finally {
            cleanUp(apiServer, name);
        }
    }

    private static List<String> restoreFrom(KubeApiServer apiServer, Scenario scenario, String name, Before before,
                                            int killAt) {
        String server = scenario.server;
        startOperator();
        apply(apiServer, manifest(name, scenario));
        awaitReadyWithTruth(apiServer, scenario, name, before, name + " (before the deletion)");
        checkRecords(apiServer, name, before, name + " (before the deletion)");

        int restoreStart = simulator.get("/servers/" + server + "/commands").size();
        Instant restoreClock = clock();
        if (killAt > 0) {
            holdAnswer(server, killAt);
        }
        succeeded(apiServer.kubectl("delete", "exchangessloffload/" + name, "-n", NAMESPACE, "--wait=false"));
        String position = name;
        if (killAt > 0) {
            position = killWhenHeld(apiServer, server, name, restoreStart, killAt, () -> read(apiServer, name).isEmpty());
        }
        String where = position == null ? name : position;
        awaitThat(apiServer, name, where + ": the resource is gone after the restore", Duration.ofMillis(250), () -> {
                    nudgeServiceHost(server);
                    return read(apiServer, name).isEmpty();
                });
        // After the deletion, one Service Host pass puts Rpc back from the restored AD object.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).alias(where + ": Rpc follows the restored AD")
                .until(() -> {
                    nudgeServiceHost(server);
                    return !serviceHostPassDue(server);
                });
        JsonNode after = simulator.get("/servers/" + server);
        SoftAssertions soft = new SoftAssertions();
        for (String location : POOLS.keySet()) {
            soft.assertThat(effective(after, location)).as("%s: %s restored", where, location)
                    .isEqualTo(before.sslFlags().get(location));
        }
        soft.assertThat(effective(after, RPC)).as("%s: Rpc restored", where).isEqualTo(before.sslFlags().get(RPC));
        soft.assertThat(after.get("outlookAnywhere")).as("%s: AD's Outlook Anywhere object restored", where)
                .isEqualTo(before.outlookAnywhere());
        assertRecycledAfterChanges(soft, after, restoreClock, where + " (restore)", false);
        soft.assertAll();
        List<String> scripts = scriptsSince(server, restoreStart);
        if (position != null && killAt > 0) {
            covered.computeIfAbsent(scenario.prefix(), s -> new ArrayList<>()).add(position);
        }
        return scripts;
    }

    /**
     * Waits until the server has run the command whose answer is held, checks nothing came after it,
     * kills the operator, clears the fault and starts a fresh process.
     *
     * @return the kill position's label, or null when the run ended before command {@code killAt}
     */
    private static String killAtHeldCommand(KubeApiServer apiServer, Scenario scenario, String name, Before before,
                                            int killAt) {
        String position = killWhenHeld(apiServer, scenario.server, name, before.commands(), killAt,
                () -> readyCondition(apiServer, name).filter(c -> "True".equals(c.getStatus())).isPresent());
        if (position != null) {
            covered.computeIfAbsent(scenario.prefix(), s -> new ArrayList<>()).add(position);
        }
        return position;
    }

    private static String killWhenHeld(KubeApiServer apiServer, String server, String name, int offset, int killAt,
                                       java.util.function.BooleanSupplier endedFirst) {
        awaitThat(apiServer, name, name + ": the server receives command " + killAt, Duration.ofMillis(100), () -> {
                    nudgeServiceHost(server);
                    return commandsSince(server, offset) >= killAt || endedFirst.getAsBoolean();
                });
        int seen = commandsSince(server, offset);
        if (seen < killAt) {
            simulator.delete("/servers/" + server + "/faults");
            System.out.println(name + ": ended after " + seen + " commands, before command " + killAt);
            return null;
        }
        assertThat(operator.kill()).as("%s: SIGKILL", name).isEqualTo(137);
        simulator.delete("/servers/" + server + "/faults");
        List<String> scripts = scriptsSince(server, offset);
        assertThat(scripts).as("%s: nothing after the held command %d", name, killAt).hasSize(killAt);
        String position = name + "@" + scripts.get(killAt - 1);
        startOperator();
        return position;
    }

    /**
     * Waits for Ready=True, bringing the Service Host's pass forward whenever one would change Rpc,
     * and at that moment checks that Ready tells the truth.
     */
    private static void awaitReadyWithTruth(KubeApiServer apiServer, Scenario scenario, String name, Before before,
                                            String position) {
        awaitThat(apiServer, name, position + ": Ready", Duration.ofMillis(250), () -> {
                    if (readyCondition(apiServer, name).filter(c -> "True".equals(c.getStatus())).isPresent()) {
                        return true;
                    }
                    nudgeServiceHost(scenario.server);
                    return false;
                });
        JsonNode state = simulator.get("/servers/" + scenario.server);
        SoftAssertions soft = new SoftAssertions();
        for (String location : POOLS.keySet()) {
            soft.assertThat(effective(state, location)).as("%s: Ready, so %s does not require SSL", position, location)
                    .isEqualTo("None");
        }
        soft.assertThat(effective(state, RPC)).as("%s: Ready, so Rpc's sslFlags are None", position).isEqualTo("None");
        soft.assertThat(state.get("outlookAnywhere").get("sslOffloading").asBoolean())
                .as("%s: Ready, so AD has SSLOffloading", position).isTrue();
        assertRecycledAfterChanges(soft, state, before.clock(), position, true);
        long sets = scriptsSince(scenario.server, before.commands()).stream().filter(script -> script.contains("set-outlook-anywhere")).count();
        soft.assertThat(sets).as("%s: Set-OutlookAnywhere exactly once (AD held SSLOffloading $false before): %s",
                position, scriptsSince(scenario.server, before.commands())).isEqualTo(1);
        if (!soft.errorsCollected().isEmpty()) {
            System.out.println(position + ": Ready=True, but" + soft.errorsCollected() + diagnostics(apiServer, name));
        }
        soft.assertAll();
    }

    /**
     * Every write to a vdir in scope (not the Service Host's) since {@code since} was followed by a
     * recycle of its pool; with {@code rpc}, Rpc's pool was recycled after the Service Host's last write to Rpc.
     */
    private static void assertRecycledAfterChanges(SoftAssertions soft, JsonNode state, Instant since, String position,
                                                   boolean rpc) {
        List<JsonNode> recycles = new ArrayList<>();
        state.get("recycleLog").forEach(recycles::add);
        Instant lastServiceHostRpcWrite = null;
        for (JsonNode change : state.get("configChanges")) {
            Instant at = Instant.parse(change.get("time").asText());
            if (at.isBefore(since) || !change.get("attribute").asText().equals("sslFlags")) {
                continue;
            }
            String location = change.get("location").asText();
            if (change.get("origin").asText().startsWith(SERVICE_HOST_ORIGIN_PREFIX)) {
                if (location.equalsIgnoreCase(RPC)) {
                    lastServiceHostRpcWrite = at;
                }
                continue;
            }
            String pool = poolOf(location);
            soft.assertThat(pool).as("%s: the operator wrote %s, outside the protocols in scope", position, location)
                    .isNotNull();
            if (pool != null) {
                soft.assertThat(recycledAfter(recycles, pool, at)).as("%s: %s recycled after the write to %s at %s; recycles: %s",
                        position, pool, location, at, recycles).isTrue();
            }
        }
        if (rpc) {
            soft.assertThat(lastServiceHostRpcWrite).as("%s: the Service Host copied the change into Rpc", position)
                    .isNotNull();
            if (lastServiceHostRpcWrite != null) {
                soft.assertThat(recycledAfter(recycles, RPC_POOL, lastServiceHostRpcWrite))
                        .as("%s: %s recycled after the Service Host's write to Rpc at %s; recycles: %s", position, RPC_POOL,
                                lastServiceHostRpcWrite, recycles).isTrue();
            }
        }
    }

    private static boolean recycledAfter(List<JsonNode> recycles, String pool, Instant at) {
        return recycles.stream().anyMatch(r -> r.get("pool").asText().equalsIgnoreCase(pool)
                && !Instant.parse(r.get("time").asText()).isBefore(at));
    }

    private static String poolOf(String location) {
        return POOLS.entrySet().stream().filter(e -> location.equalsIgnoreCase(e.getKey())
                        || location.toLowerCase().startsWith(e.getKey().toLowerCase() + "/"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** first-observed is what the server held before the run; nothing is left in flight; the server is marked changed. */
    private static void checkRecords(KubeApiServer apiServer, String name, Before before, String position) {
        Map<String, String> annotations = read(apiServer, name).orElseThrow().getMetadata().getAnnotations();
        String key = before.server().toLowerCase();
        String firstObserved = annotations.get("ssloffload.io/first-observed." + key);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(firstObserved).as("%s: first-observed recorded: %s", position, annotations).isNotNull();
        soft.assertThat(annotations.get("ssloffload.io/in-flight." + key)).as("%s: nothing in flight once Ready", position)
                .isNullOrEmpty();
        soft.assertThat(annotations).as("%s: the server is marked changed", position)
                .containsKey("ssloffload.io/changed." + key);
        if (firstObserved != null) {
            JsonNode recorded = parse(firstObserved);
            SPEC_NAMES.forEach((location, spec) -> soft.assertThat(recorded.path("sslFlags").path(spec).asText(null))
                    .as("%s: first-observed %s is the original, not the operator's: %s", position, spec, firstObserved)
                    .isEqualTo(before.sslFlags().get(location)));
            JsonNode oa = recorded.path("outlookAnywhere");
            JsonNode original = before.outlookAnywhere();
            soft.assertThat(oa.isObject()).as("%s: first-observed holds AD: %s", position, firstObserved).isTrue();
            for (String field : List.of("sslOffloading", "externalHostname", "internalHostname", "externalClientsRequireSsl",
                    "internalClientsRequireSsl", "externalClientAuthenticationMethod", "internalClientAuthenticationMethod",
                    "iisAuthenticationMethods")) {
                JsonNode was = original.get(field);
                JsonNode kept = oa.get(field);
                soft.assertThat(kept == null || kept.isNull() ? null : kept.toString())
                        .as("%s: first-observed outlookAnywhere.%s is the original: %s", position, field, firstObserved)
                        .isEqualTo(was == null || was.isNull() ? null : was.toString());
            }
        }
        soft.assertAll();
    }

    // ---- the server

    /** What the server held before a position's run, and where its logs stood. */
    private record Before(String server, Map<String, String> sslFlags, JsonNode outlookAnywhere, int commands,
                          int requests, Instant clock) {
    }

    /**
     * The state before offloading, as an admin leaves it: Default Web Site's sslFlags as installed
     * (a cumulative update), Outlook Anywhere's SSLOffloading $false and the Service Host restarted,
     * so that Rpc requires SSL again.
     */
    private static Before resetServer(String server) {
        simulator.delete("/servers/" + server + "/faults");
        simulator.post("/servers/" + server + "/cu-upgrade");
        SimulatedFleet.turnOffOutlookAnywhereOffloading(List.of(simulator.server(server).wsmanUrl().toString()), USER, PASSWORD);
        JsonNode state = simulator.get("/servers/" + server);
        Map<String, String> flags = new LinkedHashMap<>();
        for (String location : POOLS.keySet()) {
            flags.put(location, effective(state, location));
        }
        flags.put(RPC, effective(state, RPC));
        assertThat(flags.get(RPC)).as("%s: Rpc requires SSL before the run", server).isNotEqualTo("None");
        return new Before(server, flags, state.get("outlookAnywhere"),
                simulator.get("/servers/" + server + "/commands").size(),
                simulator.get("/servers/" + server + "/requests").size(), clock());
    }

    /** The Receive of the {@code killAt}-th command from now (one Receive per command) and every later one, held. */
    private static void holdAnswer(String server, int killAt) {
        simulator.post("/servers/" + server + "/faults", """
                {"operation":"Receive","kind":"delay","ms":%d,"nth":%d,"always":true}""".formatted(HOLD.toMillis(), killAt));
    }

    /** Brings the Service Host's next pass forward when it would change Rpc, at most every 3 s. */
    private static void nudgeServiceHost(String server) {
        if (serviceHostPassDue(server) && Instant.now().isAfter(lastNudge.plusSeconds(3))) {
            lastNudge = Instant.now();
            simulator.post("/clock/advance?minutes=16");
        }
    }

    /** AD's SSLOffloading and Rpc's sslFlags disagree: the Service Host's next pass changes Rpc. */
    private static boolean serviceHostPassDue(String server) {
        JsonNode state = simulator.get("/servers/" + server);
        boolean offloading = state.get("outlookAnywhere").get("sslOffloading").asBoolean();
        return offloading != "None".equals(effective(state, RPC));
    }

    private static String effective(JsonNode state, String location) {
        for (JsonNode l : state.get("locations")) {
            if (l.get("path").asText().equalsIgnoreCase(location)) {
                return l.get("effectiveSslFlags").asText();
            }
        }
        throw new AssertionError("no location " + location);
    }

    private static Instant clock() {
        return Instant.parse(simulator.get("/clock").get("now").asText());
    }

    private static int commandsSince(String server, int offset) {
        return simulator.get("/servers/" + server + "/commands").size() - offset;
    }

    /**
     * The operator's commands the server ran since {@code offset}, by the script they run (a script
     * too long for one command line is uploaded in pieces first: those are "upload:" + its name).
     */
    private static List<String> scriptsSince(String server, int offset) {
        List<String> scripts = new ArrayList<>();
        Map<String, StringBuilder> uploads = new LinkedHashMap<>();
        Map<String, List<Integer>> uploadIndices = new LinkedHashMap<>();
        JsonNode commands = simulator.get("/servers/" + server + "/commands");
        for (int i = offset; i < commands.size(); i++) {
            String script = SimulatedFleet.decodedScript(commands.get(i).get("commandLine").asText());
            Matcher upload = UPLOAD.matcher(script);
            Matcher uploaded = RUN_UPLOADED.matcher(script);
            if (upload.find()) {
                uploads.computeIfAbsent(upload.group(1), f -> new StringBuilder()).append(upload.group(2));
                uploadIndices.computeIfAbsent(upload.group(1), f -> new ArrayList<>()).add(scripts.size());
                scripts.add("upload");
            } else if (uploaded.find() && uploads.containsKey(uploaded.group(1))) {
                String name = scriptName(new String(SimulatedFleet.expand(uploads.get(uploaded.group(1)).toString()),
                        StandardCharsets.UTF_8));
                uploadIndices.get(uploaded.group(1)).forEach(index -> scripts.set(index, "upload:" + name));
                scripts.add(name);
            } else {
                scripts.add(scriptName(script));
            }
        }
        return scripts;
    }

    private static final Pattern UPLOAD = Pattern.compile("^Add-Content -Path \\(Join-Path \\$env:TEMP '([^']+)'\\) -Value '([^']*)' -NoNewline");
    private static final Pattern RUN_UPLOADED = Pattern.compile("^\\$file = \\(Join-Path \\$env:TEMP '([^']+)'\\)");

    /**
     * A script's name, from what it does (the operator strips comments): apply.ps1 by the parts its
     * parameters ask for, "+"-joined (apply-iis or, without writes, recycle, with the pools;
     * set-outlook-anywhere; observe-iis), observe-iis with read-outlook-anywhere when it reads AD too.
     */
    private static String scriptName(String script) {
        JsonNode p = SimulatedFleet.scriptParameters(script);
        if (script.contains("Restart-Service -Name MSExchangeServiceHost")) {
            return "restart-service-host";
        } else if (script.contains("Set-Iis $Params")) {
            List<String> pools = new ArrayList<>();
            p.path("appPools").forEach(pool -> pools.add(pool.asText().replace("MSExchange", "").replace("AppPool", "")));
            List<String> parts = new ArrayList<>();
            if (p.path("changes").size() > 0 || p.path("tokenChecking").size() > 0) {
                parts.add("apply-iis(" + String.join("+", pools) + ")");
            } else if (!pools.isEmpty()) {
                parts.add("recycle(" + String.join("+", pools) + ")");
            }
            if (p.path("outlookAnywhere").isObject()) {
                parts.add("set-outlook-anywhere");
            }
            if (p.path("observe").isObject()) {
                parts.add("observe-iis");
            }
            return String.join("+", parts);
        } else if (script.contains("$iis = Get-IisObservation $Params")) {
            return p.path("outlookAnywhere").isTextual() ? "observe-iis+read-outlook-anywhere" : "observe-iis";
        } else if (script.contains("Read-OutlookAnywhere $Params.identity")) {
            return "read-outlook-anywhere";
        } else if (script.toLowerCase().contains("iisreset")) {
            return "iisreset";
        }
        return "other:" + script.lines().filter(l -> !l.startsWith("$Params")).findFirst().orElse("");
    }

    /**
     * What the sweep relies on to hold the k-th command's answer with the k-th Receive: in the
     * clean run, every Command of the operator's was answered by exactly one Receive.
     */
    private static void assertOneReceivePerCommand(String server, Before before, String name) {
        JsonNode requests = simulator.get("/servers/" + server + "/requests");
        List<String> operations = new ArrayList<>();
        for (int i = before.requests(); i < requests.size(); i++) {
            String operation = requests.get(i).path("operation").asText("");
            if (operation.equals("COMMAND") || operation.equals("RECEIVE")) {
                operations.add(operation);
            }
        }
        List<String> paired = new ArrayList<>();
        for (int i = 0; i < operations.size(); i += 2) {
            paired.add(operations.get(i) + (i + 1 < operations.size() ? "+" + operations.get(i + 1) : ""));
        }
        assertThat(paired).as("%s: one Receive per Command: %s", name, operations).containsOnly("COMMAND+RECEIVE");
    }

    // ---- the operator and the resource

    private static void startOperator() {
        if (operator != null && operator.isAlive()) {
            operator.kill();
        }
        operator = jars.startOperator(List.of("--drift-interval", "30s"));
    }

    private static String manifest(String name, Scenario scenario) {
        return OffloadResource.named(NAMESPACE, name).deletionPolicy(DeletionPolicy.valueOf(scenario.deletionPolicy))
                .serverWithHealthCheck(simulator.server(scenario.server)).basicOverHttp(SECRET, "5s")
                .protocols(Protocol.OWA, Protocol.ECP, Protocol.OUTLOOK_ANYWHERE).labOutlookAnywhere(AuthenticationMethod.Ntlm)
                .maxUnavailable(1).propagation("1h", "2s")
                .propagationStrategy(PropagationStrategy.valueOf(scenario.strategy)).yaml();
    }

    private static void apply(KubeApiServer apiServer, String yaml) {
        succeeded(apiServer.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    /** Stops the operator and removes the position's resource without it (its finalizer dropped). */
    private static void cleanUp(KubeApiServer apiServer, String name) {
        if (operator != null && operator.isAlive()) {
            operator.kill();
        }
        if (read(apiServer, name).isPresent()) {
            succeeded(apiServer.kubectl("patch", "exchangessloffload/" + name, "-n", NAMESPACE, "--type=merge",
                    "-p", "{\"metadata\":{\"finalizers\":null}}"));
            apiServer.kubectl("delete", "exchangessloffload/" + name, "-n", NAMESPACE, "--ignore-not-found", "--wait=false");
        }
        await().atMost(WAIT).alias(name + " removed").until(() -> read(apiServer, name).isEmpty());
    }

    private static Optional<ExchangeSslOffload> read(KubeApiServer apiServer, String name) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(name).get());
    }

    private static Optional<Condition> readyCondition(KubeApiServer apiServer, String name) {
        return LabResource.condition(apiServer, NAMESPACE, name, "Ready");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code done} for at most {@link #WAIT}; fails with the resource and the operator's logs, or at once if the operator exits. */
    private static void awaitThat(KubeApiServer apiServer, String name, String what, Duration poll, Callable<Boolean> done) {
        try {
            await().atMost(WAIT).pollInterval(poll).failFast(what + ": the operator exited", () -> !operator.isAlive())
                    .until(done);
        } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(what + ": " + e.getMessage() + diagnostics(apiServer, name), e);
        }
    }

    private static String diagnostics(KubeApiServer apiServer, String name) {
        KubectlResult yaml = apiServer.kubectl("get", "exchangessloffload/" + name, "-n", NAMESPACE, "-o", "yaml");
        return "\n--- " + name + "\n" + yaml.stdout() + yaml.stderr() + "\n" + operator.logs();
    }
}
