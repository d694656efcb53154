package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.ServiceState;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Get-Service, Start-Service, Stop-Service and Restart-Service over the modelled services.
 * Names may carry wildcards; a plain name that matches nothing is PowerShell's error.
 */
final class ServiceCmdlet extends HostCmdlet {

    private final CasServer server;
    private final String commandClass;
    private final BiConsumer<CasServer, String> action;

    private ServiceCmdlet(CasServer server, String name, String commandClass, BiConsumer<CasServer, String> action,
                          ParameterSpec... parameters) {
        super(name, parameters);
        this.server = server;
        this.commandClass = commandClass;
        this.action = action;
    }

    static List<ServiceCmdlet> all(CasServer server) {
        ParameterSpec name = ParameterSpec.positional("Name", 0).fromPipeline().withAliases("ServiceName");
        return List.of(
                new ServiceCmdlet(server, "Get-Service", "GetServiceCommand", null, name),
                new ServiceCmdlet(server, "Start-Service", "StartServiceCommand", CasServer::startService,
                        name, ParameterSpec.switchParam("PassThru")),
                new ServiceCmdlet(server, "Stop-Service", "StopServiceCommand", CasServer::stopService,
                        name, ParameterSpec.switchParam("Force"), ParameterSpec.switchParam("PassThru")),
                new ServiceCmdlet(server, "Restart-Service", "RestartServiceCommand", CasServer::restartService,
                        name, ParameterSpec.switchParam("Force"), ParameterSpec.switchParam("PassThru")));
    }

    @Override
    public void invoke(CmdletContext context) {
        List<String> patterns = Values.names(context.get("Name"), "Name");
        if (patterns.isEmpty() && action == null) {
            patterns = List.of("*");
        }
        for (String pattern : patterns) {
            List<ServiceState> matches = server.services().stream()
                    .filter(s -> LanguagePrimitives.like(s.name(), pattern, false)).toList();
            if (matches.isEmpty() && !LanguagePrimitives.hasWildcard(pattern)) {
                context.writeError(new PsErrorRecord("Cannot find any service with service name '" + pattern + "'.",
                        "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands." + commandClass, "ObjectNotFound",
                        pattern));
            }
            for (ServiceState service : matches) {
                if (action != null) {
                    action.accept(server, service.name());
                }
                if (action == null || context.switchOn("PassThru")) {
                    context.write(toObject(server.service(service.name()).orElseThrow()));
                }
            }
        }
    }

    private static PsObject toObject(ServiceState service) {
        return new PsObject(List.of("System.ServiceProcess.ServiceController", "System.ComponentModel.Component",
                "System.Object"), null)
                .with("Status", service.status())
                .with("Name", service.name())
                .with("DisplayName", service.displayName())
                .with("ServiceName", service.name());
    }
}
