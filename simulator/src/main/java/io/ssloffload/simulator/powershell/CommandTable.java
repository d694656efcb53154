package io.ssloffload.simulator.powershell;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The commands a runspace can resolve by name (case-insensitive). */
public final class CommandTable {

    private final Map<String, Cmdlet> commands = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public void register(Cmdlet cmdlet) {
        commands.put(cmdlet.name(), cmdlet);
    }

    /**
     * Adds a snap-in's cmdlet. A function of the same name (an Import-PSSession proxy) keeps
     * answering to the name, as PowerShell looks functions up before cmdlets.
     */
    public void registerCmdlet(Cmdlet cmdlet) {
        if (!(commands.get(cmdlet.name()) instanceof RemotingCmdlets.Proxy)) {
            register(cmdlet);
        }
    }

    public Optional<Cmdlet> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public Collection<Cmdlet> all() {
        return commands.values();
    }
}
