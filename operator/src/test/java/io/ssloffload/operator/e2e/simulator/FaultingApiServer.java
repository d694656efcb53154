package io.ssloffload.operator.e2e.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import io.ssloffload.operator.testing.LabResource;

/**
 * fabric8's mock API server in CRUD mode, with what it lacks for the operator and the faults a
 * real API server does not produce on demand. Its CRUD store serves lists, gets, merge patches
 * (with resourceVersion preconditions), Events and watches over WebSocket; on top of it:
 * <ul>
 *     <li>server-side apply, which the CRUD store does not know: an apply of {@code /status}
 *     replaces the status (what a forced apply by the status's only field manager amounts to),
 *     an apply of the object merges into it, and a resourceVersion in the applied object is a
 *     precondition (409 when stale);</li>
 *     <li>{@linkplain #failNext faults}: the next requests matching a predicate get a given answer
 *     (409, 429 with Retry-After, 500, 410 Gone for a watch) instead of reaching the store;</li>
 *     <li>{@linkplain #silenceWatches silenced} and {@linkplain #dropWatches dropped} watches:
 *     a watch that stops delivering events, then a connection closed by the server.</li>
 * </ul>
 * Every request is recorded with the code it was answered with, so tests can count retries.
 */
final class FaultingApiServer implements AutoCloseable {

