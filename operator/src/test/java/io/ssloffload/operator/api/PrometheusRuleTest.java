package io.ssloffload.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's alerts, as Prometheus evaluates them: the PrometheusRule of release "sslo" in "ops"
 * is rendered, its {@code spec.groups} written as a rules file, and {@code promtool test rules}
 * runs the cases of {@code src/test/resources/alerts/} against it. Skipped when promtool is not
 * installed (Debian's {@code prometheus} package, which .ci/install-deps.sh installs).
 */
class PrometheusRuleTest {

    private static final Path ALERT_TESTS = Path.of("src", "test", "resources", "alerts");

    @Test
    void theAlertsFireWhenAndOnlyWhenTheirTestsSay(@TempDir Path work) throws Exception {
        Path promtool = promtool();
        GenericKubernetesResource rule = HelmChartTest.objects(HelmChartTest.render("sslo", "ops",
                        t -> t.set("metrics.prometheusRule.enabled", "true"))).stream()
                .filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        JsonNode spec = HelmChartTest.YAML.valueToTree(rule.getAdditionalProperties().get("spec"));
        Files.writeString(work.resolve("rules.yaml"), HelmChartTest.YAML.writeValueAsString(Map.of("groups", spec.get("groups"))));

        Result check = run(work, promtool.toString(), "check", "rules", "rules.yaml");
        assertEquals(0, check.exit(), check.output());

        List<Path> tests;
        try (var files = Files.list(ALERT_TESTS)) {
            tests = files.filter(f -> f.getFileName().toString().endsWith("-test.yaml")).sorted().toList();
        }
        assertTrue(!tests.isEmpty(), "no alert tests in " + ALERT_TESTS);
        for (Path test : tests) {
            Files.copy(test, work.resolve(test.getFileName()));
            Result result = run(work, promtool.toString(), "test", "rules", test.getFileName().toString());
            assertEquals(0, result.exit(), () -> test + ":\n" + result.output());
        }
    }

    private static Path promtool() {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                found = candidate;
                break;
            }
        }
        Assumptions.assumeTrue(found != null,
                "promtool is not on PATH: install Debian's prometheus package (.ci/install-deps.sh) to test the alerts");
        return found;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        return new Result(process.exitValue(), output);
    }
}
