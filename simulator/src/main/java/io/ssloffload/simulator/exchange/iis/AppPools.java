package io.ssloffload.simulator.exchange.iis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The server's application pools and every recycle. Pools are shared by both sites, so a
 * recycle of MSExchangeOWAAppPool interrupts front end and back end owa alike.
 * Not thread-safe: its owner serialises access.
 */
public final class AppPools {

    public static final List<String> EXCHANGE_2013 = List.of("DefaultAppPool", "MSExchangeOWAAppPool",
            "MSExchangeECPAppPool", "MSExchangeOABAppPool", "MSExchangeSyncAppPool", "MSExchangeServicesAppPool",
            "MSExchangeAutodiscoverAppPool", "MSExchangeMapiFrontEndAppPool", "MSExchangeRpcProxyFrontEndAppPool",
            "MSExchangePowerShellFrontEndAppPool", "MSExchangeRpcProxyAppPool", "MSExchangePowerShellAppPool",
            "MSExchangeOWACalendarAppPool", "MSExchangeMapiMailboxAppPool", "MSExchangeMapiAddressBookAppPool",
            "MSExchangePushNotificationsAppPool");
    /** 2016 and later add the REST API's pools (front end and back end, as CSS-Exchange's applicationHost.config data shows). */
    public static final List<String> EXCHANGE_2016 = Stream.concat(EXCHANGE_2013.stream(),
            Stream.of("MSExchangeRestFrontEndAppPool", "MSExchangeRestAppPool")).toList();

    private final Map<String, String> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Integer> recycleCounts = new LinkedHashMap<>();
    private final List<Recycle> log = new ArrayList<>();

    public AppPools(List<String> poolNames) {
        poolNames.forEach(name -> {
            names.put(name, name);
            recycleCounts.put(name, 0);
        });
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(name == null ? null : names.get(name.trim()));
    }

    public List<String> names() {
        return List.copyOf(recycleCounts.keySet());
    }

    /** Recycles a known pool (the canonical name); callers check {@link #find} first. */
    public void recycle(String canonicalName, Instant at) {
        recycleCounts.merge(canonicalName, 1, Integer::sum);
        log.add(new Recycle(at.toString(), canonicalName));
    }

    public Map<String, Integer> recycleCounts() {
        return Map.copyOf(recycleCounts);
    }

    public List<Recycle> log() {
        return List.copyOf(log);
    }

    public record Recycle(String time, String pool) {
    }
}
