package io.ssloffload.simulator.powershell;

import java.util.List;
import java.util.Map;

/**
 * {@code powershell.exe} as cmd.exe starts it: parses its command-line switches
 * ({@code -EncodedCommand}, {@code -Command}, {@code -NoProfile}, ...), runs the script in a new
 * runspace on {@code host}, and renders output as Windows does: success objects formatted as
 * text on stdout, errors as CLIXML on stderr, exit code from {@code exit N} or {@code $?}.
 */
public final class PowerShellProcess {

    private PowerShellProcess() {
    }

    public static NativeCommand.Result run(List<String> arguments, Map<String, String> environment, PsHost host) {
        throw new UnsupportedOperationException("the interpreter is being written (issue 2)");
    }
}
