package io.ssloffload.operator.api;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.WithKubeApiServer;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.OffloadResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's RBAC, applied to a real API server, exercised with the operator ServiceAccount's
 * own token: what the operator needs is allowed, the rest is not.
 */
@WithKubeApiServer
class HelmRbacOnApiServerTest {

    private static final String WATCHED = "rbac-watched";
    private static final String UNWATCHED = "rbac-unwatched";

    @BeforeAll
    static void installChart(KubeApiServer apiServer) {
        ApiServerFixtures.installCommittedCrd(apiServer);
        for (String namespace : List.of(apiServer.operatorNamespace(), WATCHED, UNWATCHED)) {
            apiServer.ensureNamespace(namespace);
            apiServer.adminClient().resource(new SecretBuilder().withNewMetadata().withName("winrm")
                    .withNamespace(namespace).endMetadata().withType("kubernetes.io/basic-auth")
                    .withStringData(Map.of("username", "u", "password", "p")).build()).serverSideApply();
        }
        String rendered = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo")
                .withNamespace(apiServer.operatorNamespace())
                .set("serviceAccount.name", apiServer.operatorServiceAccount())
                .set("watch.namespaces[0]", WATCHED).call();
        ApiServerFixtures.succeeded(apiServer.kubectlWithStdin(rendered, "apply", "-f", "-"));
    }

    @Test
    void operatorCanListWatchAndPatchStatusOfResourcesInWatchedNamespace(KubeApiServer apiServer)
            throws InterruptedException {
        KubernetesClient operator = apiServer.operatorClient();
        ExchangeSslOffload contoso = OffloadResource.contoso().namespace(WATCHED).build();
        apiServer.adminClient().resource(contoso).serverSideApply();

        assertEquals(List.of("contoso"), operator.resources(ExchangeSslOffload.class).inNamespace(WATCHED).list()
                .getItems().stream().map(r -> r.getMetadata().getName()).toList());

        CountDownLatch seen = new CountDownLatch(1);
        try (Watch ignored = operator.resources(ExchangeSslOffload.class).inNamespace(WATCHED)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ExchangeSslOffload resource) {
                        seen.countDown();
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            assertTrue(seen.await(30, TimeUnit.SECONDS), "the watch delivered no event");
        }

        ExchangeSslOffload statusOnly = new ExchangeSslOffload();
        statusOnly.setMetadata(contoso.getMetadata());
        statusOnly.setSpec(null);
        ExchangeSslOffloadStatus status = new ExchangeSslOffloadStatus();
        status.setSummary("0/3");
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
                .withReason("Reconciling").withLastTransitionTime("2025-01-01T00:00:00Z").build()));
        statusOnly.setStatus(status);
        operator.resource(statusOnly).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("exchange-ssl-offload-operator")
                .withForce(true).build(), statusOnly);
        assertEquals("0/3", apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(WATCHED)
                .withName("contoso").get().getStatus().getSummary());
    }

    @Test
    void operatorReadsSecretsOnlyInWatchedNamespaces(KubeApiServer apiServer) {
        KubernetesClient operator = apiServer.operatorClient();
        assertEquals("winrm", operator.secrets().inNamespace(WATCHED).withName("winrm").get().getMetadata().getName());
        assertEquals(1, operator.secrets().inNamespace(WATCHED).list().getItems().size());

        assertForbidden(() -> operator.secrets().inNamespace(UNWATCHED).withName("winrm").get());
        assertForbidden(() -> operator.resources(ExchangeSslOffload.class).inNamespace(UNWATCHED).list());
    }

    @Test
    void operatorCannotDeleteSecretsNorCreatePods(KubeApiServer apiServer) {
        KubernetesClient operator = apiServer.operatorClient();
        assertForbidden(() -> operator.secrets().inNamespace(WATCHED).withName("winrm").delete());
        assertForbidden(() -> operator.pods().inNamespace(WATCHED).resource(new PodBuilder().withNewMetadata()
                .withName("intruder").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build()).create());
        assertForbidden(() -> operator.resources(ExchangeSslOffload.class).inNamespace(WATCHED)
                .withName("contoso").delete());
        assertEquals("winrm", apiServer.adminClient().secrets().inNamespace(WATCHED).withName("winrm").get()
                .getMetadata().getName(), "the secret must survive");
    }

    @Test
    void operatorCanHoldItsLeaderElectionLeaseAndRecordEvents(KubeApiServer apiServer) {
        KubernetesClient operator = apiServer.operatorClient();
        String home = apiServer.operatorNamespace();
        // the release's Lease, which the chart created
        var lease = operator.leases().inNamespace(home).withName("sslo-exchange-ssl-offload-operator").get();
        lease.getSpec().setHolderIdentity("pod-b");
        assertEquals("pod-b", operator.leases().inNamespace(home).resource(lease).update().getSpec()
                .getHolderIdentity());
        assertForbidden(() -> operator.leases().inNamespace(WATCHED).list());
        // another release's Lease in the same namespace is out of reach
        var other = apiServer.adminClient().leases().inNamespace(home).resource(new LeaseBuilder().withNewMetadata()
                .withName("other-exchange-ssl-offload-operator").withNamespace(home).endMetadata()
                .withNewSpec().withHolderIdentity("other-pod").withLeaseDurationSeconds(15).endSpec().build())
                .serverSideApply();
        other.getSpec().setHolderIdentity("pod-b");
        assertForbidden(() -> operator.leases().inNamespace(home).resource(other).update());
        assertForbidden(() -> operator.leases().inNamespace(home).withName("other-exchange-ssl-offload-operator").get());

        operator.v1().events().inNamespace(WATCHED).resource(new EventBuilder()
                .withNewMetadata().withName("contoso.1").withNamespace(WATCHED).endMetadata()
                .withNewInvolvedObject().withKind("ExchangeSslOffload").withName("contoso")
                .withNamespace(WATCHED).endInvolvedObject().withReason("Test").withMessage("m").withType("Normal")
                .build()).create();
        assertForbidden(() -> operator.events().v1().events().inNamespace(WATCHED).resource(
                new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata().withName("contoso.2")
                        .withNamespace(WATCHED).endMetadata().withNewRegarding().withKind("ExchangeSslOffload")
                        .withName("contoso").withNamespace(WATCHED).endRegarding().withReason("Test").withNote("m").withType("Normal")
                        .withAction("Reconcile").withReportingController("ssloffload.io/operator")
                        .withReportingInstance("pod-a").withEventTime(new MicroTime(
                                "2025-01-01T00:00:00.000000Z")).build()).create());
    }

    /** The ExchangeSslOffload document of examples/contoso.yaml (it comes after a Namespace and a Secret). */
    private static void assertForbidden(Executable call) {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, call);
        assertEquals(403, e.getCode(), e::getMessage);
    }
}
