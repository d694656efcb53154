package io.ssloffload.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.plan.InFlight;
import io.ssloffload.operator.plan.Rfc3339;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator keeps of each server on the resource itself ({@link AnnotationMemory}), one
 * annotation of each kind per server:
 * <ul>
 *   <li>{@code ssloffload.io/first-observed.<server>}: what the server held before any change, for
 *       Restore ({@link FirstObservedStore});</li>
 *   <li>{@code ssloffload.io/in-flight.<server>}: the change set out and not yet seen through
 *       ({@link InFlight}), written before the change is made;</li>
 *   <li>{@code ssloffload.io/changed.<server>}: that the operator has changed the server, and how
 *       to reach it, written before its first change: Restore puts back every server the operator
 *       changed, whatever the management policy says now, also after it left spec.servers.</li>
 * </ul>
 */
public final class ServerRecords {

    public static final String IN_FLIGHT_PREFIX = "ssloffload.io/in-flight.";
    public static final String CHANGED_PREFIX = "ssloffload.io/changed.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnnotationMemory memory;
    private final FirstObservedStore firstObserved;

    private ServerRecords(AnnotationMemory memory) {
        this.memory = memory;
        this.firstObserved = FirstObservedStore.over(memory);
    }

    /** Kept in the resource object's own annotations, in memory (the CLI, tests). */
    public static ServerRecords inResource(ExchangeSslOffload resource) {
        return new ServerRecords(AnnotationMemory.inResource(resource));
    }

    /** Read from the API server once, and written through to it. */
    public static ServerRecords onCluster(KubernetesClient client, ExchangeSslOffload resource) {
        return new ServerRecords(AnnotationMemory.onCluster(client, resource));
    }

    /**
     * Reads the records now (from the API server, on the cluster), so that one it cannot answer
     * ends the reconcile before any server is contacted.
     */
    void load() {
        memory.all();
    }

    /** Whether {@code e} says the records could not be read or written (the API server), not a server. */
    static boolean unavailable(Throwable e) {
        return AnnotationMemory.Unavailable.is(e);
    }

    public FirstObservedStore firstObserved() {
        return firstObserved;
    }

    /** What is in flight on {@code server}; {@link InFlight#NONE} when nothing is. */
    public InFlight inFlight(String server) {
        return parseInFlight(memory.get(key(IN_FLIGHT_PREFIX, server)));
    }

    /**
     * Recorded before anything is changed on {@code server}: that the operator changes it (with
     * how to reach it) and what it is about to owe, added to what it owed already. Throws when it
     * cannot be stored: then nothing may be changed.
     */
    public InFlight begin(ServerSpec server, InFlight owed) {
        String name = server.getName();
        memory.update(key(CHANGED_PREFIX, name), stored -> stored != null ? stored : formatServer(server));
        InFlight next = inFlight(name).and(owed);
        memory.update(key(IN_FLIGHT_PREFIX, name), stored -> formatInFlight(next));
        return next;
    }

    /** What is still owed on {@code server} after acting; {@link InFlight#NONE} removes the record. */
    public void settle(String server, InFlight remaining) {
        memory.update(key(IN_FLIGHT_PREFIX, server), stored -> formatInFlight(remaining));
    }

    /** Every server the operator has changed, as spec.servers named it then, in name order. */
    public List<ServerSpec> changedServers() {
        List<ServerSpec> servers = new ArrayList<>();
        memory.all().entrySet().stream().filter(e -> e.getKey().startsWith(CHANGED_PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> parseServer(e.getValue()).ifPresent(servers::add));
        return servers;
    }

    /** Drops everything kept of {@code server}: it was put back after leaving the spec. */
    public void forget(String server) {
        for (String key : List.of(key(IN_FLIGHT_PREFIX, server), key(CHANGED_PREFIX, server),
                FirstObservedStore.annotation(server))) {
            memory.update(key, stored -> null);
        }
    }

    /** Annotation keys compare case-sensitively, NetBIOS names do not. */
    private static String key(String prefix, String server) {
        return prefix + server.toLowerCase(Locale.ROOT);
    }

    static String formatInFlight(InFlight inFlight) {
        if (inFlight.isEmpty()) {
            return null;
        }
        ObjectNode root = JSON.createObjectNode();
        if (inFlight.since() != null) {
            root.put("since", Rfc3339.format(inFlight.since()));
        }
        inFlight.appPoolsOwed().forEach(pool -> root.withArray("appPoolsOwed").add(pool));
        if (inFlight.iisResetOwed()) {
            root.put("iisResetOwed", true);
        }
        InFlight.OutlookAnywhereIntent oa = inFlight.outlookAnywhere();
        if (oa != null) {
            ObjectNode node = root.putObject("outlookAnywhere");
            node.put("fingerprint", oa.fingerprint());
            node.put("setTime", Rfc3339.format(oa.setAt()));
            node.put("propagationDeadline", Rfc3339.format(oa.deadline()));
            node.put("answered", oa.answered());
        }
        return root.toString();
    }

    /** A damaged record (edited by hand) reads as nothing in flight, as a damaged first-observed one does. */
    static InFlight parseInFlight(String json) {
        if (json == null || json.isBlank()) {
            return InFlight.NONE;
        }
        try {
            JsonNode root = JSON.readTree(json);
            List<String> pools = new ArrayList<>();
            root.path("appPoolsOwed").forEach(pool -> pools.add(pool.asText()));
            JsonNode oa = root.path("outlookAnywhere");
            InFlight.OutlookAnywhereIntent intent = oa.isObject() ? new InFlight.OutlookAnywhereIntent(
                    oa.path("fingerprint").asText(), time(oa, "setTime"), time(oa, "propagationDeadline"),
                    oa.path("answered").asBoolean(false)) : null;
            return new InFlight(time(root, "since"), pools, root.path("iisResetOwed").asBoolean(false), intent);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return InFlight.NONE;
        }
    }

    private static Instant time(JsonNode node, String field) {
        return Rfc3339.parse(node.path(field).asText(null)).orElse(null);
    }

    private static String formatServer(ServerSpec server) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", server.getName());
        fields.put("address", server.getAddress());
        if (server.getPort() != null) {
            fields.put("port", server.getPort());
        }
        return JSON.valueToTree(fields).toString();
    }

    private static Optional<ServerSpec> parseServer(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!root.hasNonNull("name") || !root.hasNonNull("address")) {
                return Optional.empty();
            }
            ServerSpec server = new ServerSpec();
            server.setName(root.get("name").asText());
            server.setAddress(root.get("address").asText());
            server.setPort(root.hasNonNull("port") ? root.get("port").asInt() : null);
            return Optional.of(server);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
