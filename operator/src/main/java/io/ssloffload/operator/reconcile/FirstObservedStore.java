package io.ssloffload.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.plan.ExtendedProtectionRestore;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where "as first observed" lives: one annotation per server on the resource itself,
 * {@code ssloffload.io/first-observed.<server>}, holding JSON. Not in status, which a user or a
 * GitOps tool can rewrite or drop, and which the operator rebuilds; not in a ConfigMap, which
 * needs its own RBAC and informer and which the garbage collector deletes before the resource
 * under foreground deletion — exactly when Restore needs it. An annotation lives and dies with
 * the resource, survives operator restarts, and no status write touches it ({@link AnnotationMemory}).
 * Values are only added: a write merges into what the API server holds and never replaces a
 * value already there.
 */
public abstract class FirstObservedStore {

    public static final String ANNOTATION_PREFIX = "ssloffload.io/first-observed.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is recorded for {@code server}; {@link FirstObserved#NOTHING} when nothing is. */
    public abstract FirstObserved get(String server);

    /** Adds to what is recorded for {@code server}; values already recorded win. */
    public abstract void record(String server, FirstObserved observed);

    /** Annotation key for a server: NetBIOS names compare case-insensitively, annotation keys do not. */
    public static String annotation(String server) {
        return ANNOTATION_PREFIX + server.toLowerCase(Locale.ROOT);
    }

    /** Over the resource's annotations, as {@link ServerRecords} keeps them. */
    static FirstObservedStore over(AnnotationMemory memory) {
        return new FirstObservedStore() {
            @Override
            public FirstObserved get(String server) {
                return parse(memory.get(annotation(server)));
            }

            @Override
            public void record(String server, FirstObserved observed) {
                memory.update(annotation(server), stored -> {
                    FirstObserved before = parse(stored);
                    FirstObserved merged = merged(before, observed);
                    return merged.equals(before) ? stored : format(merged);
                });
            }
        };
    }

    /** {@code stored} with what {@code observed} adds; stored values win (Extended Protection: see ExtendedProtectionRestore). */
    static FirstObserved merged(FirstObserved stored, FirstObserved observed) {
        Map<Protocol, SslFlags> flags = new EnumMap<>(Protocol.class);
        flags.putAll(observed.sslFlags());
        flags.putAll(stored.sslFlags());
        return new FirstObserved(flags, stored.outlookAnywhere() != null ? stored.outlookAnywhere() : observed.outlookAnywhere(),
                ExtendedProtectionRestore.merged(stored.extendedProtection(), observed.extendedProtection()));
    }

    static String format(FirstObserved observed) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode flags = root.putObject("sslFlags");
        observed.sslFlags().forEach((protocol, value) -> flags.put(protocol.specName(), value.toString()));
        if (!observed.extendedProtection().isEmpty()) {
            ObjectNode tokenChecking = root.putObject("extendedProtection");
            observed.extendedProtection().forEach((protocol, value) -> tokenChecking.put(protocol.specName(), value));
        }
        OutlookAnywhereSettings oa = observed.outlookAnywhere();
        if (oa != null) {
            ObjectNode node = root.putObject("outlookAnywhere");
            node.put("sslOffloading", oa.sslOffloading());
            putIfSet(node, "externalHostname", oa.externalHostname());
            putIfSet(node, "internalHostname", oa.internalHostname());
            if (oa.externalClientsRequireSsl() != null) {
                node.put("externalClientsRequireSsl", oa.externalClientsRequireSsl());
            }
            if (oa.internalClientsRequireSsl() != null) {
                node.put("internalClientsRequireSsl", oa.internalClientsRequireSsl());
            }
            putIfSet(node, "externalClientAuthenticationMethod", oa.externalClientAuthenticationMethod());
            putIfSet(node, "internalClientAuthenticationMethod", oa.internalClientAuthenticationMethod());
            oa.iisAuthenticationMethods().forEach(m -> node.withArray("iisAuthenticationMethods").add(m.name()));
        }
        return root.toString();
    }

    /** A damaged annotation (edited by hand) reads as nothing recorded rather than stopping the operator. */
    static FirstObserved parse(String json) {
        if (json == null || json.isBlank()) {
            return FirstObserved.NOTHING;
        }
        try {
            JsonNode root = JSON.readTree(json);
            Map<Protocol, SslFlags> flags = new HashMap<>();
            root.path("sslFlags").fields().forEachRemaining(entry -> Protocol.fromSpecName(entry.getKey())
                    .ifPresent(protocol -> flags.put(protocol, SslFlags.parse(entry.getValue().asText()))));
            Map<Protocol, String> tokenChecking = new HashMap<>();
            root.path("extendedProtection").fields().forEachRemaining(entry -> Protocol.fromSpecName(entry.getKey())
                    .ifPresent(protocol -> tokenChecking.put(protocol, entry.getValue().asText())));
            JsonNode oa = root.path("outlookAnywhere");
            OutlookAnywhereSettings settings = oa.isObject() ? new OutlookAnywhereSettings(
                    text(oa, "externalHostname"), text(oa, "internalHostname"),
                    bool(oa, "externalClientsRequireSsl"), bool(oa, "internalClientsRequireSsl"),
                    method(text(oa, "externalClientAuthenticationMethod")),
                    method(text(oa, "internalClientAuthenticationMethod")),
                    iisMethods(oa.path("iisAuthenticationMethods")), oa.path("sslOffloading").asBoolean()) : null;
            return new FirstObserved(flags, settings, tokenChecking);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return FirstObserved.NOTHING;
        }
    }

    private static List<AuthenticationMethod> iisMethods(JsonNode array) {
        List<AuthenticationMethod> methods = new ArrayList<>();
        array.forEach(m -> methods.add(AuthenticationMethod.valueOf(m.asText())));
        return methods;
    }

    private static void putIfSet(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value instanceof Enum<?> e ? e.name() : value.toString());
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Boolean bool(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asBoolean() : null;
    }

    private static AuthenticationMethod method(String name) {
        return name == null ? null : AuthenticationMethod.valueOf(name);
    }
}
