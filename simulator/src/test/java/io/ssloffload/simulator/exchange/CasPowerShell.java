package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PowerShellProcess;
import io.ssloffload.simulator.powershell.PsTestSupport;
import io.ssloffload.simulator.windows.WindowsEnvironment;

import java.util.Map;

/**
 * powershell.exe on a CAS as a WinRM client starts it: script text run by the interpreter in the
 * environment of the administrator's WinRS shell, stdout, CLIXML stderr and an exit code back.
 */
final class CasPowerShell {

    static final String ADMINISTRATOR = "Administrator";

    private CasPowerShell() {
    }

    static NativeCommand.Result run(CasServer server, String script) {
        return run(server, script, Map.of());
    }

    /** With extra environment variables, as a client passes data (and secrets) outside the script text. */
    static NativeCommand.Result run(CasServer server, String script, Map<String, String> variables) {
        Map<String, String> environment = WindowsEnvironment.defaultsFor(server.computerName(), ADMINISTRATOR,
                server.installedEnvironment());
        environment.putAll(variables);
        return PowerShellProcess.runScript(script, environment, server);
    }

    /** stdout (CRLF as \n) of a script that must succeed without any error record. */
    static String out(CasServer server, String script) {
        return out(run(server, script));
    }

    static String out(NativeCommand.Result result) {
        if (result.exitCode() != 0 || !result.stderr().isEmpty()) {
            throw new AssertionError("script failed (exit " + result.exitCode() + "):\n" + errors(result)
                    + "\nstdout: " + result.stdout());
        }
        return result.stdout().replace("\r\n", "\n");
    }

    /** The error records on stderr as PowerShell renders them, CLIXML decoded. */
    static String errors(NativeCommand.Result result) {
        return PsTestSupport.errors(result);
    }
}
