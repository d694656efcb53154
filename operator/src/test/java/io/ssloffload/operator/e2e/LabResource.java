package io.ssloffload.operator.e2e;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.GeneratedCrd;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.ssloffload.operator.api.CrdOnApiServerTest.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code examples/simulator.yaml}'s resource ({@code exchange-lab/lab}) on the API server, read
 * as a user reads it, and the chart's RBAC for the operator that reconciles it.
 */
final class LabResource {

    static final String NAMESPACE = "exchange-lab";
    static final String NAME = "lab";
    static final String RESOURCE = "exchangessloffload/" + NAME;
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RBAC_RELEASE = "lab-rbac";
    /** The Lease the chart's RBAC lets the operator hold: the chart names it after the release. */
    static final String LEASE = RBAC_RELEASE + "-exchange-ssl-offload-operator";

    private LabResource() {
    }

    /** The chart's ServiceAccount RBAC, rendered by Helm for the harness's operator identity, applied. */
    static void applyChartRbac(KubeApiServer apiServer) {
        applyChartRbac(apiServer, NAMESPACE);
    }

    /** The same, watching {@code namespace} instead of the lab's. */
    static void applyChartRbac(KubeApiServer apiServer, String namespace) {
        apiServer.ensureNamespace(apiServer.operatorNamespace());
        apiServer.ensureNamespace(namespace);
        String rbac = new Helm(GeneratedCrd.HELM_CHART).template().withName(RBAC_RELEASE)
                .withNamespace(apiServer.operatorNamespace())
                .set("serviceAccount.name", apiServer.operatorServiceAccount())
                .set("watch.namespaces[0]", namespace).call();
        // The chart's identity, RBAC and Lease only: its Deployment would really run on a test node
        // sharing this API server. A release name of its own keeps these objects from carrying the
        // labels of the release the node tests install and then check is gone cluster-wide.
        rbac = java.util.Arrays.stream(rbac.split("(?m)^---\\s*$"))
                .filter(document -> !document.contains("\nkind: Deployment") && !document.contains("\nkind: Service\n"))
                .collect(java.util.stream.Collectors.joining("\n---\n"));
        succeeded(apiServer.kubectlWithStdin(rbac, "apply", "-f", "-"));
    }

    /** A Secret whose {@code ca.crt} is {@code pem}, the one key {@code winrm.caSecretRef} reads by default, as YAML for kubectl. */
    static String caSecretYaml(String namespace, String name, String pem) {
        return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %s
                  namespace: %s
                stringData:
                  ca.crt: |
                %s
                """.formatted(name, namespace, pem.lines().map(line -> "    " + line).collect(java.util.stream.Collectors.joining("\n")));
    }

    /** {@code kubectl get exchangesslofload lab}'s row, after checking the documented columns. */
    static List<String> row(KubeApiServer apiServer) {
        KubectlResult listed = succeeded(apiServer.kubectl("get", "exchangesslofload", NAME, "-n", NAMESPACE));
        List<String> lines = listed.stdout().lines().toList();
        assertEquals(List.of("NAME", "READY", "REASON", "SERVERS", "AGE"), List.of(lines.get(0).trim().split("\\s+")));
        return List.of(lines.get(1).trim().split("\\s+"));
    }

    static Optional<ExchangeSslOffload> read(KubeApiServer apiServer) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(NAME).get());
    }

    static Optional<Condition> readyCondition(KubeApiServer apiServer) {
        return read(apiServer).filter(lab -> lab.getStatus() != null)
                .flatMap(lab -> lab.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst());
    }

    static void awaitReady(KubeApiServer apiServer, Predicate<Condition> expected, String what) {
        awaitReady(apiServer, expected, what, () -> "");
    }

    /** Waits for the Ready condition to match, at most {@link #WAIT}; the message adds {@code context}. */
    static void awaitReady(KubeApiServer apiServer, Predicate<Condition> expected, String what, Supplier<String> context) {
        await(() -> readyCondition(apiServer).filter(expected).isPresent(),
                () -> what + ": Ready is " + readyCondition(apiServer) + context.get());
    }

    /** A condition of the resource {@code name} in {@code namespace}, once it has a status. */
    static Optional<Condition> condition(KubeApiServer apiServer, String namespace, String name, String type) {
        return Optional.ofNullable(apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(namespace)
                        .withName(name).get())
                .filter(resource -> resource.getStatus() != null)
                .flatMap(resource -> resource.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst());
    }

    /** Waits for that condition to match, at most {@link #WAIT}, and returns it; the message adds {@code context}. */
    static Condition awaitCondition(KubeApiServer apiServer, String namespace, String name, String type,
                                    Predicate<Condition> expected, Supplier<String> context) {
        await(() -> condition(apiServer, namespace, name, type).filter(expected).isPresent(),
                () -> name + ": " + type + " is " + condition(apiServer, namespace, name, type) + context.get());
        return condition(apiServer, namespace, name, type).orElseThrow();
    }

    /** Polls {@code done} every 250 ms for at most {@link #WAIT}, then fails with {@code message}. */
    static void await(Supplier<Boolean> done, Supplier<String> message) {
        await(WAIT, done, message);
    }

    /** Polls {@code done} every 250 ms for at most {@code timeout}, then fails with {@code message}. */
    static void await(Duration timeout, Supplier<Boolean> done, Supplier<String> message) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(message.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
