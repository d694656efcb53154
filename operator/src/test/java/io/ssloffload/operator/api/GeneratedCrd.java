package io.ssloffload.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where the CRD lives: fresh from the build, and the committed copies users install. */
public final class GeneratedCrd {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static final String FILE_NAME = "exchangessloffloads.ssloffload.io-v1.yml";
    static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final Path COMMITTED_COPY = REPOSITORY_ROOT.resolve("crds").resolve(FILE_NAME);
    public static final Path HELM_CHART = REPOSITORY_ROOT.resolve("helm").resolve("exchange-ssl-offload-operator");
    static final Path HELM_COPY = HELM_CHART.resolve("crds").resolve(FILE_NAME);
    public static final Path EXAMPLES = REPOSITORY_ROOT.resolve("examples");

    private GeneratedCrd() {
    }

    /** The text crd-generator-maven-plugin wrote in this build (target/classes/META-INF/fabric8). */
    static String freshText() {
        try (InputStream in = GeneratedCrd.class.getResourceAsStream("/META-INF/fabric8/" + FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("the build did not generate " + FILE_NAME
                        + ": is crd-generator-maven-plugin bound in operator/pom.xml?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CustomResourceDefinition fresh() {
        return SERIALIZATION.unmarshal(freshText(), CustomResourceDefinition.class);
    }
}
