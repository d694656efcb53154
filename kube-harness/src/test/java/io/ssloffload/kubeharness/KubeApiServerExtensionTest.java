package io.ssloffload.kubeharness;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithKubeApiServer
class KubeApiServerExtensionTest {

    private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup("harness.example.com").withVersion("v1").withPlural("widgets").withKind("Widget")
            .withNamespaced(true).build();

    @Test
    void crdAppliedWithKubectlServesObjectsReadableWithFabric8(KubeApiServer apiServer) throws Exception {
        apiServer.ensureNamespace("harness-widgets");

        KubectlResult crd = apiServer.kubectl("apply", "-f", resource("widgets-crd.yaml"));
        assertTrue(crd.succeeded(), crd::toString);
        KubectlResult established = apiServer.kubectl("wait", "--for=condition=Established", "--timeout=30s",
                "crd/widgets.harness.example.com");
        assertTrue(established.succeeded(), established::toString);

        KubectlResult created = apiServer.kubectl("apply", "-n", "harness-widgets", "-f", resource("widget.yaml"));
        assertTrue(created.succeeded(), created::toString);

        GenericKubernetesResource widget = apiServer.adminClient().genericKubernetesResources(WIDGETS)
                .inNamespace("harness-widgets").withName("blue").get();
        assertEquals(3, widget.<Number>get("spec", "size").intValue());
    }

    @Test
    void operatorIdentityHasOnlyWhatRbacGrants(KubeApiServer apiServer) {
        apiServer.ensureNamespace(apiServer.operatorNamespace());

        KubernetesClientException forbidden = assertThrows(KubernetesClientException.class,
                () -> apiServer.operatorClient().secrets().inNamespace(apiServer.operatorNamespace()).list());
        assertEquals(403, forbidden.getCode());
        assertTrue(forbidden.getMessage().contains("system:serviceaccount:" + apiServer.operatorNamespace()
                + ":" + apiServer.operatorServiceAccount()), forbidden::getMessage);

        KubectlResult asOperator = apiServer.kubectlAs(apiServer.operatorKubeconfig(), null,
                "auth", "can-i", "list", "secrets", "-n", apiServer.operatorNamespace());
        assertEquals("no", asOperator.stdout().trim(), asOperator::toString);
        KubectlResult asAdmin = apiServer.kubectl("auth", "can-i", "list", "secrets", "-n",
                apiServer.operatorNamespace());
        assertEquals("yes", asAdmin.stdout().trim(), asAdmin::toString);
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(KubeApiServerExtensionTest.class.getResource("/" + name).toURI()).toString();
    }
}
