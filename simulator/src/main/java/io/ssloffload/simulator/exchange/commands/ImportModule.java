package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;

import java.util.Set;

/**
 * {@code Import-Module} for the modules a CAS has. WebAdministration's cmdlets (and its IIS:
 * drive) are always available here, as PowerShell 3+ loads the module on first use; importing it
 * explicitly, as many scripts do, is then a no-op. Any other module is not installed.
 */
final class ImportModule extends HostCmdlet {

    private static final Set<String> INSTALLED = Set.of("webadministration");
    private static final String ERROR_ID = "Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand";

    ImportModule() {
        super("Import-Module", ParameterSpec.positional("Name", 0).required(), ParameterSpec.switchParam("Force"),
                ParameterSpec.switchParam("DisableNameChecking"), ParameterSpec.switchParam("Global"));
    }

    @Override
    public void invoke(CmdletContext context) {
        for (String name : Values.strings(context.get("Name"))) {
            if (!INSTALLED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                context.writeError(new PsErrorRecord("The specified module '" + name + "' was not loaded because no valid"
                        + " module file was found in any module directory.", ERROR_ID, "ResourceUnavailable", name));
            }
        }
    }
}
