package io.ssloffload.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelmChartTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void chartLintsCleanly() {
        LintResult result = new Helm(GeneratedCrd.HELM_CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    /** Strict lint with every optional part on: the templates behind the switches lint cleanly too. */
    @Test
    void chartLintsCleanlyWithEveryOptionalPartOn(@TempDir Path work) throws IOException {
        Path chart = work.resolve("exchange-ssl-offload-operator");
        try (var files = Files.walk(GeneratedCrd.HELM_CHART)) {
            for (Path file : files.toList()) {
                Path target = chart.resolve(GeneratedCrd.HELM_CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        ObjectNode values = (ObjectNode) YAML.readTree(chart.resolve("values.yaml").toFile());
        ((ObjectNode) values.path("metrics").path("serviceMonitor")).put("enabled", true);
        ((ObjectNode) values.path("metrics").path("prometheusRule")).put("enabled", true);
        ((ObjectNode) values.path("watch")).put("allNamespaces", true);
        ((ObjectNode) values.path("kerberos")).put("krb5ConfigMap", "krb5");
        values.put("hostNetwork", true).put("priorityClassName", "high");
        values.putObject("nodeSelector").put("kubernetes.io/os", "linux");
        values.putArray("tolerations").addObject().put("key", "dedicated").put("operator", "Exists");
        values.putArray("imagePullSecrets").addObject().put("name", "regcred");
        values.putObject("podAnnotations").put("team", "messaging");
        YAML.writeValue(chart.resolve("values.yaml").toFile(), values);

        LintResult result = new Helm(chart).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));

        // and lint, like template, refuses a misspelt value
        values.put("logLevle", "debug");
        YAML.writeValue(chart.resolve("values.yaml").toFile(), values);
        LintResult typo = new Helm(chart).lint().strict().call();
        assertThat(typo.isFailed()).as(() -> String.join("\n", typo.getMessages())).isTrue();
        assertThat(String.join("\n", typo.getMessages())).contains("logLevle");
    }

    @Test
    void deploymentRunsTheOperatorJarWithTheConfiguredWatchAndDriftInterval() {
        String namespaced = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo")
                .withNamespace("ops").set("driftInterval", "5m").set("watch.namespaces[0]", "exchange")
                .set("watch.namespaces[1]", "exchange-dr").call();
        // the image's entrypoint runs the jar (image/build.sh): the chart passes arguments only
        assertThat(namespaced).contains("          args:\n            - --drift-interval");
        assertThat(namespaced).doesNotContain("command:");
        assertThat(namespaced).contains("- --health-port\n            - \"8081\"");
        assertThat(namespaced).doesNotContain("hostNetwork");
        assertThat(namespaced).contains("- --drift-interval\n            - \"5m\"");
        assertThat(namespaced).contains("- --watch-namespaces\n            - \"exchange,exchange-dr\"");
        assertThat(namespaced)
                .contains("kind: RoleBinding\nmetadata:\n  name: ops-sslo-exchange-ssl-offload-operator\n"
                        + "  namespace: exchange-dr");
        assertThat(namespaced).doesNotContain("kind: ClusterRoleBinding");

        String clusterWide = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo")
                .withNamespace("ops").set("watch.allNamespaces", "true").call();
        assertThat(clusterWide).contains("kind: ClusterRoleBinding");
        assertThat(clusterWide).doesNotContain("--watch-namespaces");

        String lab = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo").withNamespace("ops")
                .set("hostNetwork", "true").call();
        assertThat(lab).contains("hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet");
        assertThat(lab).contains("strategy:\n    type: Recreate");
    }

    @Test
    void metricsHaveAServiceByDefaultAndAServiceMonitorWhenAsked() {
        String defaults = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo").withNamespace("ops").call();
        assertThat(defaults).contains("kind: Service\nmetadata:\n  name: sslo-exchange-ssl-offload-operator-metrics");
        assertThat(defaults).contains("- name: metrics\n      port: 8081\n      targetPort: health");
        assertThat(defaults).doesNotContain("kind: ServiceMonitor");

        String monitored = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo").withNamespace("ops")
                .set("metrics.serviceMonitor.enabled", "true").set("metrics.serviceMonitor.labels.release", "prometheus").call();
        assertThat(monitored).contains("kind: ServiceMonitor");
        assertThat(monitored).contains("    release: prometheus\n");
        assertThat(monitored).contains("- port: metrics\n      path: /metrics\n      interval: 30s");
    }

    @Test
    void aTypoOrAWrongValueFailsTheRenderingInsteadOfBeingIgnored() {
        for (UnaryOperator<TemplateCommand> wrong : List.<UnaryOperator<TemplateCommand>>of(
                t -> t.set("driftIntreval", "10m"),
                t -> t.set("image.pullpolicy", "Always"),
                t -> t.set("metrics.prometheusRule.enabeld", "true"),
                t -> t.set("driftInterval", "ten minutes"),
                t -> t.set("logLevel", "verbose"),
                t -> t.set("logFormat", "xml"),
                t -> t.set("healthPort", "70000"),
                t -> t.set("healthPort", "0"),
                t -> t.set("watch.namespaces[0]", "Not_A_Namespace"),
                t -> t.set("metrics.serviceMonitor.interval", "30"),
                t -> t.set("metrics.prometheusRule.stalledFor", "10 minutes"),
                t -> t.set("metrics.prometheusRule.severity", "page"),
                t -> t.set("serviceAccount.create", "yes"))) {
            TemplateCommand template = wrong.apply(new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo")
                    .withNamespace("ops"));
            RuntimeException refused = assertThrows(RuntimeException.class, template::call, "rendered despite a wrong value");
            assertThat(refused.getMessage()).as(refused::getMessage).contains("schema");
        }
        // the defaults and the documented forms pass
        render("sslo", "ops", t -> t.set("driftInterval", "1h30m").set("metrics.serviceMonitor.interval", "1m30s")
                .set("metrics.prometheusRule.stalledFor", "2h").set("healthPort", "65535"));
    }

    @Test
    void namesArePerReleaseSoThatTwoReleasesInOneOrTwoNamespacesDoNotCollide() {
        List<GenericKubernetesResource> all = new ArrayList<>();
        all.addAll(objects(render("a", "ops", t -> t.set("watch.namespaces[0]", "exchange"))));
        all.addAll(objects(render("b", "ops", t -> t.set("watch.namespaces[0]", "exchange"))));
        all.addAll(objects(render("a", "ops2", t -> t.set("watch.namespaces[0]", "exchange"))));
        all.addAll(objects(render("c", "ops", t -> t.set("watch.allNamespaces", "true"))));
        all.addAll(objects(render("c", "ops2", t -> t.set("watch.allNamespaces", "true"))));
        List<String> keys = all.stream().map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName()).toList();
        assertEquals(keys.size(), new TreeSet<>(keys).size(), () -> "a name is used twice: " + keys);
        assertThat(keys).contains("ClusterRole null/ops2-a-exchange-ssl-offload-operator");
        assertThat(keys).contains("RoleBinding exchange/ops-b-exchange-ssl-offload-operator");
        assertThat(keys).contains("ClusterRoleBinding null/ops-c-exchange-ssl-offload-operator");
    }

    @Test
    void theLeaseTheOperatorIsToldToHoldIsTheOneTheChartCreates() {
        for (String release : List.of("sslo", "exchange-ssl-offload-operator")) {
            List<GenericKubernetesResource> objects = objects(render(release, "ops", t -> t));
            String lease = objects.stream().filter(o -> o.getKind().equals("Lease")).findFirst().orElseThrow()
                    .getMetadata().getName();
            List<String> args = podSpec(objects).getContainers().get(0).getArgs();
            assertEquals(lease, args.get(args.indexOf("--leader-election-lease") + 1), args::toString);
        }
        // a release named like the chart keeps the names of chart 0.1.0: an upgrade keeps its Lease
        List<GenericKubernetesResource> same = objects(render("exchange-ssl-offload-operator", "ops", t -> t));
        assertEquals(Set.of("exchange-ssl-offload-operator"), same.stream()
                .filter(o -> Set.of("Deployment", "Lease", "ServiceAccount").contains(o.getKind()))
                .map(o -> o.getMetadata().getName()).collect(Collectors.toSet()));
        List<GenericKubernetesResource> overridden = objects(render("sslo", "ops",
                t -> t.set("fullnameOverride", "exchange-ssl-offload-operator")));
        assertTrue(overridden.stream().anyMatch(o -> o.getKind().equals("Lease")
                && o.getMetadata().getName().equals("exchange-ssl-offload-operator")));
        List<GenericKubernetesResource> renamed = objects(render("sslo", "ops", t -> t.set("nameOverride", "offload")));
        assertEquals("sslo-offload", renamed.stream().filter(o -> o.getKind().equals("Deployment")).findFirst()
                .orElseThrow().getMetadata().getName());
        assertEquals("offload", renamed.stream().filter(o -> o.getKind().equals("Deployment")).findFirst()
                .orElseThrow().getMetadata().getLabels().get("app.kubernetes.io/name"));
    }

    @Test
    void anExistingServiceAccountIsBoundInsteadOfCreatingOne() {
        List<GenericKubernetesResource> objects = objects(render("sslo", "ops",
                t -> t.set("serviceAccount.create", "false").set("serviceAccount.name", "platform-operators")));
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("ServiceAccount")));
        assertEquals("platform-operators", podSpec(objects).getServiceAccountName());
        objects.stream().filter(o -> o.getKind().endsWith("RoleBinding")).forEach(binding ->
                assertEquals("platform-operators", YAML.valueToTree(binding.getAdditionalProperties().get("subjects"))
                        .path(0).path("name").asText(), binding::toString));

        assertEquals("sslo-exchange-ssl-offload-operator", podSpec(objects(render("sslo", "ops", t -> t)))
                .getServiceAccountName(), "by default its own, named like the release");
    }

    @Test
    void podPlacementAndMetadataComeFromTheValues() {
        List<GenericKubernetesResource> objects = objects(render("sslo", "ops", t -> t
                .set("imagePullSecrets[0].name", "regcred").set("nodeSelector.kubernetes\\.io/os", "linux")
                .set("tolerations[0].key", "dedicated").set("tolerations[0].operator", "Exists")
                .set("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].key", "zone")
                .set("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].operator", "Exists")
                .set("priorityClassName", "system-cluster-critical").set("podAnnotations.team", "messaging")
                .set("podLabels.cost-center", "c42")));
        Deployment deployment = deployment(objects);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("regcred", pod.getImagePullSecrets().get(0).getName());
        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector());
        assertEquals("dedicated", pod.getTolerations().get(0).getKey());
        assertEquals("zone", pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getKey());
        assertEquals("system-cluster-critical", pod.getPriorityClassName());
        assertEquals("messaging", deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("team"));
        assertEquals("c42", deployment.getSpec().getTemplate().getMetadata().getLabels().get("cost-center"));
        assertEquals(deployment.getSpec().getSelector().getMatchLabels().keySet(),
                Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance"), "pod labels stay out of the selector");

        PodSpec plain = podSpec(objects(render("sslo", "ops", t -> t)));
        assertTrue(plain.getImagePullSecrets().isEmpty() && plain.getTolerations().isEmpty(), plain::toString);
        assertNull(plain.getAffinity());
        assertNull(plain.getPriorityClassName());
    }

    @Test
    void thePrometheusRuleIsOnlyRenderedWhenAskedAndEveryAlertHasARunbookInOperatingMd() throws IOException {
        assertThat(render("sslo", "ops", t -> t)).doesNotContain("kind: PrometheusRule");
        List<GenericKubernetesResource> objects = objects(render("sslo", "ops", t -> t
                .set("metrics.prometheusRule.enabled", "true").set("metrics.prometheusRule.labels.release", "prometheus")
                .set("metrics.prometheusRule.notReconcilingFor", "2h")));
        GenericKubernetesResource rule = objects.stream().filter(o -> o.getKind().equals("PrometheusRule")).findFirst()
                .orElseThrow();
        assertEquals("monitoring.coreos.com/v1", rule.getApiVersion());
        assertEquals("prometheus", rule.getMetadata().getLabels().get("release"));
        JsonNode rules = YAML.valueToTree(rule.getAdditionalProperties().get("spec")).path("groups").path(0).path("rules");
        Set<String> alerts = new TreeSet<>();
        String operatingMd = Files.readString(GeneratedCrd.REPOSITORY_ROOT.resolve("docs").resolve("operating.md"));
        for (JsonNode alert : rules) {
            alerts.add(alert.path("alert").asText());
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertTrue(runbook.startsWith("https://github.com/ssloffload/exchange-ssl-offload-operator/blob/main/docs/operating.md#"),
                    runbook);
            String anchor = runbook.substring(runbook.indexOf('#') + 1);
            assertThat(anchors(operatingMd))
                    .as(() -> "no heading for #" + anchor + " in docs/operating.md")
                    .contains(anchor);
            assertThat(alert.path("expr").asText())
                    .as(() -> "scoped to this release's series: " + alert)
                    .contains("namespace=\"ops\", job=\"sslo-exchange-ssl-offload-operator-metrics\"");
        }
        assertEquals(Set.of("ExchangeSslOffloadOperatorDown", "ExchangeSslOffloadNotReconciling",
                "ExchangeSslOffloadServerUnreachable", "ExchangeSslOffloadPropagationOverdue",
                "ExchangeSslOffloadResourceStalled"), alerts);
        assertThat(rules.toString()).as("notReconcilingFor in seconds: " + rules).contains("> 7200");
    }

    /**
     * The README's values table has a row for every value of values.yaml (a value, or an object the
     * schema leaves open such as labels), and no row for a value that does not exist; where the
     * default is a plain non-empty scalar, the row shows it.
     */
    @Test
    void theReadmeValuesTableMatchesValuesYamlAndTheSchema() throws IOException {
        JsonNode values = YAML.readTree(GeneratedCrd.HELM_CHART.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(GeneratedCrd.HELM_CHART.resolve("values.schema.json").toFile());
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\| ([^|]*) \\|")
                .matcher(Files.readString(GeneratedCrd.HELM_CHART.resolve("README.md")));
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        Map<String, JsonNode> leaves = new java.util.TreeMap<>();
        leaves("", values, schema, leaves);
        for (Map.Entry<String, JsonNode> leaf : leaves.entrySet()) {
            String documented = rows.keySet().stream().filter(key -> leaf.getKey().equals(key)
                    || leaf.getKey().startsWith(key + ".")).findFirst().orElse(null);
            assertTrue(documented != null, () -> "README.md has no row for " + leaf.getKey());
            JsonNode value = leaf.getValue();
            if (documented.equals(leaf.getKey()) && value.isValueNode() && !value.asText().isEmpty()) {
                assertThat(rows.get(documented))
                        .as(() -> "README.md shows another default for " + leaf.getKey() + " than " + value.asText())
                        .contains("`" + value.asText() + "`");
            }
        }
        for (String key : rows.keySet()) {
            assertTrue(leaves.keySet().stream().anyMatch(leaf -> leaf.equals(key) || leaf.startsWith(key + ".")),
                    () -> "README.md documents " + key + ", which values.yaml does not have");
        }
    }

    /** Paths of values.yaml down to where the schema stops listing properties. */
    private static void leaves(String prefix, JsonNode value, JsonNode schema, Map<String, JsonNode> out) {
        if (value.isObject() && schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode property = schema.path("properties").path(field.getKey());
                assertFalse(property.isMissingNode(), () -> "values.schema.json lacks " + prefix + field.getKey());
                leaves(prefix + field.getKey() + ".", field.getValue(), property, out);
            }
        } else {
            out.put(prefix.substring(0, prefix.length() - 1), value);
        }
    }

    /** GitHub's anchors of the Markdown headings: lower case, spaces to dashes, punctuation dropped. */
    static Set<String> anchors(String markdown) {
        return Pattern.compile("(?m)^#+ (.+)$").matcher(markdown).results()
                .map(m -> m.group(1).strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    static String render(String release, String namespace, UnaryOperator<TemplateCommand> values) {
        return values.apply(new Helm(GeneratedCrd.HELM_CHART).template().withName(release).withNamespace(namespace)).call();
    }

    static List<GenericKubernetesResource> objects(String rendered) {
        return Arrays.stream(rendered.split("(?m)^---\\s*$")).filter(document -> document.contains("kind:"))
                .map(document -> Serialization.unmarshal(document, GenericKubernetesResource.class)).toList();
    }

    private static Deployment deployment(List<GenericKubernetesResource> objects) {
        return Serialization.unmarshal(Serialization.asYaml(objects.stream().filter(o -> o.getKind().equals("Deployment"))
                .findFirst().orElseThrow()), Deployment.class);
    }

    private static PodSpec podSpec(List<GenericKubernetesResource> objects) {
        return deployment(objects).getSpec().getTemplate().getSpec();
    }
}
