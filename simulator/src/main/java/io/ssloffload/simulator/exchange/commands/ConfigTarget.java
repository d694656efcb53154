package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.iis.IisConfiguration;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a WebAdministration call reads or writes: the virtual path addressed by -PSPath and
 * -Location together, and whether the write lands in applicationHost.config. Only APPHOST-level
 * PSPaths ({@code IIS:\}, {@code MACHINE/WEBROOT/APPHOST}) commit there; a PSPath inside a site
 * commits to that site's web.config, where the locked sections cannot be written.
 */
record ConfigTarget(String path, boolean commitsToApphost) {

    static Optional<ConfigTarget> resolve(String psPath, String location) {
        String p = psPath == null || psPath.isBlank() ? IisConfiguration.APPHOST : psPath.trim().replace('\\', '/');
        String lower = p.toLowerCase(Locale.ROOT);
        String base;
        boolean apphost;
        if (lower.equals("iis:") || lower.equals("iis:/")
                || lower.equals("machine/webroot/apphost") || lower.equals("machine/webroot/apphost/")) {
            base = "";
            apphost = true;
        } else if (lower.startsWith("iis:/sites/")) {
            base = p.substring("iis:/sites/".length());
            apphost = false;
        } else if (lower.startsWith("machine/webroot/apphost/")) {
            base = p.substring("machine/webroot/apphost/".length());
            apphost = false;
        } else {
            return Optional.empty();
        }
        String loc = location == null ? "" : location.trim().replace('\\', '/');
        String path = base.isEmpty() ? loc : loc.isEmpty() ? base : base + "/" + loc;
        return Optional.of(new ConfigTarget(path, apphost));
    }

    String configPath() {
        return IisConfiguration.configPath(path);
    }
}
