package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.iis.ExchangeIisLayout;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Test-Path on a CAS's provider drives: WebAdministration's {@code IIS:} (Sites, AppPools) and the
 * registry's {@code HKLM:}. What the model holds answers True or False as the providers do; what it
 * does not hold (physical folders inside an application, IIS:\SslBindings, registry keys outside
 * the modelled ones) fails with NotImplemented instead of a False that would be a guess.
 */
final class ProviderPaths {

    private static final String ERROR_ID = "NotModelled,Microsoft.PowerShell.Commands.TestPathCommand";

    private ProviderPaths() {
    }

    static Optional<Boolean> containerExists(CasServer server, String path) {
        String p = path.trim();
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.equals("iis:") || lower.startsWith("iis:\\") || lower.startsWith("iis:/")) {
            return Optional.of(iis(server, path, segments(p.substring(4))));
        }
        if (lower.equals("hklm:") || lower.startsWith("hklm:\\") || lower.startsWith("hklm:/")) {
            String subKey = ServerRegistry.subKeyOf(p + "\\").orElse("");
            if (subKey.isEmpty() || server.registryValues(subKey).isPresent()) {
                return Optional.of(true);
            }
            throw notModelled(path, "registry keys other than Exchange's Setup key, IIS's InetStp key and the "
                    + "Service Host's RpcHttpConfigurator key (and the keys above them)");
        }
        return Optional.empty();
    }

    private static boolean iis(CasServer server, String path, List<String> parts) {
        if (parts.isEmpty()) {
            return true;
        }
        String top = parts.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = parts.subList(1, parts.size());
        if (top.equals("sites")) {
            if (rest.isEmpty()) {
                return true;
            }
            Optional<String> site = server.findLocation(rest.get(0)).filter(s -> !s.contains("/"));
            if (site.isEmpty() || rest.size() == 1) {
                return site.isPresent();
            }
            if (server.findLocation(String.join("/", rest)).isPresent()) {
                return true;
            }
            // below the site root only applications and virtual directories are modelled: a missing
            // one does not exist; inside an application the provider would show its physical folders
            if (rest.size() == 2) {
                return false;
            }
            if (server.findLocation(String.join("/", rest.subList(0, rest.size() - 1))).isEmpty()
                    && server.findLocation(rest.get(0) + "/" + rest.get(1)).isEmpty()) {
                return false;
            }
            throw notModelled(path, "the physical folders and files inside an application");
        }
        if (top.equals("apppools")) {
            if (rest.isEmpty()) {
                return true;
            }
            boolean exists = server.findAppPool(rest.get(0)).isPresent();
            if (rest.size() == 1 || !exists) {
                return exists;
            }
            throw notModelled(path, "the items inside an application pool (WorkerProcesses)");
        }
        throw notModelled(path, "IIS:\\" + parts.get(0) + " (only IIS:\\Sites and IIS:\\AppPools are)");
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.replace('/', '\\').split("\\\\")).filter(s -> !s.isBlank()).map(String::trim).toList();
    }

    private static PsException notModelled(String path, String what) {
        return new PsException(new PsErrorRecord("Cannot answer Test-Path for '" + path + "': the simulated server ("
                + ExchangeIisLayout.FRONT_END + ", Exchange's IIS layout) does not model " + what + ".",
                ERROR_ID, "NotImplemented", path), "NotImplementedException");
    }
}
