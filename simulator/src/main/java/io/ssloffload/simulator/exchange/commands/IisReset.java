package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.ServiceState;
import io.ssloffload.simulator.powershell.NativeCommand;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code iisreset.exe}: restarts (default, /restart, /noforce, /timeout:n), /stop, /start, /status. */
final class IisReset implements NativeCommand {

    private static final String STOP = "Attempting stop...\r\nInternet services successfully stopped\r\n";

    private final CasServer server;

    IisReset(CasServer server) {
        this.server = server;
    }

    @Override
    public Result run(List<String> arguments, Map<String, String> environment) {
        String action = "restart";
        for (String argument : arguments) {
            String option = argument.toLowerCase(Locale.ROOT).replace('-', '/');
            if (option.equals("/stop") || option.equals("/start") || option.equals("/status") || option.equals("/restart")) {
                action = option.substring(1);
            } else if (!option.equals("/noforce") && !option.startsWith("/timeout:")) {
                return new Result("", "Invalid option: " + argument + "\r\n", 1);
            }
        }
        return switch (action) {
            case "stop" -> {
                server.setIisRunning(false);
                yield new Result(STOP, "", 0);
            }
            case "start" -> {
                server.setIisRunning(true);
                yield new Result("Attempting start...\r\nInternet services successfully started\r\n", "", 0);
            }
            case "status" -> new Result(status(), "", 0);
            default -> {
                server.iisReset();
                yield new Result(STOP + "Attempting start...\r\nInternet services successfully restarted\r\n", "", 0);
            }
        };
    }

    private String status() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("W3SVC", "WAS")) {
            ServiceState service = server.service(name).orElseThrow();
            out.append("Status for ").append(service.displayName()).append(" ( ").append(name).append(" ) : ")
                    .append(service.status()).append("\r\n");
        }
        return out.toString();
    }
}
