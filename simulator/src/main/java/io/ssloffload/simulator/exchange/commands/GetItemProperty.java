package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsException;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Get-ItemProperty over the registry keys the server models (HKLM:\...). */
final class GetItemProperty extends HostCmdlet {

    private static final String ERROR_ID = "Microsoft.PowerShell.Commands.GetItemPropertyCommand";

    private final CasServer server;

    GetItemProperty(CasServer server) {
        super("Get-ItemProperty",
                ParameterSpec.positional("Path", 0).required().fromPipeline(),
                ParameterSpec.positional("Name", 1));
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        List<String> wanted = Values.strings(context.get("Name"));
        for (String path : Values.strings(context.get("Path"))) {
            Optional<String> key = CasServer.registrySubKey(path);
            Optional<Map<String, Object>> values = key.flatMap(server::registryValues);
            if (values.isEmpty()) {
                context.writeError(PsException.pathNotFound(path, ERROR_ID));
                continue;
            }
            String subKey = key.get();
            String nativePath = "HKEY_LOCAL_MACHINE\\" + subKey;
            PsObject result = new PsObject(List.of("System.Management.Automation.PSCustomObject", "System.Object"), null);
            boolean any = false;
            for (String name : wanted.isEmpty() ? List.copyOf(values.get().keySet()) : wanted) {
                Optional<String> actual = values.get().keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
                if (actual.isEmpty()) {
                    context.writeError(new PsErrorRecord("Property " + name + " does not exist at path " + nativePath + ".",
                            "System.Management.Automation.PSArgumentException," + ERROR_ID, "InvalidArgument", name));
                    continue;
                }
                result.with(actual.get(), values.get().get(actual.get()));
                any = true;
            }
            if (any) {
                int slash = subKey.lastIndexOf('\\');
                result.with("PSPath", "Microsoft.PowerShell.Core\\Registry::" + nativePath)
                        .with("PSParentPath", "Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\"
                                + (slash < 0 ? "" : subKey.substring(0, slash)))
                        .with("PSChildName", subKey.substring(slash + 1))
                        .with("PSDrive", "HKLM")
                        .with("PSProvider", "Microsoft.PowerShell.Core\\Registry");
                context.write(result);
            }
        }
    }
}
