package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Bounds an int-or-string property (input: its name) as a count of at least 1 or a percentage
 * (1%-100%): fabric8's {@code @Pattern} and {@code @Min} are dropped on IntOrString fields, and the
 * API server applies {@code minimum} to the integer form and {@code pattern} to the string form only.
 * Runs only in the build (crd-generator-maven-plugin).
 */
public final class CountOrPercentCustomizer implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        JSONSchemaProps property = schema.getProperties() == null ? null : schema.getProperties().get(input.trim());
        if (property == null || !Boolean.TRUE.equals(property.getXKubernetesIntOrString())) {
            throw new IllegalArgumentException("no int-or-string property '" + input + "' to bound");
        }
        property.setMinimum(1.0);
        property.setPattern(RolloutSpec.MAX_UNAVAILABLE_PATTERN);
        return schema;
    }
}
