package io.ssloffload.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.protocol.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the API server will enforce is what the generated schema says: check it says it. */
class GeneratedCrdSchemaTest {

    private static CustomResourceDefinition crd;
    private static CustomResourceDefinitionVersion version;
    private static JSONSchemaProps spec;

    @BeforeAll
    static void load() {
        crd = GeneratedCrd.fresh();
        version = crd.getSpec().getVersions().get(0);
        spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    private static JSONSchemaProps at(JSONSchemaProps schema, String... path) {
        JSONSchemaProps current = schema;
        for (String step : path) {
            current = step.equals("[]") ? current.getItems().getSchema() : current.getProperties().get(step);
            assertNotNull(current, "no schema at " + String.join(".", path));
        }
        return current;
    }

    @Test
    void namesScopeAndStatusSubresource() {
        assertEquals("exchangessloffloads.ssloffload.io", crd.getMetadata().getName());
        assertEquals("Namespaced", crd.getSpec().getScope());
        assertEquals(List.of("sslo", "exchangesslofload"), crd.getSpec().getNames().getShortNames());
        assertEquals("v1alpha1", version.getName());
        assertNotNull(version.getSubresources().getStatus(), "status subresource");
    }

    @Test
    void printerColumnsInReadingOrder() {
        assertEquals(List.of("READY", "REASON", "SERVERS", "AGE"),
                version.getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList());
        assertEquals("date", version.getAdditionalPrinterColumns().get(3).getType());
    }

    @Test
    void requiredFields() {
        assertEquals(Set.of("servers", "winrm"), Set.copyOf(spec.getRequired()));
        assertEquals(Set.of("name", "address"), Set.copyOf(at(spec, "servers", "[]").getRequired()));
        assertEquals(List.of("credentialsSecretRef"), at(spec, "winrm").getRequired());
        assertEquals(List.of("name"), at(spec, "winrm", "credentialsSecretRef").getRequired());
    }

    @Test
    void theCredentialSecretIsNamedWholeWhileTheCaBundleNamesItsKey() {
        // a key on the credential Secret was accepted and ignored: username and password are its keys
        assertEquals(Set.of("name"), at(spec, "winrm", "credentialsSecretRef").getProperties().keySet());
        assertEquals(Set.of("name", "key"), at(spec, "winrm", "caSecretRef").getProperties().keySet());
    }

    @Test
    void serversAreBoundedAndUniqueByName() {
        JSONSchemaProps servers = at(spec, "servers");
        assertEquals(1L, servers.getMinItems());
        assertEquals(100L, servers.getMaxItems());
        assertEquals("map", servers.getXKubernetesListType());
        assertEquals(List.of("name"), servers.getXKubernetesListMapKeys());
        assertEquals(ServerSpec.NAME_PATTERN, at(servers, "[]", "name").getPattern());
        assertEquals(ServerSpec.ADDRESS_PATTERN, at(servers, "[]", "address").getPattern());
        assertPortRange(at(servers, "[]", "port"));
        assertPortRange(at(spec, "winrm", "port"));
    }

    private static void assertPortRange(JSONSchemaProps port) {
        assertEquals(1.0, port.getMinimum());
        assertEquals(65535.0, port.getMaximum());
    }

    @Test
    void protocolsAreTheJsonNamesOnceEach() {
        JSONSchemaProps protocols = at(spec, "protocols");
        Set<String> jsonNames = Arrays.stream(Protocol.values()).map(Protocol::specName).collect(Collectors.toSet());
        assertEquals(Set.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi", "api", "outlookAnywhere", "mrsProxy"),
                jsonNames);
        assertEquals(jsonNames, enumValues(at(protocols, "[]")));
        assertEquals("set", protocols.getXKubernetesListType());
    }

    @Test
    void enumsUseTheSpellingsUsersWrite() {
        assertEquals(Set.of("https", "http"), enumValues(at(spec, "winrm", "transport")));
        assertEquals(Set.of("ntlm", "kerberos", "basic"), enumValues(at(spec, "winrm", "authentication")));
        assertEquals(Set.of("AppPools", "IisReset"), enumValues(at(spec, "recycle")));
        assertEquals(Set.of("Respect", "TurnOff"), enumValues(at(spec, "extendedProtection")));
        assertEquals(Set.of("None", "Exchange2007", "Exchange2010"), enumValues(at(spec, "coexistence", "mode")));
        assertEquals(Set.of("Basic", "Ntlm", "Negotiate"),
                enumValues(at(spec, "outlookAnywhere", "externalClientAuthenticationMethod")));
    }

    @Test
    void durationsAndHostnamesArePatterned() {
        for (String[] path : List.of(new String[] {"winrm", "operationTimeout"},
                new String[] {"propagation", "timeout"}, new String[] {"propagation", "pollInterval"})) {
            assertEquals(WinRmSpec.DURATION_PATTERN, at(spec, path).getPattern(), String.join(".", path));
        }
        assertEquals(ServerSpec.HOST_PATTERN, at(spec, "outlookAnywhere", "externalHostname").getPattern());
        assertEquals(ServerSpec.HOST_PATTERN, at(spec, "outlookAnywhere", "internalHostname").getPattern());
        assertEquals(ServerSpec.HOST_PATTERN, at(spec, "coexistence", "legacyHostname").getPattern());
    }

    @Test
    void defaults() {
        assertEquals("\"https\"", at(spec, "winrm", "transport").getDefault().toString());
        assertEquals("\"ntlm\"", at(spec, "winrm", "authentication").getDefault().toString());
        assertEquals("false", at(spec, "winrm", "insecureSkipTlsVerify").getDefault().toString());
        assertEquals("\"60s\"", at(spec, "winrm", "operationTimeout").getDefault().toString());
        assertEquals("\"AppPools\"", at(spec, "recycle").getDefault().toString());
        assertEquals("\"None\"", at(spec, "coexistence", "mode").getDefault().toString());
        assertEquals("\"15m\"", at(spec, "propagation", "timeout").getDefault().toString());
        assertEquals("\"1m\"", at(spec, "propagation", "pollInterval").getDefault().toString());
        // without an empty-object default on the parent, the nested defaults would only apply
        // to users who wrote the block
        assertEquals("{}", at(spec, "propagation").getDefault().toString());
        assertEquals("{}", at(spec, "coexistence").getDefault().toString());
    }

    private static Set<String> enumValues(JSONSchemaProps schema) {
        assertNotNull(schema.getEnum(), "no enum");
        return schema.getEnum().stream().map(node -> node.asText()).collect(Collectors.toSet());
    }

    @Test
    void patternsAcceptAndRefuseWhatTheyShould() {
        assertTrue("CAS01".matches(ServerSpec.NAME_PATTERN));
        assertTrue(!"CAS_01".matches(ServerSpec.NAME_PATTERN));
        assertTrue(!"ABCDEFGHIJKLMNOP".matches(ServerSpec.NAME_PATTERN), "16 characters is not a NetBIOS name");
        assertTrue("1h30m".matches(WinRmSpec.DURATION_PATTERN));
        assertTrue(!"15 minutes".matches(WinRmSpec.DURATION_PATTERN));
    }
}
