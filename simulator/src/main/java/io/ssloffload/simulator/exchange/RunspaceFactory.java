package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.CommandTable;
import io.ssloffload.simulator.powershell.PsHost;
import io.ssloffload.simulator.powershell.Runspace;

import java.util.Map;
import java.util.function.Consumer;

/** Makes the runspace behind an Exchange remote session; the interpreter's {@code Runspaces::create}. */
@FunctionalInterface
public interface RunspaceFactory {

    Runspace create(PsHost host, Map<String, String> environment, Runspace.LanguageMode mode,
                    Consumer<CommandTable> commands);
}
