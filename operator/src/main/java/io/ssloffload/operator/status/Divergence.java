package io.ssloffload.operator.status;

import io.ssloffload.operator.protocol.Protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Microsoft requires every Client Access Server of a fleet to be configured the same. Says, per
 * protocol, which servers stand differently from the others (offloaded on some, still requiring
 * SSL, refused or held back on others), the smallest group first. Only servers that answered are
 * compared. Pure.
 */
public final class Divergence {

    private Divergence() {
    }

    /** e.g. "owa: Refused on CAS02; Offloaded on CAS01, CAS03"; empty when every server agrees. */
    public static List<String> of(List<ServerOutcome> outcomes) {
        Map<Protocol, Map<String, List<String>>> byProtocol = new EnumMap<>(Protocol.class);
        for (ServerOutcome outcome : outcomes) {
            if (outcome instanceof ServerOutcome.Reached reached) {
                reached.states().forEach((protocol, state) -> byProtocol
                        .computeIfAbsent(protocol, p -> new LinkedHashMap<>())
                        .computeIfAbsent(state.reason().name(), r -> new ArrayList<>()).add(reached.name()));
            }
        }
        List<String> differences = new ArrayList<>();
        byProtocol.forEach((protocol, serversByReason) -> {
            if (serversByReason.size() > 1) {
                differences.add(protocol.specName() + ": " + serversByReason.entrySet().stream()
                        .sorted(Comparator.comparingInt(e -> e.getValue().size()))
                        .map(e -> e.getKey() + " on " + String.join(", ", e.getValue()))
                        .collect(Collectors.joining("; ")));
            }
        });
        return differences;
    }
}
