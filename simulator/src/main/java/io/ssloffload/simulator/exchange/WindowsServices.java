package io.ssloffload.simulator.exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The Windows services of a CAS that matter here. Not thread-safe: its owner serialises access. */
final class WindowsServices {

    static final String SERVICE_HOST = "MSExchangeServiceHost";
    static final String W3SVC = "W3SVC";
    static final String WAS = "WAS";

    private static final Map<String, String> DISPLAY_NAMES = new LinkedHashMap<>();

    static {
        DISPLAY_NAMES.put("MSExchangeADTopology", "Microsoft Exchange Active Directory Topology");
        DISPLAY_NAMES.put("MSExchangeFrontEndTransport", "Microsoft Exchange Frontend Transport");
        DISPLAY_NAMES.put("MSExchangeIS", "Microsoft Exchange Information Store");
        DISPLAY_NAMES.put(SERVICE_HOST, "Microsoft Exchange Service Host");
        DISPLAY_NAMES.put(W3SVC, "World Wide Web Publishing Service");
        DISPLAY_NAMES.put(WAS, "Windows Process Activation Service");
        DISPLAY_NAMES.put("WinRM", "Windows Remote Management (WS-Management)");
    }

    private final Map<String, ServiceState> services = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    WindowsServices() {
        DISPLAY_NAMES.forEach((name, display) -> services.put(name, new ServiceState(name, display, ServiceState.RUNNING)));
    }

    Optional<ServiceState> find(String name) {
        return Optional.ofNullable(name == null ? null : services.get(name.trim()));
    }

    List<ServiceState> all() {
        return List.copyOf(services.values());
    }

    boolean isRunning(String name) {
        return find(name).map(ServiceState::isRunning).orElse(false);
    }

    void setStatus(String name, String status) {
        ServiceState current = find(name).orElseThrow();
        services.put(current.name(), new ServiceState(current.name(), current.displayName(), status));
    }
}
