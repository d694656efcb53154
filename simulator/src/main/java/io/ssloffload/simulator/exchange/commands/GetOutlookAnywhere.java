package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasFleet;
import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.ParameterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Outlook Anywhere objects from Active Directory: it shows a Set-OutlookAnywhere at once,
 * long before the Service Host has copied it into IIS.
 */
final class GetOutlookAnywhere extends HostCmdlet {

    private static final String TASK = "GetRpcHttpVirtualDirectory";

    private final CasFleet fleet;

    GetOutlookAnywhere(CasFleet fleet) {
        super("Get-OutlookAnywhere",
                ParameterSpec.positional("Identity", 0).fromPipeline(),
                ParameterSpec.named("Server"),
                ParameterSpec.switchParam("ADPropertiesOnly"));
        this.fleet = fleet;
    }

    @Override
    public void invoke(CmdletContext context) {
        List<OutlookAnywhereSettings> found;
        if (context.isPresent("Identity")) {
            found = new ArrayList<>();
            for (String identity : Values.names(context.get("Identity"), "Identity")) {
                List<OutlookAnywhereSettings> matches = OutlookAnywhereObjects.matching(fleet, identity);
                if (matches.isEmpty() && !LanguagePrimitives.hasWildcard(identity)) {
                    context.writeError(ExchangeErrors.notFound(identity, fleet.activeDirectory().domainController(),
                            TASK));
                }
                found.addAll(matches);
            }
        } else if (context.isPresent("Server")) {
            String serverName = Values.string(context.get("Server"));
            Optional<CasServer> server = fleet.find(serverName);
            if (server.isEmpty()) {
                context.writeError(ExchangeErrors.notFound(serverName, fleet.activeDirectory().domainController(), TASK));
                return;
            }
            found = fleet.activeDirectory().outlookAnywhere(server.get().name()).stream().toList();
        } else {
            found = fleet.activeDirectory().allOutlookAnywhere();
        }
        found.forEach(oa -> context.write(OutlookAnywhereObjects.toObject(fleet, oa)));
    }
}
