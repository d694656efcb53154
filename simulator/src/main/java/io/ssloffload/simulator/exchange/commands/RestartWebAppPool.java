package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;

import java.util.List;
import java.util.Optional;

/** Recycles application pools named by -Name or piped in (strings or objects with a Name). */
final class RestartWebAppPool extends HostCmdlet {

    private final CasServer server;

    RestartWebAppPool(CasServer server) {
        super("Restart-WebAppPool", ParameterSpec.positional("Name", 0).fromPipeline());
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        List<String> names = Values.names(context.get("Name"), "Name");
        for (String name : names) {
            Optional<String> pool = server.findAppPool(name);
            if (pool.isPresent()) {
                server.recycleAppPool(pool.get());
            } else {
                context.writeError(new PsErrorRecord(
                        "The object identifier does not represent a valid object. (Exception from HRESULT: 0x800710D8)",
                        "System.Runtime.InteropServices.COMException,Microsoft.IIs.PowerShell.Provider.RestartAppPoolCommand",
                        "NotSpecified", name));
            }
        }
    }
}
