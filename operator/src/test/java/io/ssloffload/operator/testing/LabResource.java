package io.ssloffload.operator.testing;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/simulator.yaml}'s resource ({@code exchange-lab/lab}) on the API server, and any
 * other resource's conditions, read as a user reads them and waited for with {@link Waits}.
 */
public final class LabResource {

    public static final String NAMESPACE = "exchange-lab";
    public static final String NAME = "lab";
    public static final String RESOURCE = "exchangessloffload/" + NAME;

    private LabResource() {
    }

    /** {@code kubectl get exchangesslofload lab}'s row, after checking the documented columns. */
    public static List<String> row(KubeApiServer apiServer) {
        KubectlResult listed = succeeded(apiServer.kubectl("get", "exchangesslofload", NAME, "-n", NAMESPACE));
        List<String> lines = listed.stdout().lines().toList();
        assertThat(lines.get(0).trim().split("\\s+")).as("the printer columns").containsExactly(
                "NAME", "READY", "REASON", "SERVERS", "AGE");
        return List.of(lines.get(1).trim().split("\\s+"));
    }

    public static Optional<ExchangeSslOffload> read(KubeApiServer apiServer) {
        return read(apiServer, NAMESPACE, NAME);
    }

    public static Optional<ExchangeSslOffload> read(KubeApiServer apiServer, String namespace, String name) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(namespace).withName(name).get());
    }

    public static Optional<Condition> readyCondition(KubeApiServer apiServer) {
        return condition(apiServer, NAMESPACE, NAME, "Ready");
    }

    public static void awaitReady(KubeApiServer apiServer, Predicate<Condition> expected, String what) {
        awaitReady(apiServer, expected, what, () -> "");
    }

    /** Waits for the Ready condition to match, at most {@link Waits#DEFAULT}; the message adds {@code context}. */
    public static void awaitReady(KubeApiServer apiServer, Predicate<Condition> expected, String what, Supplier<String> context) {
        Waits.until(() -> readyCondition(apiServer).filter(expected).isPresent(),
                () -> what + ": Ready is " + readyCondition(apiServer) + context.get());
    }

    /** A condition of {@code resource}, once it has a status. */
    public static Optional<Condition> condition(ExchangeSslOffload resource, String type) {
        return Optional.ofNullable(resource.getStatus())
                .flatMap(status -> status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst());
    }

    /** A condition of the resource {@code name} in {@code namespace}, once it has a status. */
    public static Optional<Condition> condition(KubeApiServer apiServer, String namespace, String name, String type) {
        return read(apiServer, namespace, name).flatMap(resource -> condition(resource, type));
    }

    /** Waits for that condition to match, at most {@link Waits#DEFAULT}, and returns it; the message adds {@code context}. */
    public static Condition awaitCondition(KubeApiServer apiServer, String namespace, String name, String type,
                                           Predicate<Condition> expected, Supplier<String> context) {
        return awaitCondition(apiServer, namespace, name, type, expected, Waits.DEFAULT, context);
    }

    /** The same, at most {@code timeout}. */
    public static Condition awaitCondition(KubeApiServer apiServer, String namespace, String name, String type,
                                           Predicate<Condition> expected, Duration timeout, Supplier<String> context) {
        Waits.until(timeout, () -> condition(apiServer, namespace, name, type).filter(expected).isPresent(),
                () -> name + ": " + type + " is " + condition(apiServer, namespace, name, type) + context.get());
        return condition(apiServer, namespace, name, type).orElseThrow();
    }
}
