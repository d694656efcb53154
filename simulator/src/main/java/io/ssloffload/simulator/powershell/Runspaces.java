package io.ssloffload.simulator.powershell;

import java.util.Map;
import java.util.function.Consumer;

/** Creates runspaces: the local one of a powershell.exe process, or a remote endpoint's. */
public final class Runspaces {

    private Runspaces() {
    }

    /**
     * A new runspace on {@code host} holding the interpreter's generic cmdlets plus whatever
     * {@code commands} registers (for a local runspace, {@link PsHost#registerCommands}).
     */
    public static Runspace create(PsHost host, Map<String, String> environment, Runspace.LanguageMode mode,
                                  Consumer<CommandTable> commands) {
        RunspaceImpl runspace = new RunspaceImpl(host, environment, mode);
        BuiltinCmdlets.registerAll(runspace.commands());
        if (commands != null) {
            commands.accept(runspace.commands());
        }
        return runspace;
    }
}
