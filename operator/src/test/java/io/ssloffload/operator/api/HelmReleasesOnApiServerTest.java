package io.ssloffload.operator.api;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.kubeharness.WithKubeApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.ssloffload.operator.testing.ApiServerFixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Helm releases of the chart on a real API server (no kubelet: the objects, not the Pods): two
 * releases side by side in one namespace and a third of the same name in another install without
 * colliding and each grants only its own ServiceAccount; and a release of chart 0.1.0 (a copy under
 * src/test/resources/charts, taken from commit 6e589cd) upgrades to the current chart.
 */
@WithKubeApiServer
class HelmReleasesOnApiServerTest {

    /** Chart 0.1.0 as released: `git archive 6e589cd helm/exchange-ssl-offload-operator`. */
    private static final Path CHART_0_1_0 = Path.of("src", "test", "resources", "charts", "exchange-ssl-offload-operator-0.1.0");
    private static final String OLD_NAME = "exchange-ssl-offload-operator";

    @BeforeAll
    static void crd(KubeApiServer apiServer) {
        ApiServerFixtures.installCommittedCrd(apiServer);
    }

    @Test
    void releasesSideBySideInOneNamespaceAndInTwoDoNotCollide(KubeApiServer apiServer) {
        for (String namespace : List.of("side-one", "side-two", "side-w1", "side-w2")) {
            apiServer.ensureNamespace(namespace);
        }
        Path kubeconfig = apiServer.adminKubeconfig();
        try {
            install(new Helm(GeneratedCrd.HELM_CHART).install().withName("a").withNamespace("side-one")
                    .withKubeConfig(kubeconfig).set("watch.namespaces[0]", "side-w1"));
            install(new Helm(GeneratedCrd.HELM_CHART).install().withName("b").withNamespace("side-one")
                    .withKubeConfig(kubeconfig).set("watch.namespaces[0]", "side-w2"));
            install(new Helm(GeneratedCrd.HELM_CHART).install().withName("a").withNamespace("side-two")
                    .withKubeConfig(kubeconfig).set("watch.allNamespaces", "true"));

            KubernetesClient admin = apiServer.adminClient();
            assertEquals(List.of("a-exchange-ssl-offload-operator", "b-exchange-ssl-offload-operator"),
                    admin.leases().inNamespace("side-one").list().getItems().stream()
                            .map(lease -> lease.getMetadata().getName()).sorted().toList(), "a Lease per release");
            String a = "system:serviceaccount:side-one:a-exchange-ssl-offload-operator";
            String b = "system:serviceaccount:side-one:b-exchange-ssl-offload-operator";
            String clusterWide = "system:serviceaccount:side-two:a-exchange-ssl-offload-operator";
            assertCan(apiServer, true, a, "side-w1");
            assertCan(apiServer, false, a, "side-w2");
            assertCan(apiServer, true, b, "side-w2");
            assertCan(apiServer, false, b, "side-w1");
            assertCan(apiServer, true, clusterWide, "side-w1");

            Helm.uninstall("b").withNamespace("side-one").withKubeConfig(kubeconfig).call();
            assertCan(apiServer, true, a, "side-w1");
            assertCan(apiServer, false, b, "side-w2");
            assertNotNull(admin.leases().inNamespace("side-one").withName("a-exchange-ssl-offload-operator").get(),
                    "uninstalling b leaves a's objects alone");
        } finally {
            uninstallQuietly(kubeconfig, "a", "side-one");
            uninstallQuietly(kubeconfig, "b", "side-one");
            uninstallQuietly(kubeconfig, "a", "side-two");
        }
    }

    /**
     * `helm upgrade` from 0.1.0 with the same values: the objects get their per-release names, the
     * old ones go, and the new ServiceAccount has the rights the old one had.
     */
    @Test
    void aReleaseOfChart010UpgradesToPerReleaseNames(KubeApiServer apiServer) {
        apiServer.ensureNamespace("upg-home");
        apiServer.ensureNamespace("upg-w");
        Path kubeconfig = apiServer.adminKubeconfig();
        KubernetesClient admin = apiServer.adminClient();
        try {
            install(new Helm(CHART_0_1_0).install().withName("sslo").withNamespace("upg-home").withKubeConfig(kubeconfig)
                    .set("watch.namespaces[0]", "upg-w"));
            assertNotNull(admin.rbac().clusterRoles().withName(OLD_NAME).get(), "chart 0.1.0's names");
            assertCan(apiServer, true, "system:serviceaccount:upg-home:" + OLD_NAME, "upg-w");

            Release upgraded = new Helm(GeneratedCrd.HELM_CHART).upgrade().withName("sslo").withNamespace("upg-home")
                    .withKubeConfig(kubeconfig).set("watch.namespaces[0]", "upg-w").call();
            assertEquals("deployed", upgraded.getStatus());
            assertEquals("2", upgraded.getRevision());

            String name = "sslo-exchange-ssl-offload-operator";
            assertNotNull(admin.apps().deployments().inNamespace("upg-home").withName(name).get());
            assertNotNull(admin.leases().inNamespace("upg-home").withName(name).get());
            assertNotNull(admin.rbac().clusterRoles().withName("upg-home-" + name).get());
            assertNotNull(admin.rbac().roleBindings().inNamespace("upg-w").withName("upg-home-" + name).get());
            assertNull(admin.apps().deployments().inNamespace("upg-home").withName(OLD_NAME).get());
            assertNull(admin.leases().inNamespace("upg-home").withName(OLD_NAME).get());
            assertNull(admin.rbac().clusterRoles().withName(OLD_NAME).get());
            assertNull(admin.rbac().roleBindings().inNamespace("upg-w").withName(OLD_NAME).get());
            assertNull(admin.serviceAccounts().inNamespace("upg-home").withName(OLD_NAME).get());
            assertCan(apiServer, true, "system:serviceaccount:upg-home:" + name, "upg-w");
            assertCan(apiServer, false, "system:serviceaccount:upg-home:" + name, "upg-home");
        } finally {
            uninstallQuietly(kubeconfig, "sslo", "upg-home");
        }
    }

