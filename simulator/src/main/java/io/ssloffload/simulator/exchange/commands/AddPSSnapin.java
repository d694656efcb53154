package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;

/**
 * Loads the Exchange management snap-in into the local runspace: the Exchange cmdlets then run
 * in-process, bypassing RBAC (works, but Microsoft does not support it).
 */
final class AddPSSnapin extends HostCmdlet {

    static final String EXCHANGE_SNAPIN = "Microsoft.Exchange.Management.PowerShell.SnapIn";
    private static final String ERROR_ID = "Microsoft.PowerShell.Commands.AddPSSnapinCommand";

    private final CasServer server;

    AddPSSnapin(CasServer server) {
        super("Add-PSSnapin", ParameterSpec.positional("Name", 0).required());
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        for (String name : Values.strings(context.get("Name"))) {
            if (!name.equalsIgnoreCase(EXCHANGE_SNAPIN)) {
                context.writeError(new PsErrorRecord("The Windows PowerShell snap-in '" + name
                        + "' is not installed on this computer.", "AddPSSnapInRead," + ERROR_ID, "InvalidArgument", name));
            } else if (!context.runspace().addSnapIn(EXCHANGE_SNAPIN)) {
                context.writeError(new PsErrorRecord("Cannot add Windows PowerShell snap-in " + EXCHANGE_SNAPIN
                        + " because it is already added. Verify the name of the snap-in, and then try again.",
                        "AddPSSnapInRead," + ERROR_ID, "InvalidArgument", name));
            } else {
                server.registerExchangeCommands(context.runspace().commands());
            }
        }
    }
}
