package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.FileVersionInfo;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Exchange Setup leaves on the machine outside IIS and AD: the install folder, the system
 * environment variables ({@code ExchangeInstallPath}, the Bin folder on Path) and ExSetup.exe,
 * whose file version is the installed build including security updates.
 */
final class ExchangeInstall {

    /** With the trailing backslash, as $env:ExchangeInstallPath and the registry's MsiInstallPath have it. */
    static final String INSTALL_PATH = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\";
    static final String BIN = INSTALL_PATH + "bin";
    static final String EXSETUP = BIN + "\\ExSetup.exe";

    private ExchangeInstall() {
    }

    /** The machine-wide variables Setup adds; Path entries are appended to Windows' Path. */
    static Map<String, String> environment() {
        return Map.of("ExchangeInstallPath", INSTALL_PATH, "Path", BIN);
    }

    /** ExSetup.exe at its full path (any case, .exe optional). */
    static Optional<NativeCommand> program(String path, ExchangeBuild build) {
        // "$env:ExchangeInstallPath\Bin" doubles the backslash; Windows reads both as one
        String name = path.replace("\"", "").trim().replace('/', '\\').replaceAll("\\\\+", "\\\\")
                .toLowerCase(Locale.ROOT);
        if (!name.endsWith(".exe")) {
            name += ".exe";
        }
        if (!name.equals(EXSETUP.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(new ExSetup(build));
    }

    /** Running Setup is not modelled: the file is here so that scripts can read its version. */
    private record ExSetup(ExchangeBuild build) implements NativeCommand {
        @Override
        public Result run(List<String> arguments, Map<String, String> environment) {
            return new Result("", "ExSetup.exe: running Exchange Setup is not modelled by this simulator"
                    + " (use the admin endpoint's cu-upgrade).\r\n", 1);
        }

        @Override
        public Optional<PsObject> fileVersionInfo() {
            return Optional.of(FileVersionInfo.of(EXSETUP, new int[] {build.major(), build.minor(), build.build(),
                    build.revision()}, build.fileVersion(), "Microsoft® Exchange", ""));
        }
    }
}
