package io.ssloffload.operator.testing;

import com.marcnuri.helm.Helm;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.GeneratedCrd;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests on a real kube-apiserver set up there: the committed CRD (as a user installs it),
 * the chart's RBAC for the harness's operator identity, and kubectl calls that must succeed.
 * Everything here may be done twice: the API server is shared by every test class of the JVM.
 */
public final class ApiServerFixtures {

    private static final String RBAC_RELEASE = "lab-rbac";
    /** The Lease the chart's RBAC lets the operator hold: the chart names it after the release. */
    public static final String CHART_LEASE = RBAC_RELEASE + "-exchange-ssl-offload-operator";

    private ApiServerFixtures() {
    }

    /** {@code crds/}'s CRD applied and Established (at most 60 s); applying twice is harmless. */
    public static void installCommittedCrd(KubeApiServer apiServer) {
        succeeded(apiServer.kubectl("apply", "-f", GeneratedCrd.COMMITTED_COPY.toString()));
        succeeded(apiServer.kubectl("wait", "--for=condition=Established", "--timeout=60s",
                "crd/exchangessloffloads.ssloffload.io"));
    }

    /** Fails, quoting kubectl's command and output, unless it exited 0. */
    public static KubectlResult succeeded(KubectlResult result) {
        assertThat(result.succeeded()).as("%s", result).isTrue();
        return result;
    }

    /** {@code kubectl apply -f -} of {@code yaml}, which must succeed. */
    public static KubectlResult apply(KubeApiServer apiServer, String yaml) {
        return succeeded(apiServer.kubectlWithStdin(yaml, "apply", "-f", "-"));
    }

    /** The chart's ServiceAccount RBAC, rendered by Helm for the harness's operator identity, watching {@link LabResource#NAMESPACE}. */
    public static void applyChartRbac(KubeApiServer apiServer) {
        applyChartRbac(apiServer, LabResource.NAMESPACE);
    }

    /** The same, watching {@code namespace} instead of the lab's. */
    public static void applyChartRbac(KubeApiServer apiServer, String namespace) {
        apiServer.ensureNamespace(apiServer.operatorNamespace());
        apiServer.ensureNamespace(namespace);
        String rbac = new Helm(GeneratedCrd.HELM_CHART).template().withName(RBAC_RELEASE)
                .withNamespace(apiServer.operatorNamespace())
                .set("serviceAccount.name", apiServer.operatorServiceAccount())
                .set("watch.namespaces[0]", namespace).call();
        // The chart's identity, RBAC and Lease only: its Deployment would really run on a test node
        // sharing this API server. A release name of its own keeps these objects from carrying the
        // labels of the release the node tests install and then check is gone cluster-wide.
        rbac = Arrays.stream(rbac.split("(?m)^---\\s*$"))
                .filter(document -> !document.contains("\nkind: Deployment") && !document.contains("\nkind: Service\n"))
                .collect(Collectors.joining("\n---\n"));
        apply(apiServer, rbac);
    }
}
