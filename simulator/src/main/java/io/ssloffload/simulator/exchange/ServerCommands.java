package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.CommandTable;
import io.ssloffload.simulator.powershell.NativeCommand;

import java.util.Optional;

/**
 * What a CAS adds to the PowerShell that runs on it: its local cmdlets, the Exchange cmdlets, its
 * programs. The commands act on the servers and on the whole fleet, so the fleet is handed them
 * when it is built instead of the servers knowing them.
 */
public interface ServerCommands {

    /** The cmdlets of a local runspace on the server (IIS, services, registry, event log, remoting). */
    void registerLocal(CasServer server, CommandTable commands);

    /** The Exchange management cmdlets (remote endpoint or snap-in); they act on the whole organisation. */
    void registerExchange(CasServer server, CommandTable commands);

    /** A program of the server's by its full path, if it has one there. */
    Optional<NativeCommand> nativeCommand(CasServer server, String path);
}
