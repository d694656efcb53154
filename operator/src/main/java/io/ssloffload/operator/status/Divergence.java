package io.ssloffload.operator.status;

import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.protocol.Protocol;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Microsoft requires every Client Access Server of a fleet to be configured the same. Says, per
 * protocol, which servers differ from the others: offloaded on some, not on others (and why).
 * Only servers that answered are compared. Pure.
 */
public final class Divergence {

    private Divergence() {
    }

    /** e.g. "owa: offloaded on CAS01, CAS03; not on CAS02 (SslRequired)"; empty when all agree. */
    public static List<String> of(List<ServerOutcome> outcomes) {
        Map<Protocol, Map<String, String>> byProtocol = new EnumMap<>(Protocol.class);
        for (ServerOutcome outcome : outcomes) {
            if (outcome instanceof ServerOutcome.Reached reached) {
                reached.states().forEach((protocol, state) -> byProtocol
                        .computeIfAbsent(protocol, p -> new LinkedHashMap<>()).put(reached.name(), state.reason().name()));
            }
        }
        List<String> differences = new ArrayList<>();
        String offloaded = ProtocolState.Reason.Offloaded.name();
        byProtocol.forEach((protocol, reasons) -> {
            List<String> on = reasons.entrySet().stream().filter(e -> e.getValue().equals(offloaded)).map(Map.Entry::getKey).toList();
            List<String> off = reasons.entrySet().stream().filter(e -> !e.getValue().equals(offloaded))
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            if (!on.isEmpty() && !off.isEmpty()) {
                differences.add(protocol.specName() + ": offloaded on " + String.join(", ", on) + "; not on "
                        + String.join(", ", off));
            }
        });
        return differences;
    }
}
