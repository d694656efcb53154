package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.exchange.iis.AppPools;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One server's state at one moment, as plain data (Jackson writes it as JSON). Times are
 * ISO-8601 UTC strings; a null sslFlags/tokenChecking "explicit" value means inherited.
 */
public record CasSnapshot(String name, String fqdn, String build, String adminDisplayVersion,
                          List<Location> locations, Map<String, Integer> appPoolRecycles,
                          List<AppPools.Recycle> recycleLog, int iisResets, Map<String, String> services,
                          OutlookAnywhereSettings outlookAnywhere, List<String> rpcIisAuthenticationMethods,
                          int periodicPollingMinutes, String serviceHostPollingInterval, String serviceHostLastPass, Sessions exchangeSessions,
                          List<EventLogEntry> eventLog, List<ConfigChange> configChanges) {

    public record Location(String site, String path, String explicitSslFlags, String effectiveSslFlags,
                           String explicitTokenChecking, String effectiveTokenChecking) {
    }

    /** Exchange remote sessions opened to this server: now open, most at once, ever opened. */
    public record Sessions(int open, int maxConcurrent, int totalOpened) {
    }

    /** A location by path, any case ({@code Default Web Site/owa}). */
    public Optional<Location> location(String path) {
        return locations.stream().filter(l -> l.path().equalsIgnoreCase(path)).findFirst();
    }
}
