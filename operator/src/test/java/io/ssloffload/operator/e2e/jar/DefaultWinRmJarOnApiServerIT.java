package io.ssloffload.operator.e2e.jar;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.WithJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.ssloffload.operator.testing.ApiServerFixtures.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's default WinRM settings through what ships (failsafe, after {@code package}): the
 * operator jar as a process with the chart's RBAC, against simulator jars started as a fresh
 * Windows Server's WinRM service is (Negotiate and Kerberos on, Basic off, AllowUnencrypted false).
 * A resource whose {@code spec.winrm} names only its credentials and a CA Secret (so https + ntlm)
 * reaches Ready on an {@code --https} fleet whose CA is read from the simulator's admin endpoint,
 * as an admin would export it; a second resource with {@code transport: http} and nothing else
 * reaches Ready on a plain HTTP fleet, every body sealed by NTLM message encryption. The servers'
 * request logs show every answered request logged on with NTLM, and the password is in no line the
 * operator wrote (at trace).
 */
@WithJars
@Tag("simulator")
class DefaultWinRmJarOnApiServerIT {

    private static final String NAMESPACE = "jar-default-winrm";
    private static final String USER = "svc-sslo";
    private static final String PASSWORD = "N7lm!over-TLS";
    /**
     * No --auth, no --allow-unencrypted: the WinRM service's Windows defaults, on https and on http.
     * Free ports; the clock moves only when told.
     */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(DefaultWinRmJarOnApiServerIT.class).watching(NAMESPACE)
            .simulator(List.of("--servers", "2", "--port", "0", "--https", "--user", USER, "--password", PASSWORD), true)
            .simulator(List.of("--servers", "3", "--port", "0", "--user", USER, "--password", PASSWORD), true)
            .operator(apiServer -> List.of("--drift-interval", "5m", "--log-level", "trace"));
    private static final String DEFAULTS = "defaults";
    private static final String SEALED = "sealed";
    // The https fleet's CAS01 and CAS02 are the defaults resource's; a server name is claimed across
    // resources, so the http fleet's resource takes its CAS03 only.
    private static final List<String> TLS_SERVERS = List.of("CAS01", "CAS02");
    private static final List<String> SEALED_SERVERS = List.of("CAS03");
    private static SimulatorProcess tlsFleet;
    private static SimulatorProcess httpFleet;
    private static JarProcess operator;

    @BeforeAll
    static void start() {
        tlsFleet = jars.simulator(0);
        httpFleet = jars.simulator(1);
        operator = jars.operator();
    }

    @AfterAll
    static void deleteWhileTheOperatorRuns(KubeApiServer apiServer) {
        if (operator != null) {
            // before the extension stops the operator, so its finalizer is taken off
            apiServer.kubectl("delete", "exchangessloffloads", "--all", "-n", NAMESPACE, "--timeout=60s");
        }
    }

