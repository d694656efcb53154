package io.ssloffload.simulator.exchange.ad;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The organisation's configuration partition as far as Outlook Anywhere goes: one object per
 * server, readable and writable from any server of the fleet. Thread-safe.
 */
public final class ActiveDirectory {

    private final String domain;
    private final Map<String, OutlookAnywhereSettings> outlookAnywhere =
            new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);

    public ActiveDirectory(String domain) {
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }

    /** The domain controller Exchange names in its "couldn't be found on" errors. */
    public String domainController() {
        return "dc." + domain;
    }

    public void add(OutlookAnywhereSettings settings) {
        outlookAnywhere.put(settings.server(), settings);
    }

    public Optional<OutlookAnywhereSettings> outlookAnywhere(String server) {
        return Optional.ofNullable(outlookAnywhere.get(server));
    }

    public List<OutlookAnywhereSettings> allOutlookAnywhere() {
        return outlookAnywhere.values().stream().sorted(Comparator.comparing(OutlookAnywhereSettings::server)).toList();
    }

    /**
     * Applies a Set-OutlookAnywhere atomically against the current object.
     *
     * @throws IllegalArgumentException when the cmdlet's rules reject it (nothing changes)
     */
    public OutlookAnywhereSettings change(String server, OutlookAnywhereChange change) {
        return outlookAnywhere.compute(server, (name, current) -> {
            if (current == null) {
                throw new IllegalStateException("no Outlook Anywhere object for " + server);
            }
            return current.apply(change);
        });
    }
}
