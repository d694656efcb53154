package io.ssloffload.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The resource's own annotations as the operator's durable memory of its servers (what was first
 * observed, what is in flight). An annotation lives and dies with the resource, survives operator
 * restarts and is never touched by a status write. Each update is written before it returns, as a
 * merge patch of that one key with the resourceVersion read as its precondition, so a write
 * never undoes another and a cache that has not yet seen the last write cannot mislead the
 * operator: on the cluster, what is read comes from the API server itself, once per reconcile.
 */
abstract class AnnotationMemory {

    /**
     * The API server could not be asked or told: a failure of the reconcile, not of any server,
     * so it ends the reconcile (JOSDK retries it) instead of reaching a server's status.
     */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        /** Whether {@code e} or one of its causes is one (JOSDK may wrap what a reconcile threw). */
        static boolean is(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Unavailable) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 5;

    /** The value of {@code key}, or null. */
    abstract String get(String key);

    /** Every annotation, for the keys of one kind. */
    abstract Map<String, String> all();

    /**
     * Sets {@code key} to {@code update} of its stored value (null removes it), stored before this
     * returns; throws {@link Unavailable} when it cannot be stored, and then nothing that depends on
     * it may be done.
     */
    abstract void update(String key, UnaryOperator<String> update);

    /** The resource object's own annotations, in memory (the CLI, tests). */
    static AnnotationMemory inResource(ExchangeSslOffload resource) {
        return new AnnotationMemory() {
            @Override
            synchronized String get(String key) {
                return all().get(key);
            }

            @Override
            synchronized Map<String, String> all() {
                Map<String, String> annotations = new LinkedHashMap<>();
                // a merge patch's null removes a key; a copy that still shows it with a null value has no value there
                Objects.requireNonNullElse(resource.getMetadata().getAnnotations(), Map.<String, String>of())
                        .forEach((key, value) -> {
                            if (value != null) {
                                annotations.put(key, value);
                            }
                        });
                return annotations;
            }

            @Override
            synchronized void update(String key, UnaryOperator<String> update) {
                Map<String, String> annotations = new LinkedHashMap<>(
                        Objects.requireNonNullElse(resource.getMetadata().getAnnotations(), Map.of()));
                String next = update.apply(annotations.get(key));
                if (next == null) {
                    annotations.remove(key);
                } else {
                    annotations.put(key, next);
                }
                resource.getMetadata().setAnnotations(annotations);
            }
        };
    }

    /**
     * Reads the resource from the API server when first asked (the informer's copy may predate
     * the last write), writes through to it, and keeps {@code resource}'s own annotations in step.
     */
    static AnnotationMemory onCluster(KubernetesClient client, ExchangeSslOffload resource) {
        AnnotationMemory local = inResource(resource);
        return new AnnotationMemory() {
            private boolean read;

            @Override
            synchronized String get(String key) {
                return all().get(key);
            }

            @Override
            synchronized Map<String, String> all() {
                if (!read) {
                    follow(live());
                }
                return local.all();
            }

            @Override
            synchronized void update(String key, UnaryOperator<String> update) {
                String known = get(key);
                if (Objects.equals(update.apply(known), known)) {
                    // read from the API server in this reconcile and written through since: nothing to write
                    return;
                }
                for (int attempt = 1; ; attempt++) {
                    ExchangeSslOffload live = live();
                    Map<String, String> stored = Objects.requireNonNullElse(live.getMetadata().getAnnotations(), Map.of());
                    String next = update.apply(stored.get(key));
                    if (Objects.equals(next, stored.get(key))) {
                        follow(live);
                        return;
                    }
                    ObjectNode patch = JSON.createObjectNode();
                    ObjectNode metadata = patch.putObject("metadata");
                    // a merge patch's resourceVersion is a precondition: 409 if another write came first
                    metadata.put("resourceVersion", live.getMetadata().getResourceVersion());
                    ObjectNode annotations = metadata.putObject("annotations");
                    if (next == null) {
                        annotations.putNull(key);
                    } else {
                        annotations.put(key, next);
                    }
                    try {
                        ExchangeSslOffload patched = client.resources(ExchangeSslOffload.class)
                                .inNamespace(resource.getMetadata().getNamespace())
                                .withName(resource.getMetadata().getName())
                                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
                        follow(patched);
                        return;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                            throw new Unavailable("could not write annotation " + key + ": " + e.getMessage(), e);
                        }
                    }
                }
            }

            /**
             * The resource object takes the stored annotations and their resourceVersion, so that a later
             * write of this reconcile (JOSDK's error status) is not refused as based on an older version.
             */
            private void follow(ExchangeSslOffload stored) {
                resource.getMetadata().setAnnotations(stored.getMetadata().getAnnotations());
                resource.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
                read = true;
            }

            private ExchangeSslOffload live() {
                ExchangeSslOffload live;
                try {
                    live = client.resources(ExchangeSslOffload.class).inNamespace(resource.getMetadata().getNamespace())
                            .withName(resource.getMetadata().getName()).get();
                } catch (KubernetesClientException e) {
                    throw new Unavailable("could not read the resource's annotations: " + e.getMessage(), e);
                }
                if (live == null) {
                    throw new Unavailable("the resource is gone", null);
                }
                return live;
            }
        };
    }
}
