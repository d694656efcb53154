package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Sets {@code x-kubernetes-list-type} (and map keys) on array properties of the annotated class,
 * for which fabric8's CRD generator has no annotation. Input: property name to list type, e.g.
 * {@code {"servers": {"type": "map", "mapKeys": ["name"]}, "protocols": {"type": "set"}}}.
 * Runs only in the build (crd-generator-maven-plugin); the operator never loads it.
 */
public final class ListTypeCustomizer implements SchemaCustomizer.Customizer {

    record ListType(String type, List<String> mapKeys) {
    }

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        Map<String, ListType> listTypes = serialization.unmarshal(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new TypeReference<>() {
                });
        listTypes.forEach((property, listType) -> {
            JSONSchemaProps array = schema.getProperties() == null ? null : schema.getProperties().get(property);
            if (array == null || !"array".equals(array.getType())) {
                throw new IllegalArgumentException("no array property '" + property + "' to give a list type");
            }
            boolean map = "map".equals(listType.type());
            if (map == (listType.mapKeys() == null || listType.mapKeys().isEmpty())) {
                throw new IllegalArgumentException("'" + property + "': map keys go with list type map, and only with it");
            }
            array.setXKubernetesListType(listType.type());
            array.setXKubernetesListMapKeys(listType.mapKeys());
        });
        return schema;
    }
}
