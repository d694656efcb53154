package io.ssloffload.operator.e2e.jar;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.WithJars;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secrets campaign, kept: the shipped operator jar at {@code --log-level trace} (text, then
 * JSON) offloads a fleet through a refused and a corrected password, and no log line, Event,
 * status or server command line holds the password or another Secret of the watched namespace, in
 * clear, in base64 or as a Basic Authorization value.
 */
@WithJars
@Tag("simulator")
class SecretsAtTraceIT {

    private static final String NAMESPACE = "secrets-lab";
    /** The operator jar, started by the test once per log format; the simulator is in-process, its command log read. */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(SecretsAtTraceIT.class).watching(NAMESPACE);
    private static final String USER = "lab-admin";
    private static final String PASSWORD = "Tr4ce-Me1f-U-C4n!";
    private static final String WRONG = "Wr0ng-But-Secret-2";
    private static final String OTHER = "An0ther-Apps-Secr3t";
    private static CasSimulator simulator;

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        // The Service Host passes every few seconds of real time: Outlook Anywhere lands on its own.
        simulator = CasSimulator.builder().servers(2).basePort(0).iisBasePort(0).credentials(USER, PASSWORD)
                .propagationInterval(Duration.ofSeconds(3)).start();
        // Another application's Secret in a watched namespace: fabric8's trace logging would print it.
        apiServer.adminClient().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("someone-elses").endMetadata().addToStringData("password", OTHER).build()).serverSideApply();
    }

    @AfterAll
    static void stop(KubeApiServer apiServer) {
        apiServer.kubectl("delete", "exchangessloffloads", "--all", "-n", NAMESPACE, "--wait=false");
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void atTraceThePasswordIsInNoLogEventStatusOrCommand(KubeApiServer apiServer) {
        for (String format : List.of("text", "json")) {
            String name = "traced-" + format;
            credentials(apiServer, WRONG);
            JarProcess operator = jars.startOperator(apiServer.operatorKubeconfig(), jars.logs().resolve(format), List.of(
                    "--drift-interval", "10s", "--log-level", "trace", "--log-format", format), Map.of());
            try {
                succeeded(apiServer.kubectlWithStdin(resource(name), "apply", "-f", "-"));
                LabResource.awaitCondition(apiServer, NAMESPACE, name, "Stalled",
                        c -> "AuthenticationFailed".equals(c.getReason()), operator::logs);
                credentials(apiServer, PASSWORD);
                LabResource.awaitCondition(apiServer, NAMESPACE, name, "Ready",
                        c -> "True".equals(c.getStatus()), operator::logs);
            } finally {
                operator.stop();
            }
            String logs = operator.stdout() + operator.stderr();
            assertThat(logs).as(() -> "the operator logged at trace:\n" + operator.logs()).contains("TRACE", "DEBUG");
            assertNoSecretIn("the " + format + " logs", logs);
            apiServer.kubectl("delete", "exchangessloffload", name, "-n", NAMESPACE, "--wait=false");
        }
        var events = apiServer.adminClient().v1().events().inNamespace(NAMESPACE).list().getItems();
        assertFalse(events.isEmpty(), "the operator recorded its changes");
        events.forEach(e -> assertNoSecretIn("Event " + e.getReason(), e.getMessage()));
        for (ExchangeSslOffload resource : apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(NAMESPACE)
                .list().getItems()) {
            assertNoSecretIn("status of " + resource.getMetadata().getName(), String.valueOf(resource.getStatus()));
        }
        assertFalse(simulator.commandLog().isEmpty());
        for (CasSimulator.ServerCommand entry : simulator.commandLog()) {
            assertNoSecretIn("a command line", entry.command().commandLine());
            assertNoSecretIn("a script", SimulatedFleet.decodedScript(entry.command().commandLine()));
        }
    }

    private static void assertNoSecretIn(String where, String text) {
        Base64.Encoder base64 = Base64.getEncoder();
        for (String secret : List.of(PASSWORD, WRONG, OTHER)) {
            for (String form : List.of(secret, base64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                    base64.encodeToString((USER + ":" + secret).getBytes(StandardCharsets.UTF_8)))) {
                assertThat(text).as(() -> where + " holds a secret (" + form + ")").doesNotContain(form);
            }
        }
    }

    private static void credentials(KubeApiServer apiServer, String password) {
        apiServer.adminClient().resource(OffloadResource.basicAuthSecret(NAMESPACE, "lab-admin", USER, password)).serverSideApply();
    }

    private static String resource(String name) {
        OutlookAnywhereSpec outlookAnywhere = new OutlookAnywhereSpec();
        outlookAnywhere.setExternalHostname("mail.lab.example");
        outlookAnywhere.setExternalClientsRequireSsl(true);
        outlookAnywhere.setExternalClientAuthenticationMethod(AuthenticationMethod.Basic);
        return OffloadResource.named(NAMESPACE, name).servers(simulator).basicOverHttp("lab-admin", "5s")
                .outlookAnywhere(outlookAnywhere).propagation(null, "2s").yaml();
    }
}
