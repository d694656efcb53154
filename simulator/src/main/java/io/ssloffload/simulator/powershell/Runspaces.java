package io.ssloffload.simulator.powershell;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Creates runspaces: the local one of a powershell.exe process, or a remote endpoint's. */
public final class Runspaces {

    private Runspaces() {
    }

    /**
     * The generic commands a restricted (NoLanguage) endpoint such as Exchange's keeps visible:
     * the ones Import-PSSession's proxies and a remote prompt need. Everything else (files,
     * Invoke-Expression, native programs) is hidden there. (Exchange also exposes Get-FormatData
     * and Exit-PSSession, which this interpreter does not implement.)
     */
    private static final Set<String> RESTRICTED_ENDPOINT_COMMANDS = caseInsensitive("Get-Command", "Select-Object",
            "Measure-Object", "Out-Default");

    /**
     * A new runspace on {@code host} holding the interpreter's generic cmdlets (for a NoLanguage
     * endpoint only {@link #RESTRICTED_ENDPOINT_COMMANDS}) plus whatever {@code commands}
     * registers (for a local runspace, {@link PsHost#registerCommands}).
     */
    public static Runspace create(PsHost host, Map<String, String> environment, Runspace.LanguageMode mode,
                                  Consumer<CommandTable> commands) {
        RunspaceImpl runspace = new RunspaceImpl(host, environment, mode);
        if (mode == Runspace.LanguageMode.NO_LANGUAGE) {
            CommandTable all = new CommandTable();
            BuiltinCmdlets.registerAll(all);
            all.all().stream().filter(c -> RESTRICTED_ENDPOINT_COMMANDS.contains(c.name()))
                    .forEach(runspace.commands()::register);
        } else {
            BuiltinCmdlets.registerAll(runspace.commands());
        }
        if (commands != null) {
            commands.accept(runspace.commands());
        }
        return runspace;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
