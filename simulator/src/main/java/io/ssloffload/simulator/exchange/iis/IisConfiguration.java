package io.ssloffload.simulator.exchange.iis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * applicationHost.config reduced to what SSL offloading touches: the known locations (server
 * root, sites, applications) and the values written explicitly at each. A value not written at a
 * location is inherited from the nearest parent that has one, down from the schema default.
 * Not thread-safe: its owner ({@code CasServer}) serialises access.
 */
public final class IisConfiguration {

    /** The commit path every location tag of this model lives in. */
    public static final String APPHOST = "MACHINE/WEBROOT/APPHOST";

    /** The configuration path IIS names a location by: {@code MACHINE/WEBROOT/APPHOST[/location]}. */
    public static String configPath(String location) {
        return location.isEmpty() ? APPHOST : APPHOST + "/" + location;
    }

    /** Location path (case-insensitive) to its canonical spelling; "" is the server level. */
    private final Map<String, String> locations = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Map<IisSetting, String>> explicit = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> sites = new ArrayList<>();

    public IisConfiguration() {
        locations.put("", "");
    }

    public void addSite(String site) {
        sites.add(site);
        locations.put(site, site);
    }

    public void addLocation(String path) {
        String canonical = normalise(path);
        String parent = parentOf(canonical);
        if (!locations.containsKey(parent)) {
            throw new IllegalArgumentException("no parent location for " + path);
        }
        locations.put(canonical, canonical);
    }

    public List<String> sites() {
        return List.copyOf(sites);
    }

    /** Known locations in path order, without the server level. */
    public List<String> locations() {
        return locations.values().stream().filter(p -> !p.isEmpty()).toList();
    }

    public List<String> locationsOfSite(String site) {
        return locations().stream().filter(p -> p.equalsIgnoreCase(site)
                || p.toLowerCase(Locale.ROOT).startsWith(site.toLowerCase(Locale.ROOT) + "/")).toList();
    }

    /** The canonical spelling of a location given with any case and slashes, if it exists. */
    public Optional<String> find(String path) {
        return Optional.ofNullable(locations.get(normalise(path)));
    }

    public Optional<String> explicitValue(String location, IisSetting setting) {
        return Optional.ofNullable(explicit.getOrDefault(location, Map.of()).get(setting));
    }

    public Effective effective(String location, IisSetting setting) {
        String path = find(location).orElseThrow(() -> new IllegalArgumentException("unknown location " + location));
        while (true) {
            Optional<String> value = explicitValue(path, setting);
            if (value.isPresent()) {
                return new Effective(value.get(), false);
            }
            if (path.isEmpty()) {
                return new Effective(setting.schemaDefault(), true);
            }
            path = parentOf(path);
        }
    }

    /** Writes a canonical value at a known location; returns the previous explicit value or null. */
    public String setExplicit(String location, IisSetting setting, String canonicalValue) {
        String path = find(location).orElseThrow(() -> new IllegalArgumentException("unknown location " + location));
        return explicit.computeIfAbsent(path, p -> new EnumMap<>(IisSetting.class)).put(setting, canonicalValue);
    }

    public void clearExplicit(String location, IisSetting setting) {
        find(location).map(explicit::get).ifPresent(values -> values.remove(setting));
    }

    public record Effective(String value, boolean inheritedFromDefault) {
    }

    static String normalise(String path) {
        String p = path == null ? "" : path.trim().replace('\\', '/');
        p = p.replaceAll("/+", "/");
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
