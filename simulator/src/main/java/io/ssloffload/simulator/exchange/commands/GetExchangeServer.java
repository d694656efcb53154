package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasFleet;
import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.List;

/** The organisation's Exchange servers as AD describes them (name, FQDN, version, roles). */
final class GetExchangeServer extends HostCmdlet {

    private final CasFleet fleet;

    GetExchangeServer(CasFleet fleet) {
        super("Get-ExchangeServer", ParameterSpec.positional("Identity", 0).fromPipeline());
        this.fleet = fleet;
    }

    @Override
    public void invoke(CmdletContext context) {
        if (!context.isPresent("Identity")) {
            fleet.servers().forEach(s -> context.write(toObject(s)));
            return;
        }
        for (String identity : Values.names(context.get("Identity"), "Name")) {
            List<CasServer> found = fleet.servers().stream()
                    .filter(s -> LanguagePrimitives.like(s.name(), identity, false)
                            || LanguagePrimitives.like(s.fqdn(), identity, false)).toList();
            if (found.isEmpty() && !LanguagePrimitives.hasWildcard(identity)) {
                context.writeError(ExchangeErrors.notFound(identity, fleet.activeDirectory().domainController(),
                        "GetExchangeServer"));
            }
            found.forEach(s -> context.write(toObject(s)));
        }
    }

    private PsObject toObject(CasServer server) {
        ExchangeBuild build = server.build();
        boolean multiRole2013 = !build.isExchange2016OrLater();
        return new PsObject(List.of("Microsoft.Exchange.Data.Directory.Management.ExchangeServer", "System.Object"),
                server.name())
                .with("Name", server.name())
                .with("Identity", server.name())
                .with("Fqdn", server.fqdn())
                .with("Domain", fleet.domain())
                .with("AdminDisplayVersion", build.adminDisplayVersion())
                .with("ServerRole", multiRole2013 ? "Mailbox, ClientAccess" : "Mailbox")
                .with("Edition", "Enterprise")
                .with("IsClientAccessServer", true)
                .with("IsMailboxServer", true)
                .with("Site", fleet.domain() + "/Configuration/Sites/Default-First-Site-Name");
    }
}
