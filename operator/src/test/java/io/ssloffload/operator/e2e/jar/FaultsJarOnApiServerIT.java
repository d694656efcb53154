package io.ssloffload.operator.e2e.jar;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.operator.testing.WithJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault campaign through what ships (failsafe, after {@code package}): the operator jar as one
 * or two processes with the chart's RBAC against the real API server, the simulator jar as a
 * process on free ports with its manual clock, kubectl for every change a user makes. The faults
 * that need processes, one scenario each, in order: the operator killed while Outlook Anywhere
 * awaits the Service Host, the API server out of reach for 30 s, a leader killed with a second
 * replica waiting, the account's password rotated (and a Secret wrong from the start), AD reverted
 * behind the operator's back while it waits. Each checks that nothing is lost or done twice, that
 * the status says what is true, and that the resources of the earlier scenarios stay Ready.
 * The {@link FaultsOnSimulatorTest} faults of one WinRM exchange are not repeated here.
 */
@WithJars
@Tag("simulator")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsJarOnApiServerIT {

    private static final String NAMESPACE = "faults-jar";
    private static final String USER = JarFleetExtension.LAB_USER;
    private static final String PASSWORD = JarFleetExtension.LAB_PASSWORD;
    private static final String ROTATED_PASSWORD = "R0tated!2026";
    private static final String WRONG_PASSWORD = "not-the-password";
    private static final String SECRET = "fleet-admin";
    private static final String ROTATING_SECRET = "rotating-admin";
    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";
    private static final String LEASE = ApiServerFixtures.CHART_LEASE;
    private static final Duration DRIFT_INTERVAL = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** After an outage the watch comes back with fabric8's reconnect backoff, up to about 32 s. */
    private static final Duration AFTER_OUTAGE = Duration.ofSeconds(120);
    /** The simulator's Service Host passes every 15 minutes of its manual clock: one jump is past the next. */
    private static final String PAST_THE_NEXT_PASS = "/clock/advance?minutes=16";
    private static final Pattern KUBECONFIG_SERVER = Pattern.compile("server: https://([^:\\s]+):(\\d+)");

    /**
     * CAS01..CAS10, each scenario with servers of its own, as an admin had them before offloading
     * (Outlook Anywhere's SSLOffloading off, Rpc requiring SSL); and another account, so its password
     * can change without touching the fleet's: CAS01, CAS02. Operators are started by the scenarios.
     */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(FaultsJarOnApiServerIT.class).watching(NAMESPACE)
            .simulatorBeforeOffloading(JarFleetExtension.labSimulator(10, 0, 0, "--propagation-minutes", "15"), true)
            .simulator(JarFleetExtension.labSimulator(2, 0, 0), true);
    private static SimulatorProcess fleet;
    private static SimulatorProcess rotating;
    /** Resources a scenario left Ready: every later scenario checks they still are. */
    private static final Set<String> settled = new LinkedHashSet<>();

    @BeforeAll
    static void secrets(KubeApiServer apiServer) {
        fleet = jars.simulator(0);
        rotating = jars.simulator(1);
        apply(apiServer, OffloadResource.documents(secret(SECRET, PASSWORD), secret(ROTATING_SECRET, PASSWORD)));
    }

    /**
     * SIGTERM, as a rolling update sends it: a stop in the middle of a drift look must not leave a
     * status saying servers are unreachable (their work is interrupted, not failed).
     */
    @AfterEach
    void stopOperators(KubeApiServer apiServer) {
        jars.stopOperators();
        assertEarlierScenariosStillReady(apiServer);
    }

    @Test
    @Order(1)
    void anOperatorKilledWhileOutlookAnywhereAwaitsTheServiceHostIsResumedFromStatusByTheNextProcess(
            KubeApiServer apiServer) {
        String name = "resumed";
        List<String> servers = List.of("CAS03", "CAS04");
        Map<String, Integer> recycledBefore = rpcRecycles(servers);
        JarProcess first = startOperator(apiServer.operatorKubeconfig());
        apply(apiServer, manifest(name, SECRET, fleet, servers, List.of(Protocol.OUTLOOK_ANYWHERE), "15m"));

        awaitReady(apiServer, name, c -> "AwaitingPropagation".equals(c.getReason()), "AD set, the Service Host awaited");
        Map<String, String> adChanged = adChangedTimes(apiServer, name);
        for (String server : servers) {
            assertEquals(1, setOutlookAnywhereCount(fleet, server), server);
            assertTrue(fleet.get("/servers/" + server).get("outlookAnywhere").get("sslOffloading").asBoolean(), server);
            assertTrue(adChanged.get(server) != null, () -> server + ": the status holds when AD was set: " + adChanged);
        }

        assertEquals(137, first.kill(), "SIGKILL: no shutdown hook ran");
        int commandsAtKill = fleet.get("/commands").size();
        JarProcess second = startOperator(apiServer.operatorKubeconfig());
        // It has looked at the servers (Rpc's sslFlags, AD), not only started.
        Waits.until(() -> fleet.get("/commands").size() >= commandsAtKill + servers.size(),
                () -> "the new process reads the servers: " + second.logs());
        assertEquals("AwaitingPropagation", readyCondition(apiServer, name).map(Condition::getReason).orElse(null),
                () -> diagnostics(apiServer, name));
        assertEquals(adChanged, adChangedTimes(apiServer, name), "the AD change is the first process's, not redone");
        for (String server : servers) {
            assertEquals(1, setOutlookAnywhereCount(fleet, server), server + ": no second Set-OutlookAnywhere");
        }

        fleet.post(PAST_THE_NEXT_PASS);
        awaitReady(apiServer, name, c -> "True".equals(c.getStatus()), "Ready after the Service Host's pass");
        for (String server : servers) {
            assertEquals(recycledBefore.get(server) + 1, rpcRecycles(List.of(server)).get(server),
                    server + ": " + RPC_POOL + " recycled exactly once");
            assertEquals("None", fleet.effectiveSslFlags(server, "Default Web Site/Rpc"), server);
            assertEquals(1, setOutlookAnywhereCount(fleet, server), server);
        }
        assertTrue(second.isAlive(), second::logs);
        settled.add(name);
    }

    @Test
    @Order(2)
    void theApiServerOutOfReachFor30sNeitherEndsTheOperatorNorLosesWhatChangedMeanwhile(KubeApiServer apiServer)
            throws IOException {
        String drifted = "outage-drift";
        String edited = "outage-edit";
        try (OutageProxy proxy = new OutageProxy(apiServerAddress(apiServer))) {
            // No leader election: what is under test is the watch and the status writes coming back,
            // not a lost Lease (which ends the process, see OperatorMain).
            JarProcess operator = startOperator(proxy.kubeconfig(apiServer));
            apply(apiServer, OffloadResource.documents(manifest(drifted, SECRET, fleet, List.of("CAS05"), List.of(Protocol.OWA), "15m"),
                    manifest(edited, SECRET, fleet, List.of("CAS06"), List.of(Protocol.OWA), "15m")));
            for (String name : List.of(drifted, edited)) {
                awaitReady(apiServer, name, c -> "True".equals(c.getStatus()), "Ready before the outage");
            }
            String buildBefore = server(apiServer, drifted, "CAS05").getExchangeBuild();

            proxy.down();
            Instant outageStart = Instant.now();
            // Both changes go to the API server and the servers themselves, not through the proxy.
            JsonNode upgraded = fleet.post("/servers/CAS05/cu-upgrade?build=CU23");
            String upgradedBuild = upgraded.get("build").asText();
            assertNotEquals(buildBefore, upgradedBuild);
            succeeded(apiServer.kubectl("patch", "exchangessloffload/" + edited, "-n", NAMESPACE, "--type=merge",
                    "-p", "{\"spec\":{\"protocols\":[\"owa\",\"ecp\"]}}"));
            // The drift interval's looks run on, but change nothing they could not first record on the
            // resource (ServerReconciler: the original before the change), so CAS05 waits for the API server.
            Waits.holdsFor(Duration.between(Instant.now(), outageStart.plus(OUTAGE)), Duration.ofSeconds(1),
                    operator::isAlive, () -> "the operator outlives the outage\n" + operator.logs());
            assertTrue(operator.isAlive(), () -> "the operator outlives the outage\n" + operator.logs());
            assertTrue(proxy.refusedConnections() > 0, "the operator tried the API server during the outage");
            proxy.up();

            Waits.until(AFTER_OUTAGE, () -> read(apiServer, drifted).map(r -> upgradedBuild.equals(
                                    server(r, "CAS05").getExchangeBuild()) && ready(r).filter(c -> "True".equals(c.getStatus())).isPresent())
                            .orElse(false),
                    () -> drifted + ": the status after the outage tells of the update and the repair"
                            + diagnostics(apiServer, drifted) + operator.logs());
            Waits.until(AFTER_OUTAGE, () -> read(apiServer, edited).map(r -> ready(r)
                            .filter(c -> "True".equals(c.getStatus()) && r.getStatus().getObservedGeneration() != null
                                    && r.getStatus().getObservedGeneration().equals(r.getMetadata().getGeneration()))
                            .isPresent()).orElse(false),
                    () -> edited + ": the edit made during the outage is converged" + diagnostics(apiServer, edited)
                            + operator.logs());
            assertEquals("None", fleet.effectiveSslFlags("CAS06", "Default Web Site/ecp"));
            assertEquals("Offloaded", protocolCondition(apiServer, edited, "CAS06", "ecp").getReason());
            assertEquals("None", fleet.effectiveSslFlags("CAS05", "Default Web Site/owa"));
            assertTrue(operator.isAlive(), operator::logs);
            assertEarlierScenariosStillReady(apiServer);
        }
        settled.add(drifted);
        settled.add(edited);
    }

    @Test
    @Order(3)
    void aKilledLeadersReplicaTakesOverWithinTheLeaseAndNothingIsDoneTwice(KubeApiServer apiServer) {
        String name = "failover";
        List<String> servers = List.of("CAS07", "CAS08");
        Map<String, Integer> recycledBefore = rpcRecycles(servers);
        JarProcess leader = startReplica(apiServer, "faults-operator-a");
        awaitLeaseHolder(apiServer, "faults-operator-a", leader);
        JarProcess standby = startReplica(apiServer, "faults-operator-b");
        apply(apiServer, manifest(name, SECRET, fleet, servers, List.of(Protocol.OUTLOOK_ANYWHERE, Protocol.OWA), "15m"));
        awaitReady(apiServer, name, c -> "AwaitingPropagation".equals(c.getReason()), "AD set by the leader");
        fleet.post(PAST_THE_NEXT_PASS);
        awaitReady(apiServer, name, c -> "True".equals(c.getStatus()), "Ready under the first leader");
        String actions = NAMESPACE + "/" + name + " CAS07: ";
        assertThat(output(leader)).as(leader::logs).contains(actions);
        assertThat(output(standby))
                .as(() -> "the standby reconciles nothing\n" + standby.logs())
                .doesNotContain(NAMESPACE + "/" + name);
        assertEquals("faults-operator-a", leaseHolder(apiServer));

        assertEquals(137, leader.kill());
        Instant killed = Instant.now();
        succeeded(apiServer.kubectl("patch", "exchangessloffload/" + name, "-n", NAMESPACE, "--type=merge",
                "-p", "{\"spec\":{\"protocols\":[\"outlookAnywhere\",\"owa\",\"ecp\"]}}"));
        awaitLeaseHolder(apiServer, "faults-operator-b", standby);
        Lease lease = lease(apiServer);
        Duration takeover = Duration.between(killed, Instant.now());
        int leaseSeconds = lease.getSpec().getLeaseDurationSeconds();
        assertTrue(takeover.compareTo(Duration.ofSeconds(leaseSeconds + 10L)) <= 0,
                () -> "taken over in " + takeover + ", the Lease lasts " + leaseSeconds + " s");
        Waits.until(() -> read(apiServer, name).map(r -> ready(r).filter(c -> "True".equals(c.getStatus())).isPresent()
                        && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration())).orElse(false),
                () -> "the new leader converges the edit" + diagnostics(apiServer, name) + standby.logs());
        for (String server : servers) {
            assertEquals("None", fleet.effectiveSslFlags(server, "Default Web Site/ecp"), server);
            assertEquals(1, setOutlookAnywhereCount(fleet, server), server + ": no second Set-OutlookAnywhere");
            assertEquals(recycledBefore.get(server) + 1, rpcRecycles(List.of(server)).get(server), server);
        }
        assertThat(output(standby)).as(() -> "the new leader did the ecp change\n" + standby.logs()).contains(actions);
        assertEarlierScenariosStillReady(apiServer);
        settled.add(name);
    }

    @Test
    @Order(4)
    void aRotatedPasswordStallsTrulyUntilTheSecretFollowsAndAWrongSecretIsFixedInPlace(KubeApiServer apiServer) {
        String name = "rotated";
        String wrong = "wrong-secret";
        JarProcess operator = startOperator(apiServer.operatorKubeconfig());
        apply(apiServer, manifest(name, ROTATING_SECRET, rotating, List.of("CAS01"), List.of(Protocol.OWA), "15m"));
        awaitReady(apiServer, name, c -> "True".equals(c.getStatus()), "Ready with the first password");

        rotating.post("/password", "{\"user\":\"" + USER + "\",\"password\":\"" + ROTATED_PASSWORD + "\"}");
        Condition stalled = awaitCondition(apiServer, name, "Stalled", c -> "True".equals(c.getStatus()),
                "the next look (drift interval) meets the new password");
        assertEquals("AuthenticationFailed", stalled.getReason(), stalled::toString);
        assertThat(stalled.getMessage()).as(stalled::getMessage).contains("CAS01");
        assertEquals("False", readyCondition(apiServer, name).orElseThrow().getStatus());
        Condition owa = protocolCondition(apiServer, name, "CAS01", "owa");
        assertEquals(List.of("Unknown", "Unreachable"), List.of(owa.getStatus(), owa.getReason()),
                () -> "not offloaded as far as anyone can tell: " + owa);
        assertEarlierScenariosStillReady(apiServer);

        long pid = operator.pid();
        apply(apiServer, secret(ROTATING_SECRET, ROTATED_PASSWORD));
        awaitReady(apiServer, name, c -> "True".equals(c.getStatus()), "Ready once the Secret has the new password");
        assertEquals("False", condition(apiServer, name, "Stalled").orElseThrow().getStatus());
        assertTrue(operator.isAlive() && operator.pid() == pid, "the same process, not restarted");

        // 401 from the start: a Secret with the wrong password, fixed afterwards.
        apply(apiServer, OffloadResource.documents(secret(wrong, WRONG_PASSWORD),
                manifest(wrong, wrong, rotating, List.of("CAS02"), List.of(Protocol.OWA), "15m")));
        Condition refused = awaitCondition(apiServer, wrong, "Stalled", c -> "True".equals(c.getStatus()),
                "a wrong password stalls");
        assertEquals("AuthenticationFailed", refused.getReason(), refused::toString);
        assertEquals("Ssl,Ssl128", rotating.effectiveSslFlags("CAS02", "Default Web Site/owa"), "nothing was changed");
        apply(apiServer, secret(wrong, ROTATED_PASSWORD));
        awaitReady(apiServer, wrong, c -> "True".equals(c.getStatus()), "Ready once the Secret is fixed");
        assertEquals("None", rotating.effectiveSslFlags("CAS02", "Default Web Site/owa"));
        assertTrue(operator.isAlive() && operator.pid() == pid, operator::logs);
        String logs = output(operator);
        for (String password : List.of(PASSWORD, ROTATED_PASSWORD, WRONG_PASSWORD)) {
            assertThat(logs).as("no password in the operator's output").doesNotContain(password);
        }
        assertEarlierScenariosStillReady(apiServer);
        settled.add(name);
        settled.add(wrong);
    }

    @Test
    @Order(5)
    void adRevertedWhileAwaitingPropagationIsReadAgainAtTheDeadlineAndSetAgainNotLeftOverdue(KubeApiServer apiServer) {
        String name = "reverted";
        String server = "CAS09";
        int recycledBefore = rpcRecycles(List.of(server)).get(server);
        JarProcess operator = startOperator(apiServer.operatorKubeconfig());
        // A deadline of 30 s real time: the Service Host, on the manual clock, never passes by itself.
        apply(apiServer, manifest(name, SECRET, fleet, List.of(server), List.of(Protocol.OUTLOOK_ANYWHERE), "30s"));
        awaitReady(apiServer, name, c -> "AwaitingPropagation".equals(c.getReason()), "AD set, the Service Host awaited");
        String firstSet = adChangedTimes(apiServer, name).get(server);
        assertEquals(1, setOutlookAnywhereCount(fleet, server));

        // Behind the operator's back, over WinRM as an admin does: SSLOffloading $false, Service Host restarted.
        SimulatedFleet.turnOffOutlookAnywhereOffloading(List.of(fleet.server(server).wsmanUrl().toString()), USER, PASSWORD);
        assertFalse(fleet.get("/servers/" + server).get("outlookAnywhere").get("sslOffloading").asBoolean());
        Waits.until(Duration.ofSeconds(90), () -> setOutlookAnywhereCount(fleet, server) == 2,
                () -> server + ": AD looked at again at the deadline and set again" + diagnostics(apiServer, name));
        assertTrue(fleet.get("/servers/" + server).get("outlookAnywhere").get("sslOffloading").asBoolean(), "set again");
        Waits.until(() -> !firstSet.equals(adChangedTimes(apiServer, name).get(server)),
                () -> "the status tells of the second change" + diagnostics(apiServer, name));
        Condition state = protocolCondition(apiServer, name, server, "outlookAnywhere");
        assertEquals("AwaitingPropagation", state.getReason(), () -> "waiting again, not overdue: " + state);

        fleet.post(PAST_THE_NEXT_PASS);
        awaitReady(apiServer, name, c -> "True".equals(c.getStatus()), "Ready after the Service Host's pass");
        assertEquals(recycledBefore + 1, rpcRecycles(List.of(server)).get(server), RPC_POOL + " recycled exactly once");
        assertEquals("None", fleet.effectiveSslFlags(server, "Default Web Site/Rpc"));
        assertEquals(2, setOutlookAnywhereCount(fleet, server), "set twice: once, and once after the revert");
        assertTrue(operator.isAlive(), operator::logs);
        assertEarlierScenariosStillReady(apiServer);
    }

    // ---- the operator processes

    /** Without leader election. */
    private static JarProcess startOperator(Path kubeconfig) {
        return start(kubeconfig, List.of(), "faults-operator");
    }

    /** @param hostname the pod name a replica has: the Lease holder's identity */
    private static JarProcess startReplica(KubeApiServer apiServer, String hostname) {
        return start(apiServer.operatorKubeconfig(), List.of("--leader-election-namespace", apiServer.operatorNamespace(),
                "--leader-election-lease", ApiServerFixtures.CHART_LEASE),
                hostname);
    }

    private static JarProcess start(Path kubeconfig, List<String> more, String hostname) {
        List<String> arguments = new ArrayList<>(List.of("--drift-interval", DRIFT_INTERVAL.toSeconds() + "s"));
        arguments.addAll(more);
        return jars.startOperator(kubeconfig, jars.logs(), arguments, Map.of("HOSTNAME", hostname));
    }

    private static String output(JarProcess process) {
        return process.stdout() + process.stderr();
    }

    private static Lease lease(KubeApiServer apiServer) {
        return apiServer.adminClient().leases().inNamespace(apiServer.operatorNamespace()).withName(LEASE).get();
    }

    private static String leaseHolder(KubeApiServer apiServer) {
        Lease lease = lease(apiServer);
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void awaitLeaseHolder(KubeApiServer apiServer, String identity, JarProcess operator) {
        Waits.until(() -> identity.equals(leaseHolder(apiServer)),
                () -> "the Lease held by " + identity + ", not " + leaseHolder(apiServer) + "\n" + operator.logs());
    }

    // ---- the resources

    private static String secret(String name, String password) {
        return OffloadResource.basicAuthSecretYaml(NAMESPACE, name, USER, password);
    }

    /**
     * A resource for {@code servers} of {@code simulator}, Basic over http as a lab has it, every
     * server at once; Outlook Anywhere's settings when it is among the protocols.
     */
    private static String manifest(String name, String secret, SimulatorProcess simulator, List<String> servers,
                                   List<Protocol> protocols, String propagationTimeout) {
        OffloadResource resource = OffloadResource.named(NAMESPACE, name).basicOverHttp(secret, "5s")
                .protocols(protocols.toArray(Protocol[]::new)).maxUnavailable("100%").propagation(propagationTimeout, "2s");
        servers.stream().map(simulator::server).forEach(resource::serverWithHealthCheck);
        if (protocols.contains(Protocol.OUTLOOK_ANYWHERE)) {
            resource.labOutlookAnywhere(AuthenticationMethod.Ntlm);
        }
        return resource.yaml();
    }

    private static void apply(KubeApiServer apiServer, String yaml) {
        succeeded(apiServer.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    private static Optional<ExchangeSslOffload> read(KubeApiServer apiServer, String name) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(name).get());
    }

    private static Optional<Condition> ready(ExchangeSslOffload resource) {
        return resource.getStatus() == null ? Optional.empty() : resource.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst();
    }

    private static Optional<Condition> readyCondition(KubeApiServer apiServer, String name) {
        return condition(apiServer, name, "Ready");
    }

    private static Optional<Condition> condition(KubeApiServer apiServer, String name, String type) {
        return LabResource.condition(apiServer, NAMESPACE, name, type);
    }

    private static Condition awaitCondition(KubeApiServer apiServer, String name, String type,
                                            Predicate<Condition> expected, String what) {
        return LabResource.awaitCondition(apiServer, NAMESPACE, name, type, expected,
                () -> " (" + what + ")" + diagnostics(apiServer, name));
    }

    private static void awaitReady(KubeApiServer apiServer, String name, Predicate<Condition> expected,
                                   String what) {
        awaitCondition(apiServer, name, "Ready", expected, what);
    }

    private static ServerStatus server(KubeApiServer apiServer, String name, String server) {
        return server(read(apiServer, name).orElseThrow(), server);
    }

    private static ServerStatus server(ExchangeSslOffload resource, String server) {
        return resource.getStatus() == null ? new ServerStatus() : resource.getStatus().getServers().stream()
                .filter(s -> server.equals(s.getName())).findFirst().orElseGet(ServerStatus::new);
    }

    private static Condition protocolCondition(KubeApiServer apiServer, String name, String server, String protocol) {
        return server(apiServer, name, server).getConditions().stream().filter(c -> c.getType().equals(protocol))
                .findFirst().orElseThrow(() -> new AssertionError(server + " has no " + protocol + " condition"
                        + diagnostics(apiServer, name)));
    }

    /** Each server's {@code status.servers[].outlookAnywhere.adChangedTime}: when the operator last set AD. */
    private static Map<String, String> adChangedTimes(KubeApiServer apiServer, String name) {
        Map<String, String> times = new TreeMap<>();
        read(apiServer, name).filter(r -> r.getStatus() != null).ifPresent(r -> r.getStatus().getServers().forEach(s ->
                times.put(s.getName(), s.getOutlookAnywhere() == null ? null : s.getOutlookAnywhere().getAdChangedTime())));
        return times;
    }

    private static void assertEarlierScenariosStillReady(KubeApiServer apiServer) {
        for (String name : settled) {
            assertEquals("True", readyCondition(apiServer, name).map(Condition::getStatus).orElse(null),
                    () -> name + ", of an earlier scenario, is unaffected" + diagnostics(apiServer, name));
        }
    }

    // ---- the servers

    /** The operator's Set-OutlookAnywhere scripts the server received (not an admin's own). */
    private static long setOutlookAnywhereCount(SimulatorProcess simulator, String server) {
        long count = 0;
        for (JsonNode command : simulator.get("/servers/" + server + "/commands")) {
            if (SimulatedFleet.setsOutlookAnywhere(SimulatedFleet.decodedScript(command.get("commandLine").asText()))) {
                count++;
            }
        }
        return count;
    }

    private static Map<String, Integer> rpcRecycles(List<String> servers) {
        Map<String, Integer> recycles = new TreeMap<>();
        for (String server : servers) {
            recycles.put(server, fleet.get("/servers/" + server).get("appPoolRecycles").path(RPC_POOL).asInt(0));
        }
        return recycles;
    }

    private static String diagnostics(KubeApiServer apiServer, String name) {
        return jars.diagnostics(name);
    }

    private static InetSocketAddress apiServerAddress(KubeApiServer apiServer) throws IOException {
        Matcher server = KUBECONFIG_SERVER.matcher(Files.readString(apiServer.operatorKubeconfig()));
        assertTrue(server.find(), "the kubeconfig names its server");
        return new InetSocketAddress(server.group(1), Integer.parseInt(server.group(2)));
    }

    /**
     * A TCP proxy in front of the API server, so the operator's connections can be cut without
     * stopping the API server the other tests share: while down, open connections are closed and
     * new ones are accepted and closed at once, as a node that lost the control plane sees it.
     * TLS passes through untouched (the kubeconfig skips verification, the token is the operator's).
     */
    private static final class OutageProxy implements AutoCloseable {
        private final InetSocketAddress target;
        private final ServerSocket listener;
        private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "outage-proxy");
            thread.setDaemon(true);
            return thread;
        });
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile boolean down;
        private volatile int refused;

        OutageProxy(InetSocketAddress target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.submit(this::accept);
        }

        /** The operator's kubeconfig with this proxy as its server, in a file of its own (it holds a token). */
        Path kubeconfig(KubeApiServer apiServer) throws IOException {
            String original = Files.readString(apiServer.operatorKubeconfig());
            Path file = Files.createTempFile("operator-via-proxy", ".kubeconfig",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, KUBECONFIG_SERVER.matcher(original)
                    .replaceFirst("server: https://127.0.0.1:" + listener.getLocalPort()));
            return file;
        }

        void down() {
            down = true;
            open.forEach(OutageProxy::closeQuietly);
        }

        void up() {
            down = false;
        }

        int refusedConnections() {
            return refused;
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (down) {
                        refused++;
                        closeQuietly(client);
                        continue;
                    }
                    Socket server = new Socket();
                    server.connect(target, 5_000);
                    open.add(client);
                    open.add(server);
                    threads.submit(() -> pipe(client, server));
                    threads.submit(() -> pipe(server, client));
                } catch (IOException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                }
            }
        }

        private void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other direction, or down(), closed the pair
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already broken: closed is what was wanted
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            open.forEach(OutageProxy::closeQuietly);
            threads.shutdownNow();
        }
    }
}
