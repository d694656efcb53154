package io.ssloffload.operator.api;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.kubeharness.WithKubeApiServer;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.testing.OffloadResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.ssloffload.operator.testing.ApiServerFixtures.installCommittedCrd;
import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed CRD and the examples, against a real kube-apiserver. */
@WithKubeApiServer
class CrdOnApiServerTest {

    private static final List<String> COLUMNS = List.of("NAME", "READY", "REASON", "SERVERS", "AGE");
    private static final String EXAMPLE_NAMESPACE = "exchange";

    @BeforeAll
    static void installCrd(KubeApiServer apiServer) {
        installCommittedCrd(apiServer);
    }

    @Test
    void contosoExampleAppliesAndListsWithTheDocumentedColumns(KubeApiServer apiServer) {
        KubectlResult applied = succeeded(apiServer.kubectl("apply", "-f",
                GeneratedCrd.EXAMPLES.resolve("contoso.yaml").toString()));
        assertThat(applied.stdout()).as(applied::toString).contains("exchangessloffload.ssloffload.io/contoso");

        for (String name : List.of("exchangesslofload", "sslo", "exchangessloffloads")) {
            KubectlResult listed = succeeded(apiServer.kubectl("get", name, "-n", EXAMPLE_NAMESPACE));
            List<String> lines = listed.stdout().lines().toList();
            assertEquals(COLUMNS, List.of(lines.get(0).trim().split("\\s+")), listed::toString);
            assertTrue(lines.get(1).startsWith("contoso"), listed::toString);
        }
        ExchangeSslOffload contoso = apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(EXAMPLE_NAMESPACE).withName("contoso").get();
        assertEquals(List.of("CAS01", "CAS02", "CAS03"),
                contoso.getSpec().getServers().stream().map(ServerSpec::getName).toList());
        assertEquals(9, contoso.getSpec().getProtocols().size(), "the nine offloadable protocols, api included");
    }

    static Stream<Path> invalidExamples() throws IOException {
        try (Stream<Path> files = Files.list(GeneratedCrd.EXAMPLES.resolve("invalid"))) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(yamls.isEmpty(), "no invalid examples");
            return yamls.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("invalidExamples")
    void invalidExampleIsRefusedNamingTheField(Path example, KubeApiServer apiServer) throws IOException {
        apiServer.ensureNamespace(EXAMPLE_NAMESPACE);
        String expected = Files.readAllLines(example).stream()
                .filter(line -> line.startsWith("# expect: ")).findFirst()
                .map(line -> line.substring("# expect: ".length()))
                .orElseThrow(() -> new AssertionError(example + " has no '# expect:' line"));
        String name = example.getFileName().toString().replace(".yaml", "");

        KubectlResult refused = apiServer.kubectl("apply", "-f", example.toString());

        assertFalse(refused.succeeded(), refused::toString);
        assertThat(refused.stderr()).as(refused::toString).contains("is invalid", expected);
        assertEquals(null, apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(EXAMPLE_NAMESPACE).withName(name).get(), "nothing may be stored");
    }

    @Test
    void apiServerFillsTheSchemaDefaults(KubeApiServer apiServer) {
        String namespace = "crd-defaults";
        apiServer.ensureNamespace(namespace);

        ExchangeSslOffload created = apiServer.adminClient().resource(minimal(namespace, "minimal")).create();

        ExchangeSslOffloadSpec spec = created.getSpec();
        assertEquals(WinRmSpec.Transport.HTTPS, spec.getWinrm().getTransport());
        assertEquals(WinRmSpec.Authentication.NTLM, spec.getWinrm().getAuthentication());
        assertEquals(Boolean.FALSE, spec.getWinrm().getInsecureSkipTlsVerify());
        assertEquals("60s", spec.getWinrm().getOperationTimeout());
        assertEquals("15m", spec.getPropagation().getTimeout());
        assertEquals("1m", spec.getPropagation().getPollInterval());
        assertEquals("None", spec.getCoexistence().getMode().name());
        assertEquals("AppPools", apiServer.adminClient().getKubernetesSerialization()
                .asJson(spec.getRecycle()).replace("\"", ""));
    }

    @Test
    void statusAppliedOnTheSubresourceShowsInThePrinterColumns(KubeApiServer apiServer) {
        String namespace = "crd-status";
        apiServer.ensureNamespace(namespace);
        apiServer.adminClient().resource(minimal(namespace, "fleet")).create();

        ExchangeSslOffload withStatus = minimal(namespace, "fleet");
        withStatus.setSpec(null);
        ExchangeSslOffloadStatus status = new ExchangeSslOffloadStatus();
        status.setSummary("1/2");
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False")
                .withReason("PropagationPending").withMessage("waiting for the Service Host")
                .withLastTransitionTime("2025-01-01T00:00:00Z").build()));
        withStatus.setStatus(status);
        apiServer.adminClient().resource(withStatus).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("crd-test").withForce(true).build(),
                withStatus);

        KubectlResult listed = succeeded(apiServer.kubectl("get", "sslo", "fleet", "-n", namespace));
        List<String> row = List.of(listed.stdout().lines().toList().get(1).trim().split("\\s+"));
        assertEquals(List.of("fleet", "False", "PropagationPending", "1/2"), row.subList(0, 4), listed::toString);
        assertEquals(5, row.size(), listed::toString);
    }

    private static ExchangeSslOffload minimal(String namespace, String name) {
        return OffloadResource.named(namespace, name).server("CAS01", "cas01.contoso.local", null)
                .credentials("winrm-credentials").build();
    }
}
