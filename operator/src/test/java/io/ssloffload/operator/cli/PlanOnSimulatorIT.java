package io.ssloffload.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ssloffload.operator.cli.ApplyOnSimulatorIT.apply;
import static io.ssloffload.operator.cli.ApplyOnSimulatorIT.exitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code plan} as a user runs it: the built jar as a process, against a simulated fleet started
 * apart from it with credentials from the environment, and with {@code --simulate}. Exit codes
 * as terraform plan's: 0 nothing to change, 2 changes pending, 1 error.
 */
@Tag("simulator")
class PlanOnSimulatorIT {

    @TempDir
    Path temp;

    private CasSimulator simulator;

    @BeforeEach
    void startFleet() {
        simulator = CasSimulator.builder().servers(2).credentials(ApplyOnSimulatorIT.USER, ApplyOnSimulatorIT.PASSWORD)
                .propagationMinutes(15).start();
        LabManifest.beforeOffloading(simulator);
    }

    @AfterEach
    void stopFleet() {
        simulator.close();
    }

    @Test
    void planSaysWhatWouldChangeChangesNothingAndSaysNothingOnceApplied() throws Exception {
        Path file = Files.writeString(temp.resolve("lab.yaml"), LabManifest.resource("lab", simulator, null, "[owa, ecp, outlookAnywhere]", "1s"));
        int commandsBefore = simulator.commandLog("CAS01").size();
        try (JarProcess plan = apply("plan-pending", "plan", "-f", file.toString())) {
            assertEquals(2, exitCode(plan), plan::logs);
            String out = plan.stdout();
            assertTrue(out.matches("(?s).*~ owa +sslFlags +Ssl,Ssl128 -> None.*"), out);
            assertTrue(out.matches("(?s).*~ outlookAnywhere +SSLOffloading +false -> true.*"), out);
            assertTrue(out.contains("! recycle MSExchangeOWAAppPool"), out);
            assertTrue(out.contains("Plan: 2 server(s) to change. Nothing was changed."), out);
            assertFalse((out + plan.stderr()).contains(ApplyOnSimulatorIT.PASSWORD));
        }
        assertTrue(simulator.commandLog("CAS01").size() > commandsBefore, "plan observed the server");
        assertEquals("Ssl,Ssl128", owaFlags("CAS01"), "plan changed nothing");
        assertTrue(simulator.snapshot("CAS01").recycleLog().isEmpty(), "plan recycled nothing");
        assertFalse(simulator.snapshot("CAS01").outlookAnywhere().sslOffloading(), "plan left AD alone");

        try (JarProcess json = apply("plan-json", "plan", "-f", file.toString(), "--output", "json")) {
            assertEquals(2, exitCode(json), json::logs);
            JsonNode document = new ObjectMapper().readTree(json.stdout());
            assertEquals(2, document.get("exitCode").asInt());
            JsonNode cas01 = document.get("resources").get(0).get("servers").get(0);
            assertEquals("CAS01", cas01.get("name").asText());
            assertEquals("changes", document.get("resources").get(0).get("result").asText());
            JsonNode owa = cas01.get("changes").get(0);
            assertEquals(List.of("owa", "sslFlags", "Ssl,Ssl128", "None"), List.of(owa.get("protocol").asText(),
                    owa.get("setting").asText(), owa.get("current").asText(), owa.get("desired").asText()));
        }

        // converge with apply, then plan has nothing to do
        try (JarProcess converge = apply("plan-apply", "apply", "-f", file.toString())) {
            assertEquals(3, exitCode(converge), converge::logs);
        }
        simulator.advanceClock(java.time.Duration.ofMinutes(15));
        try (JarProcess converge = apply("plan-apply-again", "apply", "-f", file.toString())) {
            assertEquals(0, exitCode(converge), converge::logs);
        }
        try (JarProcess plan = apply("plan-none", "plan", "-f", file.toString())) {
            assertEquals(0, exitCode(plan), plan::logs);
            assertTrue(plan.stdout().contains("No changes: the servers match the resources."), plan.stdout());
        }
    }

    @Test
    void planExitsOneOnAnUnreachableServerABadFileAndAUsageError() throws Exception {
        Path unreachable = Files.writeString(temp.resolve("gone.yaml"), LabManifest.resource("gone", simulator, "1", "[owa]", "1s"));
        try (JarProcess plan = apply("plan-unreachable", "plan", "-f", unreachable.toString())) {
            assertEquals(1, exitCode(plan), plan::logs);
            assertTrue(plan.stdout().contains("could not be observed"), plan.stdout());
        }
        Path bad = Files.writeString(temp.resolve("bad.yaml"), "apiVersion: ssloffload.io/v1alpha1\nkind: ExchangeSslOffload\n"
                + "metadata: {name: bad}\nspec: {servers: []}\n");
        try (JarProcess plan = apply("plan-bad", "plan", "-f", bad.toString())) {
            assertEquals(1, exitCode(plan), plan::logs);
            assertTrue(plan.stderr().contains("nothing was changed"), plan.stderr());
        }
        try (JarProcess plan = apply("plan-usage", "plan", "-f", bad.toString(), "--no-such-flag")) {
            assertEquals(1, exitCode(plan), plan::logs);
        }
    }

    /** The README's command: a simulated fleet matching examples/simulator.yaml has everything to change. */
    @Test
    void planWithSimulateShowsTheExamplesChanges() {
        try (JarProcess plan = JarProcess.start("plan-simulate", ApplyOnSimulatorIT.LOGS, ApplyOnSimulatorIT.ROOT,
                ApplyOnSimulatorIT.WITH_SIMULATOR_JAR, List.of("plan", "-f", "examples/simulator.yaml", "--simulate"),
                java.util.Map.of())) {
            assertEquals(2, exitCode(plan), plan::logs);
            assertTrue(plan.stdout().contains("exchange-lab/lab:"), plan.stdout());
            assertTrue(plan.stdout().contains("Plan: 3 server(s) to change. Nothing was changed."), plan.stdout());
        }
    }

    private String owaFlags(String server) {
        return simulator.snapshot(server).location("Default Web Site/owa").orElseThrow().effectiveSslFlags();
    }
}
