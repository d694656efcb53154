package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.ServerCommands;
import io.ssloffload.simulator.powershell.CommandTable;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.windows.SystemPrograms;

import java.util.Locale;
import java.util.Optional;

/** What an Exchange CAS adds to PowerShell: its local cmdlets, the Exchange cmdlets, its programs. */
public enum ExchangeCommands implements ServerCommands {
    INSTANCE;

    @Override
    public void registerLocal(CasServer server, CommandTable commands) {
        commands.register(new GetWebConfigurationProperty(server));
        commands.register(new SetWebConfigurationProperty(server));
        commands.register(new RestartWebAppPool(server));
        ServiceCmdlet.all(server).forEach(commands::register);
        commands.register(new GetItemProperty(server));
        commands.register(new GetEventLog(server));
        commands.register(new AddPSSnapin(server));
        commands.register(new ImportModule());
        commands.register(new NewPSSession(server));
    }

    @Override
    public void registerExchange(CasServer server, CommandTable commands) {
        commands.registerCmdlet(new GetExchangeServer(server.fleet()));
        commands.registerCmdlet(new GetOutlookAnywhere(server.fleet()));
        commands.registerCmdlet(new SetOutlookAnywhere(server.fleet()));
    }

    /**
     * appcmd and iisreset (and Windows' own hostname and whoami) by their full paths (cmd.exe hands over a path without its .exe); bare
     * names reach here through PATH, where system32 is and inetsrv is not.
     */
    @Override
    public Optional<NativeCommand> nativeCommand(CasServer server, String path) {
        String name = path.replace("\"", "").trim().replace('/', '\\').toLowerCase(Locale.ROOT);
        if (name.endsWith(".exe")) {
            name = name.substring(0, name.length() - 4);
        }
        return switch (name) {
            case "c:\\windows\\system32\\inetsrv\\appcmd" -> Optional.of(new AppCmd(server));
            case "c:\\windows\\system32\\iisreset" -> Optional.of(new IisReset(server));
            default -> SystemPrograms.find(path, server.name());
        };
    }
}
