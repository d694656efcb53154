package io.ssloffload.operator.e2e.simulator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison benchmark's runs on one server with no costs, so its code keeps working in CI:
 * the counts its tables report, asserted. {@link OffloadComparisonBenchmark} runs them at scale.
 */
@Tag("simulator")
class OffloadComparisonSmokeTest {

    private static final OffloadComparison.Costs FREE = new OffloadComparison.Costs(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    @Test
    void operatorRecyclesOnlyChangedProtocolsAndChecksDriftWithOneCommandAndNoExchangeSession() {
        OffloadComparison.OperatorRun run = OffloadComparison.operator(1, 1, FREE);

        // seven Default Web Site protocols, then the Rpc pool once Outlook Anywhere has reached IIS
        assertEquals(8, run.work().appPoolRecycles());
        assertEquals(0, run.work().iisResets());
        // two: AD read first (its original recorded before any set), then Set-OutlookAnywhere with AD read before and
        // after in its session; none after the Service Host's pass
        assertEquals(2, run.work().sessions());
        assertEquals(new OffloadComparison.Work(1, 1, run.driftCheck().requests(), 1, 0, 0, 0), run.driftCheck());
        assertTrue(run.passToReady().compareTo(Duration.ofMinutes(1)) <= 0, "Ready " + run.passToReady() + " after the pass");
    }

    @Test
    void microsoftsScriptResetsIisOnceAndTheDscStyleCheckOpensAnExchangeSession() {
        OffloadComparison.ScriptRun run = OffloadComparison.script(1, 1, FREE);

        assertEquals(1, run.work().iisResets());
        assertEquals(0, run.work().appPoolRecycles());
        assertEquals(1, run.work().sessions());
        assertEquals(1, run.dscCheck().sessions());
        assertEquals(1, run.dscCheck().commands());
    }
}
