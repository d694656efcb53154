package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the operator first saw on one server, before it changed anything: what deletion with
 * {@code Restore} puts back. Values are only ever added, never replaced: the second look at a
 * server sees the operator's own work, not the original.
 *
 * @param sslFlags        per protocol the operator writes in IIS (not Rpc: the Service Host owns it)
 * @param outlookAnywhere the AD settings as first read; null until AD was read
 * @param extendedProtection Extended Protection's tokenChecking per protocol, Rpc included (the operator
 *                        writes it in IIS when spec.extendedProtection is TurnOff); unlike the other
 *                        values, an on value replaces a recorded None ({@link ExtendedProtectionRestore})
 */
public record FirstObserved(Map<Protocol, SslFlags> sslFlags, OutlookAnywhereSettings outlookAnywhere,
                            Map<Protocol, String> extendedProtection) {

    public static final FirstObserved NOTHING = new FirstObserved(Map.of(), null);

    /** Without Extended Protection values. */
    public FirstObserved(Map<Protocol, SslFlags> sslFlags, OutlookAnywhereSettings outlookAnywhere) {
        this(sslFlags, outlookAnywhere, Map.of());
    }

    public FirstObserved {
        sslFlags = Collections.unmodifiableMap(sslFlags.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(sslFlags));
        extendedProtection = Collections.unmodifiableMap(
                extendedProtection.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(extendedProtection));
    }

    /** This record with whatever {@code observation} shows that it does not hold yet. */
    public FirstObserved filledFrom(ServerObservation observation) {
        Map<Protocol, SslFlags> flags = new EnumMap<>(Protocol.class);
        flags.putAll(sslFlags);
        observation.sslFlags().forEach((protocol, value) -> {
            if (protocol.configuredInIis()) {
                flags.putIfAbsent(protocol, value);
            }
        });
        return new FirstObserved(flags, outlookAnywhere != null ? outlookAnywhere
                : observation.outlookAnywhere().orElse(null),
                ExtendedProtectionRestore.merged(extendedProtection, observation.extendedProtection()));
    }

    public boolean isEmpty() {
        return sslFlags.isEmpty() && outlookAnywhere == null && extendedProtection.isEmpty();
    }
}
