package io.ssloffload.operator.cli;

import io.ssloffload.operator.shipped.JarProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's own jar carries no simulator: {@code --simulate} there is the command's usage
 * error, one line naming the jar that can, before anything is read or started.
 */
class SimulateOnOperatorJarIT {

    private static final String ERROR = "error: --simulate needs exchange-ssl-offload-operator-with-simulator.jar "
            + "(built beside this one): this jar is the operator alone, without the simulator";

    @Test
    void applyWithSimulateIsAUsageErrorNamingTheJarBesideIt() {
        assertRefused("apply-simulate-operator-jar", List.of("apply", "-f", "examples/simulator.yaml", "--simulate", "--wait"), 2);
        assertTrue(Files.isRegularFile(ApplyOnSimulatorIT.ROOT.resolve(ApplyOnSimulatorIT.WITH_SIMULATOR_JAR)),
                "the jar the error names is built beside the operator's");
    }

    /** plan's usage error is 1: its 2 says that changes are pending. */
    @Test
    void planWithSimulateIsPlansUsageError() {
        assertRefused("plan-simulate-operator-jar", List.of("plan", "-f", "examples/simulator.yaml", "--simulate"), 1);
    }

    private static void assertRefused(String name, List<String> arguments, int usageError) {
        try (JarProcess simulate = JarProcess.start(name, ApplyOnSimulatorIT.LOGS, ApplyOnSimulatorIT.ROOT,
                ApplyOnSimulatorIT.JAR, arguments, Map.of())) {
            assertEquals(usageError, ApplyOnSimulatorIT.exitCode(simulate), simulate::logs);
            assertEquals(List.of(ERROR), simulate.stderr().lines().toList());
            assertEquals("", simulate.stdout(), "nothing read, nothing started");
        }
    }
}
