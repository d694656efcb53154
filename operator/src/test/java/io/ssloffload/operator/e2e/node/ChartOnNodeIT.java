package io.ssloffload.operator.e2e.node;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubeNode;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.kubeharness.WithKubeNode;
import io.ssloffload.operator.api.GeneratedCrd;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.cli.OperatorOptions;
import io.ssloffload.operator.gitops.GitOpsHealth;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.Waits;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a platform team does, on a real node: the image built by the {@code image} profile
 * imported into containerd, the chart installed with Helm, its Deployment's Pod run by the
 * kubelet (probes, security context, the ServiceAccount token the controller manager minted),
 * the operator in it converging simulated servers; an upgrade with new values; an uninstall.
 * Status documents the operator wrote are read back from the API server and judged by the Argo
 * CD health script and kstatus's rules; copies land in {@code target/gitops-documents/}.
 */
@WithKubeNode
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartOnNodeIT {

    static final Path IMAGE = Path.of("target", "image", "exchange-ssl-offload-operator.tar");
    private static final Path DOCUMENTS = Path.of("target", "gitops-documents");
    private static final String RELEASE = "sslo";
    private static final String HOME = "sslo-system";
    private static final String WATCHED = "node-lab";
    private static final String ADDED = "node-lab-added";
    private static final String UNWATCHED = "node-unwatched";
    /** The release's full name: its Deployment, ServiceAccount, Lease and namespaced RBAC. */
    private static final String OPERATOR = RELEASE + "-exchange-ssl-offload-operator";
    /** Chart 0.1.0 as released (commit 6e589cd), for the upgrade. */
    private static final Path CHART_0_1_0 = Path.of("src", "test", "resources", "charts", "exchange-ssl-offload-operator-0.1.0");
    /** The ClusterRole and the RoleBindings in watched namespaces carry the release namespace too. */
    private static final String CLUSTER_NAME = HOME + "-" + OPERATOR;
    private static final ResourceDefinitionContext SSLO = ResourceDefinitionContext.fromResourceType(ExchangeSslOffload.class);

    private static CasSimulator simulator;
    private static CasSimulator addedSimulator;
    private static int healthPort;
    private static String firstPod;

    @BeforeAll
    static void start(KubeApiServer apiServer, KubeNode node) throws IOException {
        assertTrue(Files.isRegularFile(IMAGE), IMAGE + " is missing: `mvn package` builds it when umoci is installed"
                + " (.ci/install-deps.sh)");
        node.importImages(IMAGE);
        removeRbacAppliedWithoutHelm(apiServer);
        simulator = CasSimulator.builder().servers(2).credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).start();
        // its own server name: a server named in two resources is claimed by the earlier one
        addedSimulator = CasSimulator.builder().server("CAS11", 0).credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).start();
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        SimulatedFleet.turnOffOutlookAnywhereOffloading(addedSimulator);
        // Helm fails an install whose watched namespace does not exist: they come first, as in the README.
        for (String namespace : List.of(WATCHED, ADDED, UNWATCHED)) {
            apiServer.ensureNamespace(namespace);
            apiServer.adminClient().resource(new SecretBuilder().withNewMetadata().withName(SimulatedFleet.SECRET)
                    .withNamespace(namespace).endMetadata().withType("kubernetes.io/basic-auth")
                    .withStringData(Map.of("username", SimulatedFleet.USER, "password", SimulatedFleet.PASSWORD))
                    .build()).serverSideApply();
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            healthPort = socket.getLocalPort();
        }
    }

    /**
     * Earlier tests on this API server apply the chart's RBAC with kubectl, under the same names;
     * Helm refuses to install over objects it does not own, so those go first.
     */
    private static void removeRbacAppliedWithoutHelm(KubeApiServer apiServer) {
        var rbac = apiServer.adminClient().rbac();
        java.util.function.Predicate<io.fabric8.kubernetes.api.model.HasMetadata> byHand = object ->
                object.getMetadata().getName().startsWith(OPERATOR)
                        && (object.getMetadata().getAnnotations() == null
                        || !object.getMetadata().getAnnotations().containsKey("meta.helm.sh/release-name"));
        rbac.clusterRoles().list().getItems().stream().filter(byHand).forEach(o -> rbac.clusterRoles().resource(o).delete());
        rbac.clusterRoleBindings().list().getItems().stream().filter(byHand)
                .forEach(o -> rbac.clusterRoleBindings().resource(o).delete());
        rbac.roles().inAnyNamespace().list().getItems().stream().filter(byHand).forEach(o -> rbac.roles().resource(o).delete());
        rbac.roleBindings().inAnyNamespace().list().getItems().stream().filter(byHand)
                .forEach(o -> rbac.roleBindings().resource(o).delete());
    }

    @AfterAll
    static void stop(KubeApiServer apiServer) {
        if (apiServer.adminClient().apps().deployments().inNamespace(HOME).withName(OPERATOR).get() != null) {
            Helm.uninstall(RELEASE).withNamespace(HOME).withKubeConfig(apiServer.adminKubeconfig()).call();
        }
        for (CasSimulator s : new CasSimulator[] {simulator, addedSimulator}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    @Order(1)
    void theInstalledChartRunsAHealthyPodThatHoldsTheLease(KubeApiServer apiServer, KubeNode node) throws Exception {
        Instant started = Instant.now();
        new Helm(GeneratedCrd.HELM_CHART).install().withName(RELEASE).withNamespace(HOME).createNamespace()
                .withKubeConfig(apiServer.adminKubeconfig()).withValuesFile(values(apiServer, "5m", WATCHED))
                .waitReady().withTimeout(240).call();
        System.out.printf("helm install --wait: %d s%n", Duration.between(started, Instant.now()).toSeconds());

        Pod pod = operatorPod(apiServer);
        firstPod = pod.getMetadata().getName();
        assertEquals(node.name(), pod.getSpec().getNodeName());
        assertEquals("Running", pod.getStatus().getPhase(), () -> diagnostics(apiServer, node));
        assertEquals("True", podCondition(pod, "Ready"), "the kubelet's readiness probe passes");
        var container = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(container.getReady(), () -> diagnostics(apiServer, node));
        assertEquals(0, container.getRestartCount(), () -> "the liveness probe never failed\n" + diagnostics(apiServer, node));
        assertTrue(pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                        .anyMatch(m -> m.getMountPath().equals("/var/run/secrets/kubernetes.io/serviceaccount")),
                "the ServiceAccount token the controller manager created is mounted");

        // What the kubelet probes, asked directly (hostNetwork: the Pod's port is the node's).
        assertEquals("200 ok", get("/readyz"));
        assertEquals("200 ok", get("/healthz"));
        assertEquals(405, HttpClient.newHttpClient().send(HttpRequest.newBuilder(health("/readyz"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

        Lease lease = await("the operator takes its Lease", () -> {
            Lease l = apiServer.adminClient().leases().inNamespace(HOME).withName(OPERATOR).get();
            return l != null && l.getSpec().getHolderIdentity() != null && !l.getSpec().getHolderIdentity().isEmpty() ? l : null;
        });
        assertEquals(RELEASE, lease.getMetadata().getLabels().get("app.kubernetes.io/instance"), "the chart owns the Lease");
        // hostNetwork Pods share the node's hostname: the holder must be named by the Pod itself
        assertEquals(firstPod, lease.getSpec().getHolderIdentity(), "the Lease is held in the Pod's own name");
    }

    @Test
    @Order(2)
    void theOperatorInThePodConvergesTheFleetAndGitOpsToolsReadItsStatus(KubeApiServer apiServer) throws Exception {
        ExchangeSslOffload lab = SimulatedFleet.resource(simulator);
        lab.getMetadata().setNamespace(WATCHED);
        lab.getMetadata().setGeneration(null);
        // The first status the operator writes, before any server has answered: already in progress.
        try (DocumentWatch firstStatus = new DocumentWatch(apiServer, WATCHED, r -> r.getAdditionalProperties().get("status") != null)) {
            apiServer.adminClient().resource(lab).create();
            String document = firstStatus.document();
            save("first-status", document);
            assertThat(document).contains("\"reason\":\"Observing\"");
            assertEquals("Progressing", GitOpsHealth.argoCd(document).status(), document);
            assertEquals("InProgress", GitOpsHealth.kstatus(document), document);
        }

        awaitReady(apiServer, WATCHED, "AwaitingPropagation");
        judge(apiServer, WATCHED, "awaiting-propagation", "Progressing", "InProgress");

        simulator.advanceClock(Duration.ofMinutes(15));
        awaitReady(apiServer, WATCHED, "Offloaded");
        judge(apiServer, WATCHED, "ready", "Healthy", "Current");
        for (String server : List.of("CAS01", "CAS02")) {
            assertEquals("None", simulator.snapshot(server).location("Default Web Site/owa").orElseThrow().effectiveSslFlags());
        }

        // A new generation: the watch delivers the document as the spec change left it, before the
        // operator has looked; both tools must call it in progress, not healthy.
        try (DocumentWatch newGeneration = new DocumentWatch(apiServer, WATCHED, r -> r.getMetadata().getGeneration() == 2L)) {
            succeeded(apiServer.kubectl("patch", "exchangessloffload", "lab", "-n", WATCHED, "--type=merge",
                    "-p", "{\"spec\":{\"propagation\":{\"pollInterval\":\"6s\"}}}"));
            String document = newGeneration.document();
            save("new-generation-unobserved", document);
            assertThat(document).contains("\"observedGeneration\":1");
            assertEquals("Progressing", GitOpsHealth.argoCd(document).status(), document);
            assertEquals("InProgress", GitOpsHealth.kstatus(document), document);
        }
        await("generation 2 observed and Ready", () -> {
            ExchangeSslOffload r = resource(apiServer, WATCHED);
            return r.getStatus() != null && r.getStatus().getObservedGeneration() == 2L
                    && "True".equals(ready(r).getStatus()) ? r : null;
        });
        judge(apiServer, WATCHED, "new-generation-ready", "Healthy", "Current");

        // A wrong password needs a person: Stalled.
        succeeded(apiServer.kubectl("patch", "secret", SimulatedFleet.SECRET, "-n", WATCHED, "--type=merge",
                "-p", "{\"stringData\":{\"password\":\"rotated-wrongly\"}}"));
        awaitReady(apiServer, WATCHED, "AuthenticationFailed");
        String stalled = judge(apiServer, WATCHED, "stalled", "Degraded", "Failed");
        assertFalse(stalled.contains("rotated-wrongly") || stalled.contains(SimulatedFleet.PASSWORD), "no secret in status");
        succeeded(apiServer.kubectl("patch", "secret", SimulatedFleet.SECRET, "-n", WATCHED, "--type=merge",
                "-p", "{\"stringData\":{\"password\":\"" + SimulatedFleet.PASSWORD + "\"}}"));
        awaitReady(apiServer, WATCHED, "Offloaded");
    }

    @Test
    @Order(3)
    void itsServiceAccountTokenReadsWatchedSecretsOnlyAndWritesNoSecretsDeploymentsOrRbac(KubeApiServer apiServer) {
        try (KubernetesClient operator = clientWithPodToken(apiServer)) {
            assertEquals(SimulatedFleet.SECRET, operator.secrets().inNamespace(WATCHED).withName(SimulatedFleet.SECRET).get()
                    .getMetadata().getName(), "reads the Secrets of a watched namespace");
            assertForbidden(() -> operator.secrets().inNamespace(UNWATCHED).withName(SimulatedFleet.SECRET).get());
            assertForbidden(() -> operator.secrets().inNamespace(HOME).list());

            assertForbidden(() -> operator.secrets().inNamespace(WATCHED).resource(new SecretBuilder().withNewMetadata()
                    .withName("planted").withNamespace(WATCHED).endMetadata().addToStringData("k", "v").build()).create());
            assertForbidden(() -> operator.secrets().inNamespace(WATCHED).withName(SimulatedFleet.SECRET)
                    .edit(s -> new SecretBuilder(s).addToStringData("password", "stolen").build()));
            assertForbidden(() -> operator.secrets().inNamespace(WATCHED).withName(SimulatedFleet.SECRET).delete());

            assertForbidden(() -> operator.apps().deployments().inNamespace(HOME).withName(OPERATOR).get());
            assertForbidden(() -> operator.apps().deployments().inNamespace(HOME).withName(OPERATOR).scale(0));
            assertForbidden(() -> operator.apps().deployments().inNamespace(WATCHED).list());

            assertForbidden(() -> operator.rbac().roleBindings().inNamespace(WATCHED).resource(new RoleBindingBuilder()
                    .withNewMetadata().withName("escalate").withNamespace(WATCHED).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                    .withName("cluster-admin").endRoleRef().addNewSubject().withKind("ServiceAccount")
                    .withName(OPERATOR).withNamespace(HOME).endSubject().build()).create());
            assertForbidden(() -> operator.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
                    .withName("escalate").endMetadata().addNewRule().withApiGroups("*").withResources("*")
                    .withVerbs("*").endRule().build()).create());
            assertForbidden(() -> operator.rbac().clusterRoles().withName(CLUSTER_NAME).delete());
        }
        assertEquals(SimulatedFleet.PASSWORD, new String(Base64.getDecoder().decode(apiServer.adminClient().secrets()
                .inNamespace(WATCHED).withName(SimulatedFleet.SECRET).get().getData().get("password")),
                StandardCharsets.UTF_8), "the Secret is untouched");
    }

    @Test
    @Order(4)
    void anUpgradeWatchesTheAddedNamespaceAndRepairsDriftAtTheNewInterval(KubeApiServer apiServer, KubeNode node)
            throws Exception {
        new Helm(GeneratedCrd.HELM_CHART).upgrade().withName(RELEASE).withNamespace(HOME)
                .withKubeConfig(apiServer.adminKubeconfig()).withValuesFile(values(apiServer, "20s", WATCHED, ADDED))
                .waitReady().withTimeout(240).call();
        Pod pod = await("the upgraded Pod alone is Ready", () -> {
            List<Pod> pods = operatorPods(apiServer);
            return pods.size() == 1 && !pods.get(0).getMetadata().getName().equals(firstPod)
                    && "True".equals(podCondition(pods.get(0), "Ready")) ? pods.get(0) : null;
        });
        assertThat(pod.getSpec().getContainers().get(0).getArgs()).contains("20s");
        assertNotNull(apiServer.adminClient().rbac().roleBindings().inNamespace(ADDED).withName(CLUSTER_NAME).get());

        ExchangeSslOffload added = SimulatedFleet.resource(addedSimulator);
        added.getMetadata().setNamespace(ADDED);
        added.getMetadata().setGeneration(null);
        apiServer.adminClient().resource(added).create();
        awaitReady(apiServer, ADDED, "AwaitingPropagation");
        addedSimulator.advanceClock(Duration.ofMinutes(15));
        awaitReady(apiServer, ADDED, "Offloaded");
        awaitReady(apiServer, WATCHED, "Offloaded");

        // No Kubernetes event reaches the operator: only the drift interval (20 s now, 5 min before) finds this.
        simulator.cumulativeUpdate("CAS01");
        Instant updated = Instant.now();
        await("the cumulative update is undone", () -> "None".equals(simulator.snapshot("CAS01")
                .location("Default Web Site/owa").orElseThrow().effectiveSslFlags()) ? "repaired" : null);
        long seconds = Duration.between(updated, Instant.now()).toSeconds();
        System.out.printf("drift repaired %d s after the cumulative update%n", seconds);
        assertTrue(seconds <= 40, "repaired after " + seconds + " s: the 20 s drift interval is not in effect");
    }

    @Test
    @Order(5)
    void uninstallLeavesNoOperatorObjectsAndKeepsTheCrdAndResources(KubeApiServer apiServer) {
        Helm.uninstall(RELEASE).withNamespace(HOME).withKubeConfig(apiServer.adminKubeconfig()).call();
        KubernetesClient admin = apiServer.adminClient();
        await("the operator's Pods are gone", () -> admin.pods().inNamespace(HOME).list().getItems().isEmpty() ? "gone" : null);
        String instance = "app.kubernetes.io/instance=" + RELEASE;
        for (String kind : List.of("deployments,replicasets,serviceaccounts,roles,rolebindings,leases,pods",
                "clusterroles,clusterrolebindings")) {
            KubectlResult left = succeeded(apiServer.kubectl("get", kind, "-A", "-l", instance, "-o", "name"));
            assertEquals("", left.stdout().trim(), "left behind: " + left.stdout());
        }
        assertNull(admin.serviceAccounts().inNamespace(HOME).withName(OPERATOR).get());
        assertNull(admin.leases().inNamespace(HOME).withName(OPERATOR).get(), "the Lease goes with the release");
        await("the ServiceAccount's token Secret is cleaned up", () -> admin.secrets().inNamespace(HOME).list().getItems()
                .stream().noneMatch(s -> s.getMetadata().getName().startsWith(OPERATOR + "-token-")) ? "gone" : null);
        // The documented CRD policy: Helm installs crds/ once and never deletes it, so users' resources survive.
        assertNotNull(admin.apiextensions().v1().customResourceDefinitions().withName("exchangessloffloads.ssloffload.io").get());
        assertEquals("True", ready(resource(apiServer, WATCHED)).getStatus());
    }

    /**
     * After the uninstall: a release of chart 0.1.0 (the copy of commit 6e589cd under
     * src/test/resources/charts) runs and holds 0.1.0's Lease; `helm upgrade` to this chart with the
     * same values renames it, and the new Pod holds the release's own Lease; a second release in the
     * same namespace then runs beside it with its own Lease and health port.
     */
    @Test
    @Order(6)
    void aReleaseOfChart010UpgradesAndASecondReleaseRunsBesideIt(KubeApiServer apiServer) throws Exception {
        KubernetesClient admin = apiServer.adminClient();
        Path kubeconfig = apiServer.adminKubeconfig();
        String second = "sslo2";
        int secondPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            secondPort = socket.getLocalPort();
        }
        try {
            new Helm(CHART_0_1_0).install().withName(RELEASE).withNamespace(HOME).withKubeConfig(kubeconfig)
                    .withValuesFile(values(apiServer, healthPort, "5m", WATCHED)).waitReady().withTimeout(240).call();
            String oldPod = operatorPod(apiServer).getMetadata().getName();
            await("0.1.0's Pod takes 0.1.0's Lease", () -> holder(admin, OperatorOptions.DEFAULT_LEASE, oldPod));

            Instant started = Instant.now();
            new Helm(GeneratedCrd.HELM_CHART).upgrade().withName(RELEASE).withNamespace(HOME).withKubeConfig(kubeconfig)
                    .withValuesFile(values(apiServer, healthPort, "5m", WATCHED)).waitReady().withTimeout(240).call();
            Pod upgraded = await("the upgraded Pod alone is Ready", () -> {
                List<Pod> pods = operatorPods(apiServer);
                return pods.size() == 1 && !pods.get(0).getMetadata().getName().equals(oldPod)
                        && "True".equals(podCondition(pods.get(0), "Ready")) ? pods.get(0) : null;
            });
            await("the upgraded Pod takes the release's Lease", () -> holder(admin, OPERATOR, upgraded.getMetadata().getName()));
            System.out.printf("upgrade from 0.1.0 to a Lease held: %d s%n", Duration.between(started, Instant.now()).toSeconds());
            assertNull(admin.leases().inNamespace(HOME).withName(OperatorOptions.DEFAULT_LEASE).get(), "0.1.0's Lease went");
            assertNull(admin.apps().deployments().inNamespace(HOME).withName(OperatorOptions.DEFAULT_LEASE).get());

            new Helm(GeneratedCrd.HELM_CHART).install().withName(second).withNamespace(HOME).withKubeConfig(kubeconfig)
                    .withValuesFile(values(apiServer, secondPort, "5m", UNWATCHED)).waitReady().withTimeout(240).call();
            Pod secondPod = admin.pods().inNamespace(HOME).withLabel("app.kubernetes.io/instance", second).list().getItems()
                    .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst().orElseThrow();
            await("the second release's Pod takes its own Lease",
                    () -> holder(admin, second + "-exchange-ssl-offload-operator", secondPod.getMetadata().getName()));
            assertEquals(upgraded.getMetadata().getName(), admin.leases().inNamespace(HOME).withName(OPERATOR).get()
                    .getSpec().getHolderIdentity(), "the first release keeps its own");
            assertEquals("True", podCondition(admin.pods().inNamespace(HOME).withName(upgraded.getMetadata().getName())
                    .get(), "Ready"), "both run");
        } finally {
            for (String release : List.of(RELEASE, second)) {
                try {
                    Helm.uninstall(release).withNamespace(HOME).withKubeConfig(kubeconfig).call();
                } catch (RuntimeException ignored) {
                    // not installed
                }
            }
        }
    }

    private static Lease holder(KubernetesClient admin, String lease, String pod) {
        Lease l = admin.leases().inNamespace(HOME).withName(lease).get();
        return l != null && pod.equals(l.getSpec().getHolderIdentity()) ? l : null;
    }

    /** The first document the API server's watch delivers that matches, as JSON: no poll can miss it. */
    private static final class DocumentWatch implements AutoCloseable {
        private final CompletableFuture<String> found = new CompletableFuture<>();
        private final Watch watch;

        DocumentWatch(KubeApiServer apiServer, String namespace, Predicate<GenericKubernetesResource> wanted) {
            watch = apiServer.adminClient().genericKubernetesResources(SSLO).inNamespace(namespace).withName("lab")
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource resource) {
                            if (wanted.test(resource)) {
                                found.complete(apiServer.adminClient().getKubernetesSerialization().asJson(resource));
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    });
        }

        String document() throws Exception {
            return found.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    /** Values as a platform team would write them for a lab node whose API server listens on 127.0.0.1. */
    private static Path values(KubeApiServer apiServer, String driftInterval, String... namespaces) throws IOException {
        return values(apiServer, healthPort, driftInterval, namespaces);
    }

    private static Path values(KubeApiServer apiServer, int port, String driftInterval, String... namespaces) throws IOException {
        URI api = URI.create(apiServer.adminClient().getConfiguration().getMasterUrl());
        StringBuilder yaml = new StringBuilder()
                .append("hostNetwork: true\n")
                .append("healthPort: ").append(port).append('\n')
                .append("driftInterval: \"").append(driftInterval).append("\"\n")
                .append("logLevel: info\n")
                .append("watch:\n  namespaces:\n");
        for (String namespace : namespaces) {
            yaml.append("    - ").append(namespace).append('\n');
        }
        yaml.append("extraEnv:\n")
                .append("  - name: KUBERNETES_SERVICE_HOST\n    value: \"127.0.0.1\"\n")
                .append("  - name: KUBERNETES_SERVICE_PORT\n    value: \"").append(api.getPort()).append("\"\n");
        Path file = Files.createDirectories(Path.of("target")).resolve("node-values-" + driftInterval + "-" + port + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** A client with the token the controller manager minted for the chart's ServiceAccount, the one mounted in the Pod. */
    private static KubernetesClient clientWithPodToken(KubeApiServer apiServer) {
        ServiceAccount account = apiServer.adminClient().serviceAccounts().inNamespace(HOME).withName(OPERATOR).get();
        String secret = account.getSecrets().get(0).getName();
        String token = new String(Base64.getDecoder().decode(apiServer.adminClient().secrets().inNamespace(HOME)
                .withName(secret).get().getData().get("token")), StandardCharsets.UTF_8);
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(apiServer.adminClient().getConfiguration().getMasterUrl())
                .withOauthToken(token).withTrustCerts(true).withRequestRetryBackoffLimit(0).build()).build();
    }

    private static String judge(KubeApiServer apiServer, String namespace, String stage, String argoCd, String kstatus)
            throws IOException {
        String document = succeeded(apiServer.kubectl("get", "exchangessloffload", "lab", "-n", namespace, "-o", "json")).stdout();
        save(stage, document);
        GitOpsHealth.Verdict verdict = GitOpsHealth.argoCd(document);
        assertEquals(argoCd, verdict.status(), () -> verdict + "\n" + document);
        assertEquals(kstatus, GitOpsHealth.kstatus(document), document);
        return document;
    }

    private static void save(String stage, String document) throws IOException {
        Files.createDirectories(DOCUMENTS);
        Files.writeString(DOCUMENTS.resolve(stage + ".json"), document);
    }

    private static ExchangeSslOffload resource(KubeApiServer apiServer, String namespace) {
        return apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(namespace).withName("lab").get();
    }

    private static Condition ready(ExchangeSslOffload resource) {
        return SimulatedFleet.condition(resource.getStatus().getConditions(), "Ready");
    }

    private static void awaitReady(KubeApiServer apiServer, String namespace, String reason) {
        await("Ready reason " + reason + " in " + namespace, () -> {
            ExchangeSslOffload r = resource(apiServer, namespace);
            return r != null && r.getStatus() != null && !r.getStatus().getConditions().isEmpty()
                    && reason.equals(ready(r).getReason()) ? r : null;
        });
    }

    private static List<Pod> operatorPods(KubeApiServer apiServer) {
        return apiServer.adminClient().pods().inNamespace(HOME).withLabel("app.kubernetes.io/instance", RELEASE)
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Pod operatorPod(KubeApiServer apiServer) {
        List<Pod> pods = operatorPods(apiServer);
        assertEquals(1, pods.size(), pods::toString);
        return pods.get(0);
    }

    private static String podCondition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus).findFirst().orElse("absent");
    }

    private static URI health(String path) {
        return URI.create("http://127.0.0.1:" + healthPort + path);
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(health(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().trim();
    }

    /** The Pods' state and the operator's log (the kubelet writes it under /var/log/pods), for failure messages. */
    private static String diagnostics(KubeApiServer apiServer, KubeNode node) {
        StringBuilder out = new StringBuilder(apiServer.kubectl("get", "pods,events", "-n", HOME, "-o", "wide").stdout());
        try (var logs = Files.walk(Path.of("/var/log/pods"))) {
            for (Path log : logs.filter(p -> p.toString().contains(HOME + "_") && p.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("\n--- ").append(log).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append("\n(kubelet log: ").append(node.logDir().resolve("kubelet.log")).append(')').toString();
    }

    private static <T> T await(String what, Supplier<T> probe) {
        return Waits.untilPresent(Duration.ofSeconds(90), Duration.ofMillis(500), probe::get, () -> what);
    }

    private static void assertForbidden(Executable call) {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, call);
        assertEquals(403, e.getCode(), e::getMessage);
    }
}
