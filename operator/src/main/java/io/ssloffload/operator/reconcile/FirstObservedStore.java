package io.ssloffload.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.plan.ExtendedProtectionRestore;
import io.ssloffload.operator.plan.FirstObserved;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where "as first observed" lives: one annotation per server on the resource itself,
 * {@code ssloffload.io/first-observed.<server>}, holding JSON. Not in status, which a user or a
 * GitOps tool can rewrite or drop, and which the operator rebuilds; not in a ConfigMap, which
 * needs its own RBAC and informer and which the garbage collector deletes before the resource
 * under foreground deletion — exactly when Restore needs it. An annotation lives and dies with
 * the resource, is read with it from the informer cache, survives operator restarts, and no
 * status write touches it. Values are only added: a write merges into what the API server holds
 * (read afresh, with its resourceVersion as precondition) and never replaces a value already there.
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

    /** Reads and writes the resource object's own annotations, in memory (the CLI's {@code apply}, tests). */
    public static FirstObservedStore inResource(ExchangeSslOffload resource) {
        return new FirstObservedStore() {
            @Override
            public synchronized FirstObserved get(String server) {
                return parse(annotations(resource.getMetadata()).get(annotation(server)));
            }

            @Override
            public synchronized void record(String server, FirstObserved observed) {
                Map<String, String> annotations = new LinkedHashMap<>(annotations(resource.getMetadata()));
                annotations.put(annotation(server), format(merged(parse(annotations.get(annotation(server))), observed)));
                resource.getMetadata().setAnnotations(annotations);
            }
        };
    }

    /**
     * Reads the resource as given (the informer's copy) and writes through to the API server,
     * merging into the stored annotation, so a cache that has not yet seen the last write cannot
     * make the operator record its own work as the original.
     */
    public static FirstObservedStore onCluster(KubernetesClient client, ExchangeSslOffload resource) {
        FirstObservedStore cached = inResource(resource);
        return new FirstObservedStore() {
            @Override
            public FirstObserved get(String server) {
                return cached.get(server);
            }

            @Override
            public synchronized void record(String server, FirstObserved observed) {
                String key = annotation(server);
                for (int attempt = 1; ; attempt++) {
                    ExchangeSslOffload live = client.resources(ExchangeSslOffload.class)
                            .inNamespace(resource.getMetadata().getNamespace())
                            .withName(resource.getMetadata().getName()).get();
                    if (live == null) {
                        throw new IllegalStateException("the resource is gone; first-observed values not recorded");
                    }
                    FirstObserved stored = parse(annotations(live.getMetadata()).get(key));
                    FirstObserved merged = merged(stored, observed);
                    if (merged.equals(stored)) {
                        cached.record(server, merged);
                        return;
                    }
                    ObjectNode patch = JSON.createObjectNode();
                    ObjectNode metadata = patch.putObject("metadata");
                    // a merge patch's resourceVersion is a precondition: 409 if another write came first
                    metadata.put("resourceVersion", live.getMetadata().getResourceVersion());
                    metadata.putObject("annotations").put(key, format(merged));
                    try {
                        client.resources(ExchangeSslOffload.class).inNamespace(resource.getMetadata().getNamespace())
                                .withName(resource.getMetadata().getName())
                                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
                        cached.record(server, merged);
                        return;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409 || attempt >= 5) {
                            throw new IllegalStateException("could not record what was first observed on " + server
                                    + " in annotation " + key + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
        };
    }

    private static Map<String, String> annotations(ObjectMeta metadata) {
        return metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
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
