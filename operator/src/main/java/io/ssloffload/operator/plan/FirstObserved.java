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
 */
public record FirstObserved(Map<Protocol, SslFlags> sslFlags, OutlookAnywhereSettings outlookAnywhere) {

    public static final FirstObserved NOTHING = new FirstObserved(Map.of(), null);

    public FirstObserved {
        sslFlags = Collections.unmodifiableMap(sslFlags.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(sslFlags));
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
                : observation.outlookAnywhere().orElse(null));
    }

    public boolean isEmpty() {
        return sslFlags.isEmpty() && outlookAnywhere == null;
    }
}