    static final String APPLY_PATCH = PatchType.SERVER_SIDE_APPLY.getContentType();
    static final String RESOURCES_PATH = "/apis/ssloffload.io/v1alpha1/namespaces/" + LabResource.NAMESPACE
            + "/exchangessloffloads";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** A request as received, and the code it was answered with (101 for a watch's upgrade). */
    record Request(String method, String path, String contentType, String body, int code) {
        boolean isStatusApply() {
            return "PATCH".equals(method) && pathOnly().endsWith("/status") && APPLY_PATCH.equals(contentType);
        }

        boolean isWatch() {
            return "GET".equals(method) && path.contains("watch=true");
        }

        boolean isList() {
            return "GET".equals(method) && !path.contains("watch=true") && pathOnly().endsWith("s");
        }

        String pathOnly() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        @Override
        public String toString() {
            return method + " " + path + " " + code;
        }

        /** The status this request applies, as the operator's model reads it (only for a status apply). */
        ExchangeSslOffload applied() {
            return SERIALIZATION.unmarshal(body, ExchangeSslOffload.class);
        }
    }

    private record Fault(Predicate<Request> matches, AtomicInteger remaining, int code, Map<String, String> headers) {
    }

    private record Hook(Predicate<Request> matches, AtomicInteger remaining, Runnable action) {
    }

    private final KubernetesCrudDispatcher store;
    private final KubernetesMockServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();

    FaultingApiServer() {
        CustomResourceDefinitionContext crd = new CustomResourceDefinitionContext.Builder()
                .withGroup("ssloffload.io").withVersion("v1alpha1").withPlural("exchangessloffloads")
                .withKind("ExchangeSslOffload").withScope("Namespaced").withStatusSubresource(true).build();
        store = new KubernetesCrudDispatcher(List.of(crd));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return FaultingApiServer.this.dispatch(request);
            }
        }, false);
        server.init();
    }

    /** A client of this server, configured as the mock server configures its own. */
    KubernetesClient client() {
        return server.createClient();
    }

    /** The next {@code times} requests matching {@code matches} are answered {@code code} with {@code headers}. */
    void failNext(Predicate<Request> matches, int times, int code, Map<String, String> headers) {
        faults.add(new Fault(matches, new AtomicInteger(times), code, headers));
    }

    /**
     * The next watch matching {@code matches} is answered as the API server answers a watch from a
     * resourceVersion it no longer has (compacted, or the server restarted): the watch opens, its
     * one event is an ERROR holding a 410 Gone Status, and it ends. Recorded with code 410.
     */
    void expireNextWatch(Predicate<Request> matches) {
        faults.add(new Fault(request -> request.isWatch() && matches.test(request), new AtomicInteger(1), 410, Map.of()));
    }

    /** Runs {@code action} just before the first request matching {@code matches} reaches the store. */
    void beforeNext(Predicate<Request> matches, Runnable action) {
        hooks.add(new Hook(matches, new AtomicInteger(1), action));
    }

    /** Open watches on paths containing {@code pathPart} deliver nothing from now on (their connection stays open). */
    void silenceWatches(String pathPart) {
        watches.stream().filter(watch -> watch.path.contains(pathPart)).forEach(watch -> watch.silenced = true);
    }

    /** Closes, from the server's side, the open watches on paths containing {@code pathPart}. */
    int dropWatches(String pathPart) {
        List<Watch> dropped = watches.stream().filter(watch -> watch.path.contains(pathPart)).toList();
        dropped.forEach(watch -> {
            watches.remove(watch);
            watch.socket.close(1000, "watch closed by the server");
        });
        return dropped.size();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(Predicate<Request> matches) {
        return requests.stream().filter(matches).count();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private MockResponse dispatch(RecordedRequest received) {
        String contentType = received.getHeader("Content-Type");
        String mediaType = contentType == null ? null : contentType.split(";")[0].strip();
        // getBytes, not getUtf8Body, which empties the buffer the store reads next
        String body = received.getBody() == null ? "" : new String(received.getBody().getBytes(), StandardCharsets.UTF_8);
        Request request = new Request(received.getMethod(), received.getPath(), mediaType, body, 0);
        for (Fault fault : faults) {
            if (fault.matches.test(request) && fault.remaining.getAndDecrement() > 0) {
                requests.add(answered(request, fault.code));
                if (request.isWatch()) {
                    return new MockResponse().withWebSocketUpgrade(new Expired());
                }
                MockResponse response = new MockResponse().setResponseCode(fault.code).setBody(SERIALIZATION.asJson(
                        new StatusBuilder().withStatus("Failure").withCode(fault.code)
                                .withReason(reason(fault.code)).withMessage("injected by the test").build()));
                fault.headers.forEach(response::setHeader);
                return response;
            }
        }
        hooks.stream().filter(hook -> hook.matches.test(request) && hook.remaining.getAndDecrement() > 0)
                .forEach(hook -> hook.action.run());
        if (APPLY_PATCH.equals(mediaType) && staleResourceVersion(request)) {
            requests.add(answered(request, 409));
            return new MockResponse().setResponseCode(409).setBody(SERIALIZATION.asJson(new StatusBuilder()
                    .withStatus("Failure").withCode(409).withReason("Conflict")
                    .withMessage("the object has been modified; please apply your changes to the latest version").build()));
        }
        MockResponse response = store.dispatch(APPLY_PATCH.equals(mediaType) ? asStorePatch(received, request) : received);
        if ("PATCH".equals(request.method()) && response.code() == 202) {
            // the store says 202 Accepted to a patch it has applied; the API server says 200
            response.setResponseCode(200);
        }
        if (request.isWatch() && response.getWebSocketListener() != null) {
            Watch watch = new Watch(request.path(), response.getWebSocketListener());
            requests.add(answered(request, 101));
            return response.withWebSocketUpgrade(watch);
        }
        requests.add(answered(request, response.code()));
        return response;
    }

    /** An apply naming a resourceVersion is a precondition, as on the API server (JOSDK's status apply names one). */
    private boolean staleResourceVersion(Request request) {
        String applied = SERIALIZATION.unmarshal(request.body(), GenericKubernetesResource.class).getMetadata()
                .getResourceVersion();
        if (applied == null) {
            return false;
        }
        String object = request.pathOnly().replaceFirst("/status$", "");
        MockResponse current = store.handleGet(object);
        return current.code() == 200 && !applied.equals(SERIALIZATION.unmarshal(
                new String(current.getBody().getBytes(), StandardCharsets.UTF_8), GenericKubernetesResource.class)
                .getMetadata().getResourceVersion());
    }

    private static Request answered(Request request, int code) {
        return new Request(request.method(), request.path(), request.contentType(), request.body(), code);
    }

    private static String reason(int code) {
        return switch (code) {
            case 409 -> "Conflict";
            case 429 -> "TooManyRequests";
            default -> "InternalError";
        };
    }

    /** A server-side apply as a patch the CRUD store knows: JSON patch replacing the status, or a merge patch. */
    private static RecordedRequest asStorePatch(RecordedRequest received, Request request) {
        GenericKubernetesResource applied = SERIALIZATION.unmarshal(request.body(), GenericKubernetesResource.class);
        String body;
        PatchType type;
        if (request.pathOnly().endsWith("/status")) {
            ArrayNode patch = JSON.createArrayNode();
            patch.addObject().put("op", "add").put("path", "/status")
                    .set("value", JSON.valueToTree(applied.getAdditionalProperties().get("status")));
            body = patch.toString();
            type = PatchType.JSON;
        } else {
            body = SERIALIZATION.asJson(applied);
            type = PatchType.JSON_MERGE;
        }
        Headers.Builder headers = Headers.builder();
        received.getHeaders().toMultimap().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> headers.add(name, value));
            }
        });
        // without fieldManager and force, which the store would take as part of the path
        return new RecordedRequest(received.getHttpVersion(), received.method(), request.pathOnly(),
                headers.add("Content-Type", type.getContentType()).build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A watch from an expired resourceVersion: one ERROR event with 410 Gone, then the end. */
    private static final class Expired extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            webSocket.send(SERIALIZATION.asJson(Map.of("type", "ERROR", "object", new StatusBuilder()
                    .withStatus("Failure").withCode(410).withReason("Expired")
                    .withMessage("too old resource version (injected by the test)").build())));
            webSocket.close(1000, "");
        }
    }

    /** The store's listener for one watch, through a socket that can be silenced and closed by the test. */
    private final class Watch extends WebSocketListener {
        final String path;
        private final WebSocketListener store;
        volatile boolean silenced;
        volatile WebSocket socket;

        Watch(String path, WebSocketListener store) {
            this.path = path;
            this.store = store;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            store.onBeforeAccept(wrapped(webSocket), response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            watches.add(this);
            store.onOpen(wrapped(webSocket), response);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            store.onClosing(wrapped(webSocket), code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            watches.remove(this);
            store.onClosed(wrapped(webSocket), code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            watches.remove(this);
            store.onFailure(wrapped(webSocket), failure, response);
        }

        private synchronized WebSocket wrapped(WebSocket webSocket) {
            if (socket == null) {
                socket = new WebSocket() {
                    @Override
                    public RecordedRequest request() {
                        return webSocket.request();
                    }

                    @Override
                    public boolean send(String text) {
                        return silenced || webSocket.send(text);
                    }

                    @Override
                    public boolean send(byte[] bytes) {
                        return silenced || webSocket.send(bytes);
                    }

                    @Override
                    public boolean close(int code, String reason) {
                        return webSocket.close(code, reason);
                    }
                };
            }
            return socket;
        }
    }
}
