package io.ssloffload.simulator.wsman;

import java.time.Instant;
import java.util.List;

/**
 * A Command as the endpoint received it: rsp:Command and the rsp:Arguments elements exactly as
 * sent, who sent it, and the names (never the values) of its shell's environment variables.
 */
public record CommandLogEntry(Instant receivedAt, String user, String shellId, String command, List<String> arguments,
                              List<String> environmentNames) {

    public CommandLogEntry {
        arguments = List.copyOf(arguments);
        environmentNames = List.copyOf(environmentNames);
    }

    /** The line cmd.exe runs: Command and Arguments joined by spaces, as WinRS joins them. */
    public String commandLine() {
        return arguments.isEmpty() ? command : command + " " + String.join(" ", arguments);
    }
}
