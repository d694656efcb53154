package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.convergence.SecretSources;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code apply} without {@code --simulate}, as a user runs it against servers of their own: the
 * built jar, credentials from the environment, a simulated fleet started apart from it.
 */
@Tag("simulator")
class ApplyOnSimulatorIT {

    static final String USER = "lab-operator";
    static final String PASSWORD = "Env!Only-7f3a";
    static final Map<String, String> CREDENTIALS = Map.of(
            SecretSources.USERNAME_VARIABLE, USER, SecretSources.PASSWORD_VARIABLE, PASSWORD);
    static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    /** The repository root: failsafe runs in the operator module. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The jars as the README names them, run from the root: the operator's own, and the one that can --simulate. */
    static final Path JAR = Path.of("operator", "target", "exchange-ssl-offload-operator.jar");
    static final Path WITH_SIMULATOR_JAR = JAR.resolveSibling(FleetOptions.WITH_SIMULATOR_JAR);
    static final Path LOGS = Path.of("target", "apply-it").toAbsolutePath();

    @TempDir
    Path temp;

    private CasSimulator simulator;

    @BeforeEach
    void startFleet() {
        simulator = CasSimulator.builder().servers(2).credentials(USER, PASSWORD).propagationMinutes(15).start();
        // Outlook Anywhere requires SSL, so IIS must wait for the Service Host
        LabManifest.beforeOffloading(simulator);
    }

    @AfterEach
    void stopFleet() {
        simulator.close();
    }

    /** A resource for the running fleet, with the given protocols list (YAML flow style) or all. */
    private Path resource(String name, String protocols, String serverPortOverride) throws IOException {
        return Files.writeString(temp.resolve(name + ".yaml"),
                LabManifest.resource(name, simulator, serverPortOverride, protocols, "1s"));
    }

    static JarProcess apply(String name, String... arguments) {
        return JarProcess.start(name, LOGS, ROOT, JAR, List.of(arguments), CREDENTIALS);
    }

    static int exitCode(JarProcess apply) {
        return apply.awaitExit(RUN_LIMIT).orElseThrow(() -> new AssertionError("still running\n" + apply.logs()));
    }

    private static void assertNoPassword(JarProcess apply) {
        assertFalse((apply.stdout() + apply.stderr()).contains(PASSWORD), "the password must not appear in the output");
    }

    private String owaFlags(String server) {
        return simulator.snapshot(server).location("Default Web Site/owa").orElseThrow().effectiveSslFlags();
    }

    @Test
    void withoutWaitItStopsShortWhilePropagationIsPendingAndWithWaitItSleepsUntilTheServiceHostsPass() throws Exception {
        Path file = resource("lab", null, null);
        try (JarProcess once = apply("env-once", "apply", "-f", file.toString())) {
            assertEquals(3, exitCode(once), once::logs);
            String out = once.stdout();
            assertTrue(out.contains("credentials from the environment (SSLO_USERNAME, SSLO_PASSWORD)"), out);
            assertTrue(out.contains("stopped short, not waiting (no --wait)"), out);
            assertTrue(out.contains("lab/lab: stopped short, 0/2 servers ready: AwaitingPropagation"), out);
            assertNoPassword(once);
        }
        assertEquals("None", owaFlags("CAS01"), "one pass's worth of convergence was done");
        assertEquals("None", owaFlags("CAS02"));

        try (JarProcess waiting = apply("env-wait", "apply", "-f", file.toString(), "--wait")) {
            waiting.awaitOutput(output -> output.contains("--wait: checking again"), "waiting", RUN_LIMIT);
            int commandsWhileWaiting = simulator.commandLog("CAS01").size();
            Thread.sleep(3_000);
            int polls = simulator.commandLog("CAS01").size() - commandsWhileWaiting;
            assertTrue(polls >= 1 && polls <= 4, "polls at the 1s poll interval, never busy: " + polls + " commands in 3s");
            simulator.advanceClock(Duration.ofMinutes(15));

            assertEquals(0, exitCode(waiting), waiting::logs);
            String out = waiting.stdout();
            assertTrue(out.contains("lab/lab: converged, 2/2 servers offloaded"), out);
            assertTrue(out.matches("(?s).*CAS02 +outlookAnywhere +AwaitingPropagation -> Offloaded\n.*"), out);
            assertNoPassword(waiting);
        }
        assertEquals("None", simulator.snapshot("CAS01").location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags());
    }

