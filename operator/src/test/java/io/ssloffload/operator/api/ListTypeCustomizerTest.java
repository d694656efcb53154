package io.ssloffload.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ssloffload.operator.api.v1alpha1.ListTypeCustomizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListTypeCustomizerTest {

    private final ListTypeCustomizer customizer = new ListTypeCustomizer();
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    private static JSONSchemaProps objectWithArrays() {
        return new JSONSchemaPropsBuilder().withType("object")
                .addToProperties("servers", new JSONSchemaPropsBuilder().withType("array").build())
                .addToProperties("tags", new JSONSchemaPropsBuilder().withType("array").build())
                .addToProperties("name", new JSONSchemaPropsBuilder().withType("string").build())
                .build();
    }

    @Test
    void setsListTypesAndLeavesOtherPropertiesAlone() {
        JSONSchemaProps schema = customizer.apply(objectWithArrays(),
                "{\"servers\": {\"type\": \"map\", \"mapKeys\": [\"name\"]}, \"tags\": {\"type\": \"set\"}}",
                serialization);

        assertEquals("map", schema.getProperties().get("servers").getXKubernetesListType());
        assertEquals(List.of("name"), schema.getProperties().get("servers").getXKubernetesListMapKeys());
        assertEquals("set", schema.getProperties().get("tags").getXKubernetesListType());
        assertTrue(schema.getProperties().get("tags").getXKubernetesListMapKeys() == null
                || schema.getProperties().get("tags").getXKubernetesListMapKeys().isEmpty());
        assertEquals("string", schema.getProperties().get("name").getType());
        assertNull(schema.getProperties().get("name").getXKubernetesListType());
    }

    @Test
    void refusesPropertiesThatAreNotArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> customizer.apply(objectWithArrays(), "{\"name\": {\"type\": \"set\"}}", serialization));
        assertThat(e.getMessage()).as(e::getMessage).contains("'name'");
        assertThrows(IllegalArgumentException.class,
                () -> customizer.apply(objectWithArrays(), "{\"missing\": {\"type\": \"set\"}}", serialization));
    }

    @Test
    void mapNeedsKeysAndOnlyMapHasThem() {
        assertThrows(IllegalArgumentException.class,
                () -> customizer.apply(objectWithArrays(), "{\"servers\": {\"type\": \"map\"}}", serialization));
        assertThrows(IllegalArgumentException.class, () -> customizer.apply(objectWithArrays(),
                "{\"tags\": {\"type\": \"set\", \"mapKeys\": [\"name\"]}}", serialization));
    }
}