    @Test
    void defaultWinRmSettingsReachReadyWithNtlmOverTlsAndHttpWithNtlmIsSealed(KubeApiServer apiServer) {
        String ca = tlsFleet.get("/ca").get("caCertificatePem").asText();
        apply(apiServer, OffloadResource.documents(credentials(), OffloadResource.caSecretYaml(NAMESPACE, "simulator-ca", ca),
                resource(DEFAULTS, tlsFleet, TLS_SERVERS).caSecret("simulator-ca").yaml(),
                resource(SEALED, httpFleet, SEALED_SERVERS).transport(WinRmSpec.Transport.HTTP).yaml()));

        // Basic comes off Rpc's IIS authentication only at the Service Host's pass: both wait for it.
        for (String name : List.of(DEFAULTS, SEALED)) {
            LabResource.awaitCondition(apiServer, NAMESPACE, name, "Ready",
                    c -> "AwaitingPropagation".equals(c.getReason()), () -> diagnostics(apiServer));
        }
        tlsFleet.post("/clock/advance?minutes=15");
        httpFleet.post("/clock/advance?minutes=15");
        for (String name : List.of(DEFAULTS, SEALED)) {
            KubectlResult ready = apiServer.kubectl("wait", "--for=condition=Ready", "exchangessloffload/" + name,
                    "-n", NAMESPACE, "--timeout=60s");
            assertTrue(ready.succeeded(), () -> ready + diagnostics(apiServer));
        }
        for (String server : TLS_SERVERS) {
            assertEquals("None", tlsFleet.effectiveSslFlags(server, "Default Web Site/owa"), server);
        }
        assertEquals("None", httpFleet.effectiveSslFlags("CAS03", "Default Web Site/owa"));

        for (String server : TLS_SERVERS) {
            assertTrue(tlsFleet.server(server).wsmanUrl().getScheme().equals("https"), tlsFleet.servers()::toString);
            assertLoggedOnWithNtlmOnly(tlsFleet, server);
        }
        for (JsonNode entry : assertLoggedOnWithNtlmOnly(httpFleet, "CAS03")) {
            assertTrue(entry.get("encrypted").asBoolean(), () -> "an unsealed request over plain HTTP: " + entry);
        }
        assertTrue(httpFleet.get("/servers/CAS01/requests").isEmpty(), "CAS01 of the http fleet is no resource's");

        String written = operator.stdout() + operator.stderr();
        assertThat(written).as("at trace: " + operator.logs()).contains(" TRACE ");
        assertThat(written).as("the password in the operator's output: " + operator.logs()).doesNotContain(PASSWORD);
        assertThat(written)
                .as("the password in base64 in the operator's output")
                .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertTrue(operator.isAlive(), operator::logs);
    }

    /**
     * Every request {@code server} answered was {@code Negotiate/NTLM} as {@link #USER}, none was
     * Basic, and the shell's commands were among them; the answered entries.
     */
    private static List<JsonNode> assertLoggedOnWithNtlmOnly(SimulatorProcess fleet, String server) {
        JsonNode log = fleet.get("/servers/" + server + "/requests");
        List<JsonNode> answered = new ArrayList<>();
        for (JsonNode entry : log) {
            assertFalse("Basic".equals(entry.get("authentication").asText()), () -> server + ": Basic in " + log);
            if (!entry.get("operation").isNull()) {
                answered.add(entry);
            }
        }
        assertTrue(answered.stream().anyMatch(e -> "COMMAND".equals(e.get("operation").asText())),
                () -> server + " ran no command: " + log);
        for (JsonNode entry : answered) {
            assertEquals("Negotiate/NTLM", entry.get("authentication").asText(), () -> server + ": " + entry);
            assertEquals(USER, entry.get("user").asText(), () -> server + ": " + entry);
        }
        return answered;
    }

    private static String credentials() {
        return OffloadResource.basicAuthSecretYaml(NAMESPACE, "svc-sslo", USER, PASSWORD);
    }

    /** A resource for {@code servers} of {@code fleet}, the WinRM settings left to their defaults but the credentials. */
    private static OffloadResource resource(String name, SimulatorProcess fleet, List<String> servers) {
        OffloadResource resource = OffloadResource.named(NAMESPACE, name).credentials("svc-sslo").operationTimeout("10s")
                .labOutlookAnywhere(AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate)
                .maxUnavailable("100%").propagation(null, "2s");
        servers.stream().map(fleet::server).forEach(resource::server);
        return resource;
    }

    private static String diagnostics(KubeApiServer apiServer) {
        KubectlResult yaml = apiServer.kubectl("get", "exchangessloffloads", "-n", NAMESPACE, "-o", "yaml");
        return "\n--- exchangessloffloads\n" + yaml.stdout() + yaml.stderr() + "\n" + operator.logs() + "\n"
                + tlsFleet.process().logs() + "\n" + httpFleet.process().logs();
    }
}
