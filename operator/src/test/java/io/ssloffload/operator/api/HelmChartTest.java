package io.ssloffload.operator.api;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelmChartTest {

    @Test
    void chartLintsCleanly() {
        LintResult result = new Helm(GeneratedCrd.HELM_CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @Test
    void deploymentRunsTheOperatorJarWithTheConfiguredWatchAndDriftInterval() {
        String namespaced = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo")
                .withNamespace("ops").set("driftInterval", "5m").set("watch.namespaces[0]", "exchange")
                .set("watch.namespaces[1]", "exchange-dr").call();
        // the image's entrypoint runs the jar (image/build.sh): the chart passes arguments only
        assertTrue(namespaced.contains("          args:\n            - --drift-interval"), namespaced);
        assertFalse(namespaced.contains("command:"), namespaced);
        assertTrue(namespaced.contains("- --health-port\n            - \"8081\""), namespaced);
        assertFalse(namespaced.contains("hostNetwork"), namespaced);
        assertTrue(namespaced.contains("- --drift-interval\n            - \"5m\""), namespaced);
        assertTrue(namespaced.contains("- --watch-namespaces\n            - \"exchange,exchange-dr\""), namespaced);
        assertTrue(namespaced.contains("kind: RoleBinding\nmetadata:\n  name: exchange-ssl-offload-operator\n"
                + "  namespace: exchange-dr"), namespaced);
        assertFalse(namespaced.contains("kind: ClusterRoleBinding"), namespaced);

        String clusterWide = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo")
                .withNamespace("ops").set("watch.allNamespaces", "true").call();
        assertTrue(clusterWide.contains("kind: ClusterRoleBinding"), clusterWide);
        assertFalse(clusterWide.contains("--watch-namespaces"), clusterWide);

        String lab = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo").withNamespace("ops")
                .set("hostNetwork", "true").call();
        assertTrue(lab.contains("hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet"), lab);
        assertTrue(lab.contains("strategy:\n    type: Recreate"), lab);
    }
}
