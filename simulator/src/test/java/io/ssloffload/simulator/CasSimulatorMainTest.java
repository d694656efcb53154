package io.ssloffload.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags the simulator refuses before it starts anything. */
class CasSimulatorMainTest {

    private static String refusal(String... args) {
        return assertThrows(CasSimulatorMain.UsageException.class, () -> CasSimulatorMain.parse(args)).getMessage();
    }

    private static String startRefusal(String... args) {
        return assertThrows(CasSimulatorMain.UsageException.class, () -> CasSimulatorMain.start(args)).getMessage();
    }

    @Test
    void userAndPasswordAreRequired() {
        assertEquals("--user is required", refusal("--password", "x"));
        assertEquals("--password is required", refusal("--user", "u"));
        assertEquals("--password needs a value", refusal("--user", "u", "--password"));
    }

    @Test
    void numbersAreChecked() {
        assertEquals("--servers must be from 1 to 99: 0", refusal("--user", "u", "--password", "p", "--servers", "0"));
        assertEquals("--port is not a whole number: http", refusal("--user", "u", "--password", "p", "--port", "http"));
        assertEquals("--port must be from 0 to 65535: 70000", refusal("--user", "u", "--password", "p", "--port", "70000"));
        assertEquals("--propagation-minutes must be from 0 to 1440: -1",
                refusal("--user", "u", "--password", "p", "--propagation-minutes", "-1"));
    }

    @Test
    void unknownFlagsAndBuildsAreRefused() {
        assertEquals("unknown flag --verbose", refusal("--user", "u", "--password", "p", "--verbose"));
        assertTrue(refusal("--user", "u", "--password", "p", "--build", "CU99").startsWith("--build: not an Exchange build"));
        // the builder knows the server names: CasSimulatorMain keeps no copy of the naming rule
        assertEquals("no server CAS03 among " + List.of("CAS01", "CAS02"),
                startRefusal("--user", "u", "--password", "p", "--servers", "2", "--build", "CAS03=CU23"));
    }

    @Test
    void portsRunningPastTheLastOneAreAUsageError() {
        assertEquals("the IIS port defaults to the WinRM port + 1000, past 65535: give the IIS port",
                startRefusal("--user", "u", "--password", "p", "--port", "65000"));
        assertEquals("ports for 3 servers run past 65535",
                startRefusal("--user", "u", "--password", "p", "--servers", "3", "--port", "65534", "--iis-port", "20000"));
    }
}
