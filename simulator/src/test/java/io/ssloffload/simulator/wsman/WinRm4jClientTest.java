package io.ssloffload.simulator.wsman;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import io.ssloffload.simulator.WinRmShell;
import io.ssloffload.simulator.WinRmShell.Run;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.windows.CmdExe;
import io.ssloffload.simulator.windows.TestWindowsHost;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.xml.ws.soap.SOAPFaultException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.ssloffload.simulator.WinRmShell.assertCause;
import static io.ssloffload.simulator.WinRmShell.execute;
import static io.ssloffload.simulator.WinRmShell.within;
import static io.ssloffload.simulator.WinRmShell.wsmanFaultCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real winrm4j 0.12.3 client against the endpoint, with Basic authentication. */
@Tag("simulator")
class WinRm4jClientTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "S3cret!pw";

    /** A stand-in powershell.exe that prints the script it was given with -EncodedCommand. */
    private static final CmdExe.PowerShellLauncher ECHO_SCRIPT = (arguments, environment, host) -> {
        for (int i = 0; i + 1 < arguments.size(); i++) {
            if (arguments.get(i).equalsIgnoreCase("-encodedcommand")) {
                String script = new String(Base64.getDecoder().decode(arguments.get(i + 1)), StandardCharsets.UTF_16LE);
                return new NativeCommand.Result("script: " + script + "\n", "", 0);
            }
        }
        return new NativeCommand.Result("", "no -EncodedCommand\n", 1);
    };

    private WinRmClientContext context;
    private WsmanEndpoint endpoint;

    @BeforeEach
    void startClientContext() {
        context = WinRmClientContext.newInstance();
    }

    @AfterEach
    void stop() {
        context.shutdown();
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private void start(WsmanEndpoint.Config config) {
        endpoint = WsmanEndpoint.start(config, new TestWindowsHost(), ECHO_SCRIPT);
    }

    private void start() {
        start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true));
    }

    private WinRmClientBuilder client(String password) {
        return WinRmShell.client(context, endpoint.url(), USER, password);
    }

    @Test
    void oneShellRunsSeveralCommandsWithItsEnvironmentAndWorkingDirectory() {
        start();
        try (WinRmClient client = client(PASSWORD).environment(Map.of("GREETING", "hello from env"))
                .workingDirectory("C:\\Work").build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "GREETING=hello from env\r\nUSERNAME=operator\r\n", ""),
                    execute(shell, "testprog env GREETING USERNAME"));
            assertEquals(new Run(0, "hello from env\r\n", ""), execute(shell, "echo %GREETING%"));
            assertEquals(new Run(0, "C:\\Work\r\n", ""), execute(shell, "cd"));
            assertEquals(new Run(0, "", "oops\r\n"), execute(shell, "testprog stderr oops"));
            assertEquals(new Run(3, "", ""), execute(shell, "testprog exit 3"));
            assertEquals(new Run(9009, "", "'nosuch' is not recognized as an internal or external command,\r\n"
                    + "operable program or batch file.\r\n"), execute(shell, "nosuch"));
            assertEquals(1, endpoint.openShells());
            within(() -> {
                shell.close();
                return null;
            });
        }
        assertEquals(0, endpoint.openShells());
        assertEquals(6, endpoint.commandLog().entries().size());
        assertEquals("testprog env GREETING USERNAME", endpoint.commandLog().entries().get(0).commandLine());
    }

    @Test
    void commandLineOver8191CharactersIsTooLong() {
        start();
        try (WinRmClient client = client(PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            // the request is far above 4 KB, so CXF sends it chunked
            assertEquals(new Run(1, "", "The command line is too long.\r\n"), execute(shell, "echo " + "a".repeat(8200)));
            assertEquals(0, execute(shell, "echo " + "a".repeat(8000)).exitCode());
        }
    }

    @Test
    void outputIsInCodePage437() {
        start();
        try (WinRmClient client = client(PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            // winrm4j decodes each chunk with the JVM default charset, so a client sees the 437 bytes that way
            String expected = new String("é╔\r\n".getBytes(Charset.forName("IBM437")), Charset.defaultCharset());
            assertEquals(expected, execute(shell, "echo é╔").stdout());
        }
    }

    @Test
    void heldReceiveTimesOutAndTheClientRetriesUntilTheCommandEnds() {
        start();
        try (WinRmClient client = client(PASSWORD).operationTimeout(500).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "slept\r\n", ""), execute(shell, "testprog sleep 1800"));
        }
        long timedOut = endpoint.requestLog().entries().stream()
                .filter(e -> e.operation() == WsmanOperation.RECEIVE && "2150858793".equals(e.wsmanFaultCode())).count();
        assertTrue(timedOut >= 1, "TimedOut faults: " + timedOut);
    }

    @Test
    void wrongPasswordIsA401() {
        start();
        try (WinRmClient client = client("not-the-password").build()) {
            RuntimeException failure = assertThrows(RuntimeException.class, () -> within(client::createShell));
            HTTPException http = assertCause(failure, HTTPException.class);
            assertEquals(401, http.getResponseCode());
        }
        assertTrue(endpoint.requestLog().entries().stream().allMatch(e -> e.httpStatus() == 401));
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void executePsSendsAnEncodedCommandThatPowerShellRuns() {
        start();
        WinRmTool tool = WinRmTool.Builder.builder("127.0.0.1", USER, PASSWORD).port(endpoint.port()).useHttps(false)
                .authenticationScheme(AuthSchemes.BASIC).context(context).build();
        WinRmToolResponse response = within(() -> tool.executePs("Get-Item 'C:\\inetpub' | Select-Object Name"));
        assertEquals("script: Get-Item 'C:\\inetpub' | Select-Object Name\r\n", response.getStdOut());
        assertEquals(0, response.getStatusCode());
        assertTrue(endpoint.commandLog().entries().get(0).commandLine().toLowerCase().startsWith("powershell -encodedcommand "));
    }

    @Test
    void injectedFaultOnCommandFailsTheCallBecauseWinrm4jNeverResendsCommand() {
        start();
        endpoint.faults().once(WsmanOperation.COMMAND, 1, InjectedFault.fault(WsmanFaultKind.CONCURRENT_OPERATIONS));
        try (WinRmClient client = client(PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            // winrm4j 0.12.3 calls Command reflectively without unwrapping: the fault arrives as
            // UndeclaredThrowableException > InvocationTargetException > SOAPFaultException
            RuntimeException failure = assertThrows(RuntimeException.class, () -> execute(shell, "echo first"));
            assertEquals("2150859174", wsmanFaultCode(failure));
            assertEquals(new Run(0, "second\r\n", ""), execute(shell, "echo second"));
        }
        List<RequestLogEntry> commands = endpoint.requestLog().entries().stream()
                .filter(e -> e.operation() == WsmanOperation.COMMAND).toList();
        assertEquals(List.of(500, 200), commands.stream().map(RequestLogEntry::httpStatus).toList());
        assertEquals(List.of("echo second"), endpoint.commandLog().entries().stream().map(CommandLogEntry::commandLine).toList());
    }

    @Test
    void delayedReceiveStillDeliversTheOutput() {
        start();
        FaultRule delay = endpoint.faults().always(WsmanOperation.RECEIVE, InjectedFault.delay(Duration.ofMillis(300)));
        try (WinRmClient client = client(PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "late\r\n", ""), execute(shell, "echo late"));
        }
        assertTrue(delay.timesFired() >= 1);
    }

    @Test
    void connectionResetOnCreateIsRetriedOnce() {
        start();
        endpoint.faults().once(WsmanOperation.CREATE, 1, InjectedFault.connectionReset());
        try (WinRmClient client = client(PASSWORD).build()) {
            ShellCommand shell = within(client::createShell);
            assertEquals(new Run(0, "after reset\r\n", ""), execute(shell, "echo after reset"));
        }
        List<Integer> creates = endpoint.requestLog().entries().stream()
                .filter(e -> e.operation() == WsmanOperation.CREATE).map(RequestLogEntry::httpStatus).toList();
        assertEquals(List.of(0, 200), creates);
    }

    @Test
    void shellQuotaFault() {
        start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true)
                .withQuotas(WsmanQuotas.windowsDefaults().withMaxShellsPerUser(2)));
        try (WinRmClient client = client(PASSWORD).build()) {
            within(client::createShell);
            within(client::createShell);
            SOAPFaultException fault = assertThrows(SOAPFaultException.class, () -> within(client::createShell));
            assertEquals("2150859173", wsmanFaultCode(fault));
        }
        assertEquals(2, endpoint.openShells());
    }
}
