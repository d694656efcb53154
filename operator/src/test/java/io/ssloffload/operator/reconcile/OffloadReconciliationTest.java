package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.SecretKeyRef;
import io.ssloffload.operator.api.v1alpha1.SecretRef;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.protocol.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens before any server is contacted: bad input changes nothing and says why. */
class OffloadReconciliationTest {

    private static final String PASSWORD = "Tr0ub4dor&3";
    private static final Instant NOW = Instant.parse("2026-11-27T20:00:00Z");

    private final FakeCasConnector connector = new FakeCasConnector();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final OffloadReconciliation reconciliation = new OffloadReconciliation(connector, executor, Duration.ofMinutes(5));
    private final FakeCasConnector.FakeServer cas01 = connector.add("CAS01");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void anInvalidSpecStallsWithoutContactingAnyServer() {
        ExchangeSslOffload resource = resource();
        resource.getSpec().getServers().get(0).setName("CAS_01");

        OffloadReconciliation.Result result = reconciliation.reconcile(resource, secrets(credentials(PASSWORD)), NOW);

        Condition stalled = condition(result, "Stalled");
        assertEquals("True", stalled.getStatus());
        assertEquals("InvalidSpec", stalled.getReason());
        assertTrue(stalled.getMessage().contains("spec.servers[0].name"), stalled.getMessage());
        assertEquals(Optional.empty(), result.nextCheck(), "only a change to the resource can help");
        assertEquals(0, cas01.sessionsOpened);
    }

