package io.ssloffload.simulator.windows;

import io.ssloffload.simulator.powershell.NativeCommand;

import java.util.Locale;
import java.util.Optional;

/**
 * Programs every Windows Server has in System32, by full path (cmd.exe and PowerShell find the
 * bare names through PATH): {@code hostname.exe} and {@code whoami.exe}.
 */
public final class SystemPrograms {

    private SystemPrograms() {
    }

    /** {@code path} as a host receives it ({@code C:\Windows\system32\hostname.exe}, any case, .exe optional). */
    public static Optional<NativeCommand> find(String path, String computerName) {
        String name = path.replace("\"", "").trim().replace('/', '\\').toLowerCase(Locale.ROOT);
        if (name.endsWith(".exe")) {
            name = name.substring(0, name.length() - 4);
        }
        return switch (name) {
            case "c:\\windows\\system32\\hostname" -> Optional.of((arguments, environment) -> arguments.isEmpty()
                    ? new NativeCommand.Result(computerName + "\r\n", "", 0)
                    // hostname.exe takes no arguments; any argument is read as an attempt to rename
                    : new NativeCommand.Result("", "sethostname: Use the Network Control Panel Applet to set hostname.\r\n", 1));
            case "c:\\windows\\system32\\whoami" -> Optional.of((arguments, environment) -> arguments.isEmpty()
                    ? new NativeCommand.Result(account(environment.get("USERDOMAIN"), environment.get("USERNAME"), computerName),
                    "", 0)
                    : new NativeCommand.Result("", "ERROR: Invalid argument/option - '" + arguments.get(0) + "'.\r\n"
                    + "Type \"WHOAMI /?\" for usage.\r\n", 1));
            default -> Optional.empty();
        };
    }

    /**
     * whoami's {@code domain\\user}, lower-case as whoami prints it. The account is read from the
     * logon's USERDOMAIN and USERNAME (whoami reads the process token, which the simulator does not
     * model apart from the environment the logon set).
     */
    private static String account(String domain, String user, String computerName) {
        String d = domain == null || domain.isEmpty() ? computerName : domain;
        return (d + "\\" + (user == null ? "" : user)).toLowerCase(Locale.ROOT) + "\r\n";
    }
}
