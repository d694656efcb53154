package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.WindowsRelease;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The registry keys of HKEY_LOCAL_MACHINE that tell Exchange's build, the IIS version and the Service Host's polling. */
final class ServerRegistry {

    static final String SETUP_KEY = "SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup";
    static final String RPC_HTTP_CONFIGURATOR_KEY =
            "SYSTEM\\CurrentControlSet\\Services\\MSExchangeServiceHost\\RpcHttpConfigurator";
    /** IIS setup's key: the installed IIS version. */
    static final String INETSTP_KEY = "SOFTWARE\\Microsoft\\InetStp";
    private static final String[] HKLM_PREFIXES = {"microsoft.powershell.core\\registry::hkey_local_machine\\",
            "registry::hkey_local_machine\\", "hkey_local_machine\\", "hklm:\\", "hklm\\"};

    private ServerRegistry() {
    }

    /** Key path below HKLM as typed ({@code HKLM:\...}, {@code Registry::HKEY_LOCAL_MACHINE\...}), if it is one. */
    static Optional<String> subKeyOf(String path) {
        String p = path.trim().replace('/', '\\').replaceAll("\\\\+", "\\\\");
        while (p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        String lower = p.toLowerCase(Locale.ROOT) + "\\";
        for (String prefix : HKLM_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return Optional.of(p.substring(Math.min(prefix.length(), p.length())));
            }
        }
        return Optional.empty();
    }

    /**
     * The values of a key, if the key exists. Keys on the way to the modelled ones exist and have
     * no values of interest.
     */
    static Optional<Map<String, Object>> values(String subKey, ExchangeBuild build, int pollingMinutes) {
        if (subKey.equalsIgnoreCase(INETSTP_KEY)) {
            WindowsRelease release = build.windowsRelease();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("IISProgramGroup", "Microsoft Internet Information Services");
            values.put("InstallPath", "C:\\Windows\\system32\\inetsrv");
            values.put("MajorVersion", release.iisMajor());
            values.put("MinorVersion", release.iisMinor());
            values.put("PathWWWRoot", "C:\\inetpub\\wwwroot");
            values.put("SetupString", "IIS " + release.iisVersion());
            values.put("VersionString", "Version " + release.iisVersion());
            return Optional.of(values);
        }
        if (subKey.equalsIgnoreCase(SETUP_KEY)) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("MsiInstallPath", ExchangeInstall.INSTALL_PATH);
            values.put("MsiProductMajor", build.major());
            values.put("MsiProductMinor", build.minor());
            values.put("MsiBuildMajor", build.build());
            // the cumulative update's revision: whether a security update changes it is not confirmed,
            // so the registry names the CU and only ExSetup.exe's version shows the update
            values.put("MsiBuildMinor", build.cumulativeUpdate().revision());
            return Optional.of(values);
        }
        if (subKey.equalsIgnoreCase(RPC_HTTP_CONFIGURATOR_KEY)) {
            return Optional.of(Map.of("PeriodicPollingMinutes", pollingMinutes));
        }
        String lower = subKey.toLowerCase(Locale.ROOT) + "\\";
        boolean isAncestor = !subKey.isEmpty() && Stream.of(SETUP_KEY, RPC_HTTP_CONFIGURATOR_KEY, INETSTP_KEY)
                .anyMatch(key -> key.toLowerCase(Locale.ROOT).startsWith(lower));
        return isAncestor ? Optional.of(Map.of()) : Optional.empty();
    }
}