    /**
     * The API server that keeps the servers' records cannot be asked: the reconcile ends (JOSDK
     * retries it) before any server is contacted, instead of blaming a server in status.
     */
    @Test
    void recordsTheApiServerCannotGiveEndTheReconcileBeforeAnyServerIsContacted() {
        ExchangeSslOffload resource = resource();
        resource.getMetadata().setNamespace("lab");
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestTimeout(1_000).withConnectionTimeout(1_000)
                .withRequestRetryBackoffLimit(0).build()).build()) {
            assertThatThrownBy(() -> reconciliation.reconcile(resource, secrets(credentials(PASSWORD)),
                    ServerRecords.onCluster(unreachable, resource), List.of(), Optional.empty(), NOW))
                    .satisfies(e -> assertThat(ServerRecords.unavailable(e)).as(e.toString()).isTrue());
        }
        assertEquals(0, cas01.sessionsOpened);
    }

    @Test
    void aMissingSecretStallsNamingIt() {
        OffloadReconciliation.Result result = reconciliation.reconcile(resource(), name -> Optional.empty(), NOW);

        Condition stalled = condition(result, "Stalled");
        assertEquals("SecretNotFound", stalled.getReason());
        assertTrue(stalled.getMessage().contains("cas-admin"), stalled.getMessage());
        assertEquals(0, cas01.sessionsOpened);
    }

    @Test
    void aSecretWithoutAPasswordStallsWithoutShowingWhatItHolds() {
        Secret incomplete = new SecretBuilder().withNewMetadata().withName("cas-admin").endMetadata()
                .addToStringData("username", "CONTOSO\\svc").addToStringData("pasword", PASSWORD).build();

        OffloadReconciliation.Result result = reconciliation.reconcile(resource(), secrets(incomplete), NOW);

        Condition stalled = condition(result, "Stalled");
        assertEquals("InvalidSecret", stalled.getReason());
        assertFalse(stalled.getMessage().contains(PASSWORD));
        assertEquals(0, cas01.sessionsOpened);
    }

    @ParameterizedTest
    @CsvSource({"kubernetes.io/basic-auth, true", "Opaque, true", "'', true",
            "kubernetes.io/tls, false", "kubernetes.io/service-account-token, false", "kubernetes.io/dockerconfigjson, false"})
    void onlyBasicAuthAndOpaqueSecretsAreCredentials(String type, boolean accepted) {
        Secret typed = new SecretBuilder(credentials(PASSWORD)).withType(type.isEmpty() ? null : type).build();

        OffloadReconciliation.Result result = reconciliation.reconcile(resource(), secrets(typed), NOW);

        Condition stalled = condition(result, "Stalled");
        if (accepted) {
            assertEquals("NotStalled", stalled.getReason(), stalled.getMessage());
            assertEquals(1, cas01.sessionsOpened);
        } else {
            assertEquals("InvalidSecret", stalled.getReason());
            assertTrue(stalled.getMessage().contains("is of type " + type + "; use type kubernetes.io/basic-auth"),
                    stalled.getMessage());
            assertEquals(0, cas01.sessionsOpened);
        }
    }

    @ParameterizedTest
    @CsvSource({"'', " + PASSWORD, "CONTOSO\\svc, ''"})
    void anEmptyUsernameOrPasswordIsRefused(String username, String password) {
        Secret empty = new SecretBuilder().withNewMetadata().withName("cas-admin").endMetadata().withType("kubernetes.io/basic-auth")
                .addToStringData("username", username).addToStringData("password", password).build();

        OffloadReconciliation.Result result = reconciliation.reconcile(resource(), secrets(empty), NOW);

        assertEquals("InvalidSecret", condition(result, "Stalled").getReason());
        assertEquals(0, cas01.sessionsOpened);
    }

    @Test
    void aCaBundleThatIsNoCertificateStallsBeforeAnyServerIsContacted() {
        ExchangeSslOffload resource = resource();
        SecretKeyRef ca = new SecretKeyRef();
        ca.setName("cas-ca");
        resource.getSpec().getWinrm().setCaSecretRef(ca);
        Secret notPem = new SecretBuilder().withNewMetadata().withName("cas-ca").endMetadata()
                .addToStringData("ca.crt", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n").build();
        Secret credentials = credentials(PASSWORD);

        OffloadReconciliation.Result result = reconciliation.reconcile(resource,
                name -> Optional.ofNullable(Map.of("cas-admin", credentials, "cas-ca", notPem).get(name)), NOW);

        Condition stalled = condition(result, "Stalled");
        assertEquals("InvalidSecret", stalled.getReason());
        assertTrue(stalled.getMessage().contains("cas-ca"), stalled.getMessage());
        assertEquals(0, cas01.sessionsOpened);
    }

    @Test
    void aValidResourceWithNothingInFlightComesBackAtTheDriftInterval() {
        OffloadReconciliation.Result result = reconciliation.reconcile(resource(), secrets(credentials(PASSWORD)), NOW);

        assertEquals("False", condition(result, "Stalled").getStatus());
        assertEquals(1, cas01.sessionsOpened);
        assertEquals(Optional.of(Duration.ofMinutes(5)), result.nextCheck());
        assertEquals(1L, result.status().getObservedGeneration());
    }

    /** Each of these once crashed or misbehaved: an overflow retry loop, a SOAP fault, a deadline in year 292279051. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "operationTimeout  | 9223372036854775807ms | spec.winrm.operationTimeout: '9223372036854775807ms' is longer than the maximum 1m",
            "operationTimeout  | 100000000h            | spec.winrm.operationTimeout: '100000000h' is longer than the maximum 1m",
            "operationTimeout  | 61s                   | spec.winrm.operationTimeout: '61s' is longer than the maximum 1m",
            "operationTimeout  | 999ms                 | spec.winrm.operationTimeout: '999ms' is shorter than the minimum 1s",
            "timeout           | 2562047788015215h     | spec.propagation.timeout: '2562047788015215h' is too long a duration",
            "timeout           | 999999h               | spec.propagation.timeout: '999999h' is longer than the maximum 24h",
            "timeout           | 24h1ms                | spec.propagation.timeout: '24h1ms' is longer than the maximum 24h",
            "pollInterval      | 61m                   | spec.propagation.pollInterval: '61m' is longer than the maximum 1h",
    })
    void aDurationOutOfItsRangeStallsAsInvalidSpecWithoutContactingAnyServer(String field, String value, String expected) {
        ExchangeSslOffload resource = resource();
        PropagationSpec propagation = new PropagationSpec();
        resource.getSpec().setPropagation(propagation);
        switch (field) {
            case "operationTimeout" -> resource.getSpec().getWinrm().setOperationTimeout(value);
            case "timeout" -> propagation.setTimeout(value);
            default -> propagation.setPollInterval(value);
        }

        OffloadReconciliation.Result result = reconciliation.reconcile(resource, secrets(credentials(PASSWORD)), NOW);

        Condition stalled = condition(result, "Stalled");
        assertEquals("InvalidSpec", stalled.getReason());
        assertTrue(stalled.getMessage().contains(expected), stalled.getMessage());
        assertEquals(0, cas01.sessionsOpened);
    }

    private static Condition condition(OffloadReconciliation.Result result, String type) {
        return result.status().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Function<String, Optional<Secret>> secrets(Secret secret) {
        return name -> Optional.ofNullable(Map.of(secret.getMetadata().getName(), secret).get(name));
    }

    private static Secret credentials(String password) {
        return new SecretBuilder().withNewMetadata().withName("cas-admin").endMetadata().withType("kubernetes.io/basic-auth")
                .addToStringData("username", "CONTOSO\\svc").addToStringData("password", password).build();
    }

    private static ExchangeSslOffload resource() {
        ServerSpec server = new ServerSpec();
        server.setName("CAS01");
        server.setAddress("cas01.contoso.local");
        SecretRef credentials = new SecretRef();
        credentials.setName("cas-admin");
        WinRmSpec winrm = new WinRmSpec();
        winrm.setCredentialsSecretRef(credentials);
        ExchangeSslOffloadSpec spec = new ExchangeSslOffloadSpec();
        spec.setServers(List.of(server));
        spec.setWinrm(winrm);
        // Outlook Anywhere left out of scope keeps the fixture to the IIS protocols.
        spec.setProtocols(List.of(Protocol.OWA, Protocol.ECP));
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMetaBuilder().withName("contoso").withNamespace("exchange").withGeneration(1L).build());
        resource.setSpec(spec);
        return resource;
    }
}
