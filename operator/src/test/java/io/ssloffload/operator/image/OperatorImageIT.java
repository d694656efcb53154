package io.ssloffload.operator.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.ssloffload.operator.api.GeneratedCrd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image the {@code image} profile built at package (image/build.sh): what the chart deploys by
 * default, non-root, the jar where the entrypoint runs it, and rebuilt from the same jar to the
 * same layers. Tagged {@code node}: it needs the node tools (umoci, skopeo, mmdebstrap, root).
 */
@Tag("node")
class OperatorImageIT {

    private static final Path IMAGE_DIR = Path.of("target", "image");
    private static final Path JAR = Path.of("target", "exchange-ssl-offload-operator.jar");

    @Test
    void theChartDeploysTheBuiltImageWhichRunsTheJarAsUser65532() throws Exception {
        Properties built = imageEnv(IMAGE_DIR);
        String rendered = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo").withNamespace("ops").call();
        assertThat(rendered).contains("image: \"" + built.getProperty("IMAGE") + "\"");

        String tag = built.getProperty("IMAGE").substring(built.getProperty("IMAGE").lastIndexOf(':') + 1);
        JsonNode config = new ObjectMapper().readTree(run("skopeo", "inspect", "--config",
                "oci:" + IMAGE_DIR.resolve("oci") + ":" + tag)).path("config");
        assertEquals("65532:65532", config.path("User").asText());
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-jar", "/opt/operator/exchange-ssl-offload-operator.jar"),
                new ObjectMapper().convertValue(config.path("Entrypoint"), List.class));
        assertThat(new ObjectMapper().convertValue(config.path("Env"), String[].class))
                .as(config.path("Env")::toString)
                .contains("MALLOC_ARENA_MAX=2");
        assertEquals("-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData",
                built.getProperty("JAVA_OPTIONS"), "what the footprint benchmark runs the jar with");
        String listing = run("tar", "-tvf", IMAGE_DIR.resolve("exchange-ssl-offload-operator.tar").toString());
        assertThat(listing)
                .as("a docker-archive that docker/podman load and ctr import read")
                .contains("manifest.json");
    }

    @Test
    void theSameJarGivesTheSameLayers() throws Exception {
        Path again = Path.of("target", "image-rebuilt");
        run("bash", Path.of("..", "image", "build.sh").toString(), JAR.toString(), again.toString());
        Properties first = imageEnv(IMAGE_DIR);
        Properties second = imageEnv(again);
        assertEquals(first.getProperty("APP_LAYER"), second.getProperty("APP_LAYER"));
        assertEquals(first.getProperty("BASE_LAYER"), second.getProperty("BASE_LAYER"));
    }

    private static Properties imageEnv(Path dir) throws IOException {
        Path env = dir.resolve("image.env");
        assertTrue(Files.isRegularFile(env), env + " is missing: `mvn package` builds the image when umoci is installed"
                + " (.ci/install-deps.sh)");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(env)) {
            properties.load(reader);
        }
        return properties;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("image-it-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
            String output = Files.readString(out);
            assertEquals(0, process.exitValue(), () -> String.join(" ", command) + ":\n" + output);
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