    /**
     * With fullnameOverride set to 0.1.0's name, the upgrade keeps the Deployment, the
     * ServiceAccount and the Lease themselves, and the Lease keeps its holder: no second leader
     * while the Pods are replaced.
     */
    @Test
    void anUpgradeFromChart010WithTheOldNameKeepsTheLeaseAndItsHolder(KubeApiServer apiServer) {
        apiServer.ensureNamespace("keep-home");
        apiServer.ensureNamespace("keep-w");
        Path kubeconfig = apiServer.adminKubeconfig();
        KubernetesClient admin = apiServer.adminClient();
        try {
            install(new Helm(CHART_0_1_0).install().withName("sslo").withNamespace("keep-home").withKubeConfig(kubeconfig)
                    .set("watch.namespaces[0]", "keep-w"));
            Lease lease = admin.leases().inNamespace("keep-home").withName(OLD_NAME).get();
            lease.getSpec().setHolderIdentity("sslo-pod-1");
            lease = admin.leases().resource(lease).update();
            Map<String, String> uids = Map.of(
                    "Deployment", uid(admin.apps().deployments().inNamespace("keep-home").withName(OLD_NAME).get()),
                    "ServiceAccount", uid(admin.serviceAccounts().inNamespace("keep-home").withName(OLD_NAME).get()),
                    "Lease", uid(lease));

            new Helm(GeneratedCrd.HELM_CHART).upgrade().withName("sslo").withNamespace("keep-home").withKubeConfig(kubeconfig)
                    .set("watch.namespaces[0]", "keep-w").set("fullnameOverride", OLD_NAME).call();

            assertEquals(uids, Map.of(
                    "Deployment", uid(admin.apps().deployments().inNamespace("keep-home").withName(OLD_NAME).get()),
                    "ServiceAccount", uid(admin.serviceAccounts().inNamespace("keep-home").withName(OLD_NAME).get()),
                    "Lease", uid(admin.leases().inNamespace("keep-home").withName(OLD_NAME).get())), "the same objects");
            assertEquals("sslo-pod-1", admin.leases().inNamespace("keep-home").withName(OLD_NAME).get().getSpec()
                    .getHolderIdentity(), "the upgrade leaves the Lease with its holder");
            List<String> args = admin.apps().deployments().inNamespace("keep-home").withName(OLD_NAME).get().getSpec()
                    .getTemplate().getSpec().getContainers().get(0).getArgs();
            assertEquals(OLD_NAME, args.get(args.indexOf("--leader-election-lease") + 1));
            assertCan(apiServer, true, "system:serviceaccount:keep-home:" + OLD_NAME, "keep-w");
            assertNull(admin.rbac().clusterRoles().withName(OLD_NAME).get(), "the ClusterRole is per namespace now");
        } finally {
            uninstallQuietly(kubeconfig, "sslo", "keep-home");
        }
    }

    private static void install(com.marcnuri.helm.InstallCommand install) {
        assertEquals("deployed", install.call().getStatus());
    }

    private static String uid(HasMetadata object) {
        assertNotNull(object);
        return object.getMetadata().getUid();
    }

    /** Whether {@code user} may list ExchangeSslOffloads in {@code namespace}, as the API server's authorizer says. */
    private static void assertCan(KubeApiServer apiServer, boolean expected, String user, String namespace) {
        KubectlResult result = apiServer.kubectl("auth", "can-i", "list", "exchangessloffloads.ssloffload.io",
                "-n", namespace, "--as", user);
        assertEquals(expected ? "yes" : "no", result.stdout().strip(), () -> user + " in " + namespace + ": " + result);
    }

    private static void uninstallQuietly(Path kubeconfig, String release, String namespace) {
        try {
            Helm.uninstall(release).withNamespace(namespace).withKubeConfig(kubeconfig).call();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