    @Test
    void aRefusedMrsProxyStopsShortEvenWithWaitAndTheRestIsOffloaded() throws Exception {
        Path file = resource("refusal", "[owa, mrsProxy]", null);
        try (JarProcess apply = apply("env-refused", "apply", "-f", file.toString(), "--wait")) {
            assertEquals(3, exitCode(apply), apply::logs);
            String out = apply.stdout();
            assertTrue(out.matches("(?s).*CAS01 +mrsProxy +\\(new\\) -> Refused: .*SSL bridging.*"), out);
            assertTrue(out.matches("(?s).*CAS01 +owa +\\(new\\) -> Offloaded\n.*"), out);
            assertTrue(out.contains("lab/refusal: stopped short"), out);
            assertFalse(out.contains("--wait: checking again"), "a refusal is final: nothing to wait for\n" + out);
            assertNoPassword(apply);
        }
        assertEquals("None", owaFlags("CAS01"));
    }

    @Test
    void aBadFileIsAnErrorAndNothingIsChanged() throws Exception {
        Path file = resource("bad", null, "70000");
        try (JarProcess apply = apply("env-bad", "apply", "-f", file.toString(), "--wait")) {
            assertEquals(1, exitCode(apply), apply::logs);
            assertTrue(apply.stderr().contains("lab/bad: spec.servers[0].port"), apply.logs());
            assertTrue(apply.stderr().contains("nothing was changed"), apply.logs());
            assertNoPassword(apply);
        }
        for (String server : List.of("CAS01", "CAS02")) {
            assertTrue(simulator.commandLog(server).isEmpty(), server + " was not contacted");
            assertEquals("Ssl,Ssl128", owaFlags(server));
        }
    }

    /**
     * Two resources of one file naming the same server, or a later resource whose CA Secret is
     * missing: apply refuses the whole file before any server is touched (exit 1), as plan and the
     * cluster refuse a claimed server, instead of letting both set Outlook Anywhere or stopping
     * after the first resource changed its servers.
     */
    @Test
    void aFileWithAConflictingClaimOrAMissingSecretIsRefusedBeforeAnyServerIsTouched() throws Exception {
        String first = LabManifest.resource("first", simulator, null, "[owa]", "1s");
        String second = LabManifest.resource("second", simulator, null, "[ecp]", "1s");
        Path claimed = Files.writeString(temp.resolve("claimed.yaml"), first + "---\n" + second);
        try (JarProcess apply = apply("env-claimed", "apply", "-f", claimed.toString(), "--wait")) {
            assertEquals(1, exitCode(apply), apply::logs);
            assertThat(apply.stdout()).contains("lab/second  stopped short, refused before any server was changed")
                    .contains("ServerClaimed");
            assertNoPassword(apply);
        }
        String missingCa = second.replace("    credentialsSecretRef:\n", "    caSecretRef:\n      name: no-such-ca\n"
                + "    credentialsSecretRef:\n").replace("transport: http", "transport: https").replace("authentication: basic", "authentication: ntlm")
                .replace("    allowUnencrypted: true\n", "")
                .replace("name: second", "name: third");
        String onlyCas02 = missingCa.replaceAll("(?s)  - name: CAS01\n    address: 127.0.0.1\n    port: \\d+\n", "");
        String onlyCas01 = first.replaceAll("(?s)  - name: CAS02\n    address: 127.0.0.1\n    port: \\d+\n", "");
        Path missing = Files.writeString(temp.resolve("missing.yaml"), onlyCas01 + "---\n" + onlyCas02);
        try (JarProcess apply = apply("env-missing-ca", "apply", "-f", missing.toString(), "--wait")) {
            assertEquals(1, exitCode(apply), apply::logs);
            assertThat(apply.stdout()).contains("lab/first  stopped short, refused before any server was changed")
                    .contains("another resource in the file was refused (lab/third:");
            assertNoPassword(apply);
        }
        for (String server : List.of("CAS01", "CAS02")) {
            assertThat(simulator.commandLog(server)).as(server + " was not contacted").isEmpty();
            assertEquals("Ssl,Ssl128", owaFlags(server));
        }
    }
}
