package io.ssloffload.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags the simulator refuses before it starts anything. */
class CasSimulatorMainTest {

    private static String refusal(String... args) {
        return assertThrows(CasSimulatorOptions.UsageException.class, () -> CasSimulatorMain.parse(args)).getMessage();
    }

    private static String startRefusal(String... args) {
        return assertThrows(CasSimulatorOptions.UsageException.class, () -> CasSimulatorMain.start(args)).getMessage();
    }

    @Test
    void userAndPasswordAreRequired() {
        assertEquals("Missing required option: '--user=USER'", refusal("--password", "x"));
        assertEquals("Missing required option: '--password=PASSWORD'", refusal("--user", "u"));
        assertEquals("Missing required parameter for option '--password' (PASSWORD)", refusal("--user", "u", "--password"));
        assertEquals("--user must not be blank", refusal("--user", " ", "--password", "p"));
    }

    @Test
    void authMethodsAndKeytabAreChecked() {
        assertEquals("--auth: unknown authentication method 'ntlm' (basic, negotiate, kerberos)",
                refusal("--user", "u", "--password", "p", "--auth", "negotiate,ntlm"));
        assertEquals("--auth: at least one authentication method is needed (basic, negotiate, kerberos)",
                refusal("--user", "u", "--password", "p", "--auth", ","));
        assertEquals("--keytab: keytab /no/such.keytab is not readable",
                refusal("--user", "u", "--password", "p", "--keytab", "/no/such.keytab"));
    }

    @Test
    void numbersAreChecked() {
        assertEquals("--servers must be from 1 to 1000: 0", refusal("--user", "u", "--password", "p", "--servers", "0"));
        assertEquals("Invalid value for option '--port': 'http' is not an int",
                refusal("--user", "u", "--password", "p", "--port", "http"));
        assertEquals("--port must be from 0 to 65535: 70000", refusal("--user", "u", "--password", "p", "--port", "70000"));
        assertEquals("--propagation-minutes must be from 0 to 1440: -1",
                refusal("--user", "u", "--password", "p", "--propagation-minutes", "-1"));
    }

    @Test
    void propagationIntervalTakesShortDurations() {
        assertEquals("Invalid value for option '--propagation-interval': '5 minutes' is not a duration (30s, 2m, 1h, PT45S)",
                refusal("--user", "u", "--password", "p", "--propagation-interval", "5 minutes"));
        assertEquals("--propagation-interval must be from 1s to 24h: PT0.5S",
                refusal("--user", "u", "--password", "p", "--propagation-interval", "500ms"));
        assertEquals("--shell-idle-timeout must be from 1s to 24h: PT48H",
                refusal("--user", "u", "--password", "p", "--shell-idle-timeout", "48h"));
        assertEquals("give --propagation-minutes or --propagation-interval, not both",
                refusal("--user", "u", "--password", "p", "--propagation-minutes", "1", "--propagation-interval", "5s"));
        assertEquals(Duration.ofSeconds(45), new CasSimulatorOptions.DurationConverter().convert("PT45S"));
        assertEquals(Duration.ofSeconds(30), new CasSimulatorOptions.DurationConverter().convert("30s"));
    }

    @Test
    void unknownFlagsAndBuildsAreRefused() {
        assertEquals("Unknown option: '--verbose'", refusal("--user", "u", "--password", "p", "--verbose"));
        assertTrue(refusal("--user", "u", "--password", "p", "--build", "CU99").startsWith("--build: not an Exchange build"));
        // the builder knows the server names: the options keep no copy of the naming rule
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
