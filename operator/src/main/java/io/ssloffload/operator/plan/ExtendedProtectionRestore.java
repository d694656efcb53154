package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extended Protection as "first observed", and how deletion with Restore puts it back. The operator
 * only ever turns Extended Protection off, so an on value it sees is never its own work: that value
 * is kept even over an earlier None (a CU that turned it on after the first look), and Restore puts
 * back exactly what the operator turned off. Where it was off, Restore leaves it as it is now: it
 * never turns Extended Protection off itself. Pure.
 */
public final class ExtendedProtectionRestore {

    private ExtendedProtectionRestore() {
    }

    /** What to keep for one protocol: the stored value, unless it was off and {@code seen} is on. */
    public static String kept(String stored, String seen) {
        if (stored == null) {
            return seen;
        }
        return !ExtendedProtection.isOn(stored) && ExtendedProtection.isOn(seen) ? seen : stored;
    }

    /** {@code recorded} with what {@code seen} adds to it, by {@link #kept}. */
    public static Map<Protocol, String> merged(Map<Protocol, String> recorded, Map<Protocol, String> seen) {
        Map<Protocol, String> merged = new EnumMap<>(Protocol.class);
        merged.putAll(recorded);
        seen.forEach((protocol, value) -> {
            if (protocol.location().isPresent() && value != null) {
                merged.put(protocol, kept(merged.get(protocol), value));
            }
        });
        return merged;
    }

    /** Default Web Site location → tokenChecking to put back: where it was on and is off now. */
    public static Map<String, String> changes(FirstObserved original, ServerObservation now) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (Protocol protocol : Protocol.values()) {
            String was = original.extendedProtection().get(protocol);
            String is = now.extendedProtection().get(protocol);
            if (ExtendedProtection.isOn(was) && is != null && !ExtendedProtection.isOn(is)) {
                changes.put(protocol.location().orElseThrow(), was);
            }
        }
        return changes;
    }
}
