package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsObject;

/**
 * Writes an explicit value in a {@code <location>} tag of applicationHost.config. Invalid values
 * and locked-section writes are IIS's non-terminating errors and change nothing.
 */
final class SetWebConfigurationProperty extends HostCmdlet {

    static final String ERROR_ID = "Microsoft.IIs.PowerShell.Provider.SetConfigurationPropertyCommand";

    private final CasServer server;

    SetWebConfigurationProperty(CasServer server) {
        super("Set-WebConfigurationProperty",
                ParameterSpec.positional("Filter", 0).required(),
                ParameterSpec.positional("PSPath", 1),
                ParameterSpec.named("Name").required(),
                // a PSObject, so '' binds (and is refused by the attribute), $null does not
                ParameterSpec.named("Value").required().allowingEmptyString(),
                ParameterSpec.named("Location"));
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        Object value = context.get("Value");
        if (value instanceof PsObject attribute && attribute.has("Value")) {
            // a ConfigurationAttribute read earlier is written back by its value
            value = attribute.get("Value");
        } else if (value instanceof Object[] array && array.length == 1) {
            value = array[0];
        }
        for (WebConfigurationAddress address : WebConfigurationAddress.resolveAll(server, context, ERROR_ID)) {
            if (!address.target().commitsToApphost()) {
                context.writeError(WebConfigurationAddress.comError(IisErrors.lockedSection(address.location()),
                        ERROR_ID, address.location()));
                continue;
            }
            try {
                server.writeConfig(address.location(), address.setting(), value, name());
            } catch (IllegalArgumentException e) {
                context.writeError(new PsErrorRecord(e.getMessage(), "System.ArgumentException," + ERROR_ID,
                        "InvalidArgument", value));
            }
        }
    }
}
