package io.ssloffload.operator.e2e.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.kubeharness.WithKubeApiServer;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.cli.OperatorMain;
import io.ssloffload.operator.cli.OperatorOptions;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input campaign, kept: every string field with shell and PowerShell metacharacters,
 * newlines, look-alike letters and very long values; bad numbers and durations; duplicated
 * servers; missing and malformed Secrets. Each case is one row of {@link #cases()}: one field of a
 * valid resource replaced. Each is refused by the real API server's schema ({@code kubectl
 * apply}) or Stalled with a clear reason; a valid resource beside them stays Ready; and no hostile
 * string and no password ever reaches a server outside the base64 parameter data.
 */
@WithKubeApiServer
@Tag("simulator")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputOnApiServerTest {

    private static final String NAMESPACE = "hostile-lab";
    private static final String USER = "lab-admin";
    /** The credential itself is hostile: it must reach the server as data and nowhere else. */
    private static final String PASSWORD = "S1m'\"$(Stop-Computer)`;|&%PATH%ü";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = "a".repeat(300);
    private static CasSimulator simulator;
    private static OperatorMain.Running operator;

    /** One field of the valid resource replaced, and what must come of it. */
    record Case(String id, String path, Object value, String expect) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Case> cases() {
        return List.of(
                refused("name-quote", "spec.servers[0].name", "CAS01'; Remove-Item C:\\ -Recurse #"),
                refused("name-subexpression", "spec.servers[0].name", "$(Stop-Computer)"),
                refused("name-backtick", "spec.servers[0].name", "CAS`01"),
                refused("name-semicolon", "spec.servers[0].name", "CAS01;calc"),
                refused("name-pipe", "spec.servers[0].name", "CAS01|calc"),
                refused("name-ampersand", "spec.servers[0].name", "CAS01&calc"),
                refused("name-cmd-variable", "spec.servers[0].name", "%COMPUTERNAME%"),
                refused("name-newline", "spec.servers[0].name", "CAS01\nInvoke-Expression x"),
                refused("name-cyrillic-lookalike", "spec.servers[0].name", "\u0421AS01"),
                refused("name-fullwidth", "spec.servers[0].name", "\uFF23\uFF21\uFF33\uFF10\uFF11"),
                refused("name-long", "spec.servers[0].name", LONG),
                refused("name-empty", "spec.servers[0].name", ""),
                refused("address-semicolon", "spec.servers[0].address", "127.0.0.1; calc"),
                refused("address-subexpression", "spec.servers[0].address", "$(whoami).contoso.local"),
                refused("address-backtick", "spec.servers[0].address", "cas01.contoso.local`"),
                refused("address-url", "spec.servers[0].address", "http://127.0.0.1:5985/wsman"),
                refused("address-bracketed-ipv6", "spec.servers[0].address", "[fd00::1]"),
                refused("address-cyrillic-lookalike", "spec.servers[0].address", "c\u0430s01.contoso.local"),
                refused("address-newline", "spec.servers[0].address", "127.0.0.1\nmalicious"),
                refused("address-long", "spec.servers[0].address", LONG + ".local"),
                stalled("secret-name-quote", "spec.winrm.credentialsSecretRef.name", "lab-admin'; calc", "InvalidSpec",
                        "is not a Secret name"),
                stalled("secret-name-subexpression", "spec.winrm.credentialsSecretRef.name", "$(whoami)", "InvalidSpec",
                        "is not a Secret name"),
                stalled("ca-secret-name-pipe", "spec.winrm.caSecretRef", JSON.createObjectNode().put("name", "ca|x"),
                        "InvalidSpec", "spec.winrm.caSecretRef.name"),
                refused("credentials-key-removed", "spec.winrm.credentialsSecretRef.key", "password"),
                refused("external-hostname-quote", "spec.outlookAnywhere.externalHostname", "mail.contoso.com'; Set-OutlookAnywhere"),
                refused("internal-hostname-subexpression", "spec.outlookAnywhere.internalHostname", "$(calc)"),
                refused("external-hostname-newline", "spec.outlookAnywhere.externalHostname", "mail.contoso.com\n"),
                refused("external-hostname-long", "spec.outlookAnywhere.externalHostname", LONG),
                refused("legacy-hostname-backtick", "spec.coexistence",
                        JSON.createObjectNode().put("mode", "Exchange2010").put("legacyHostname", "legacy`.contoso.com")),
                refused("transport-injection", "spec.winrm.transport", "https; calc"),
                refused("authentication-pipe", "spec.winrm.authentication", "ntlm|basic"),
                refused("protocol-injection", "spec.protocols", JSON.createArrayNode().add("owa").add("owa; calc")),
                refused("recycle-ampersand", "spec.recycle", "IisReset & calc"),
                refused("iis-authentication-subexpression", "spec.outlookAnywhere.iisAuthenticationMethods",
                        JSON.createArrayNode().add("Ntlm").add("$(x)")),
                refused("coexistence-mode-backtick", "spec.coexistence", JSON.createObjectNode().put("mode", "Exchange2007`")),
                refused("operation-timeout-long-max", "spec.winrm.operationTimeout", "9223372036854775807ms"),
                refused("operation-timeout-huge-hours", "spec.winrm.operationTimeout", "100000000h"),
                stalled("operation-timeout-over-windows-max", "spec.winrm.operationTimeout", "61s", "InvalidSpec",
                        "'61s' is longer than the maximum 1m"),
                stalled("propagation-timeout-years", "spec.propagation.timeout", "999999h", "InvalidSpec",
                        "'999999h' is longer than the maximum 24h"),
                refused("poll-interval-negative", "spec.propagation.pollInterval", "-1s"),
                refused("propagation-timeout-injection", "spec.propagation.timeout", "15m; calc"),
                refused("port-zero", "spec.servers[0].port", 0),
                refused("port-too-high", "spec.servers[0].port", 65536),
                refused("port-as-string", "spec.winrm.port", "5985; calc"),
                refused("port-huge", "spec.winrm.port", 10_000_000_000L),
                refused("servers-duplicated", "spec.servers[1].name", "CAS01"),
                stalled("servers-case-duplicated", "spec.servers[1].name", "cas01", "InvalidSpec", "case-insensitive"),
                stalled("secret-missing", "spec.winrm.credentialsSecretRef.name", "nobody-made-this", "SecretNotFound",
                        "nobody-made-this"),
                stalled("secret-of-type-tls", "spec.winrm.credentialsSecretRef.name", "typed-tls", "InvalidSecret",
                        "is of type kubernetes.io/tls"),
                stalled("secret-without-password", "spec.winrm.credentialsSecretRef.name", "no-password", "InvalidSecret",
                        "username and password"),
                stalled("secret-empty-password", "spec.winrm.credentialsSecretRef.name", "empty-password", "InvalidSecret",
                        "neither empty"));
    }

    private static Case refused(String id, String path, Object value) {
        return new Case(id, path, value, "refused");
    }

    private static Case stalled(String id, String path, Object value, String reason, String message) {
        return new Case(id, path, value, reason + "|" + message);
    }

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        ApiServerFixtures.installCommittedCrd(apiServer);
        ApiServerFixtures.applyChartRbac(apiServer, NAMESPACE);
        simulator = CasSimulator.builder().servers(2).basePort(0).iisBasePort(0).credentials(USER, PASSWORD).start();
        var secrets = apiServer.adminClient().secrets().inNamespace(NAMESPACE);
        secrets.resource(new SecretBuilder().withNewMetadata().withName("lab-admin").endMetadata()
                .withType("kubernetes.io/basic-auth").addToStringData("username", USER).addToStringData("password", PASSWORD)
                .build()).serverSideApply();
        secrets.resource(new SecretBuilder().withNewMetadata().withName("typed-tls").endMetadata()
                .withType("kubernetes.io/tls").addToStringData("tls.crt", "x").addToStringData("tls.key", "y")
                .addToStringData("username", USER).addToStringData("password", PASSWORD).build()).serverSideApply();
        secrets.resource(new SecretBuilder().withNewMetadata().withName("no-password").endMetadata()
                .addToStringData("username", USER).addToStringData("pasword", PASSWORD).build()).serverSideApply();
        secrets.resource(new SecretBuilder().withNewMetadata().withName("empty-password").endMetadata()
                .withType("kubernetes.io/basic-auth").addToStringData("username", USER).addToStringData("password", "")
                .build()).serverSideApply();
        operator = OperatorMain.start(apiServer.operatorClient(), OperatorOptions.parse("--watch-namespaces", NAMESPACE,
                "--drift-interval", "5m"), () -> { });
    }

    @AfterAll
    static void stop(KubeApiServer apiServer) {
        if (operator != null) {
            operator.close();
        }
        apiServer.kubectl("delete", "exchangessloffloads", "--all", "-n", NAMESPACE, "--wait=false");
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void theValidResourceWithAHostilePasswordIsOffloaded(KubeApiServer apiServer) {
        succeeded(apiServer.kubectlWithStdin(valid("control").toString(), "apply", "-f", "-"));
        LabResource.awaitCondition(apiServer, NAMESPACE, "control", "Ready", c -> "True".equals(c.getStatus()),
                () -> "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(2)
    void eachHostileResourceIsRefusedOrStalledWithAReason(Case hostile, KubeApiServer apiServer) {
        String name = "h-" + hostile.id();
        ObjectNode resource = valid(name);
        set(resource, hostile.path(), JSON.valueToTree(hostile.value()));

        KubectlResult applied = apiServer.kubectlWithStdin(resource.toString(), "apply", "-f", "-");

        if (hostile.expect().equals("refused")) {
            assertFalse(applied.succeeded(), () -> "the schema took " + hostile + ": " + applied);
            assertTrue(applied.stderr().contains("Invalid value") || applied.stderr().contains("Unsupported value")
                    || applied.stderr().contains("Duplicate value") || applied.stderr().contains("unknown field")
                    || applied.stderr().contains("error validating") || applied.stderr().contains("cannot unmarshal")
                    || applied.stderr().contains("Required value"), applied::toString);
            return;
        }
        succeeded(applied);
        String[] expected = hostile.expect().split("\\|", 2);
        Condition stalled = LabResource.awaitCondition(apiServer, NAMESPACE, name, "Stalled",
                c -> "True".equals(c.getStatus()), () -> "");
        assertEquals(expected[0], stalled.getReason(), stalled::getMessage);
        assertThat(stalled.getMessage()).as(stalled::getMessage).contains(expected[1]);
        assertThat(stalled.getMessage()).as("no password in status").doesNotContain(PASSWORD);
    }

    @Test
    @Order(3)
    void noHostileStringAndNoPasswordReachedAServerOutsideTheParameterData(KubeApiServer apiServer) {
        LabResource.awaitCondition(apiServer, NAMESPACE, "control", "Ready", c -> "True".equals(c.getStatus()),
                () -> "");
        List<String> hostileStrings = List.of(PASSWORD, "Stop-Computer", "; calc", "|calc", "& calc", "Remove-Item C:\\",
                "%COMPUTERNAME%", "$(whoami)", "\u0421AS01", LONG);
        assertFalse(simulator.commandLog().isEmpty(), "the control resource ran commands");
        for (CasSimulator.ServerCommand entry : simulator.commandLog()) {
            String line = entry.command().commandLine();
            String script = withoutParameterData(SimulatedFleet.decodedScript(line));
            for (String hostile : hostileStrings) {
                assertThat(line).as(() -> "'" + hostile + "' in the command line " + line).doesNotContain(hostile);
                assertThat(script).as(() -> "'" + hostile + "' in the script " + script).doesNotContain(hostile);
            }
            assertThat(String.join(",", entry.command().environmentNames())).doesNotContain(PASSWORD);
        }
        var events = apiServer.adminClient().v1().events().inNamespace(NAMESPACE).list().getItems();
        assertThat(events).extracting(e -> String.valueOf(e.getMessage())).as("no password in events")
                .noneMatch(message -> message.contains(PASSWORD));
        for (ExchangeSslOffload resource : apiServer.adminClient().resources(ExchangeSslOffload.class).inNamespace(NAMESPACE)
                .list().getItems()) {
            assertThat(String.valueOf(resource.getStatus())).as("no password in status").doesNotContain(PASSWORD);
        }
    }

    private static ObjectNode valid(String name) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("apiVersion", "ssloffload.io/v1alpha1").put("kind", "ExchangeSslOffload");
        resource.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        ObjectNode spec = resource.putObject("spec");
        ArrayNode servers = spec.putArray("servers");
        for (CasSimulator.ServerAddress address : simulator.servers()) {
            URI wsman = URI.create(address.wsmanUrl());
            servers.addObject().put("name", address.name()).put("address", wsman.getHost()).put("port", wsman.getPort());
        }
        ObjectNode winrm = spec.putObject("winrm");
        winrm.putObject("credentialsSecretRef").put("name", "lab-admin");
        winrm.put("transport", "http").put("authentication", "basic").put("allowUnencrypted", true).put("operationTimeout", "5s");
        spec.putArray("protocols").add("owa").add("ecp");
        // both servers at once: this test is about input, not the rollout
        spec.putObject("rollout").put("maxUnavailable", "100%");
        spec.putObject("outlookAnywhere").put("externalHostname", "mail.lab.example").put("externalClientsRequireSsl", true)
                .put("externalClientAuthenticationMethod", "Basic");
        return resource;
    }

    /** Sets {@code spec.a[1].b} style paths, creating objects on the way. */
    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            Matcher indexed = Pattern.compile("(\\w+)\\[(\\d+)]").matcher(parts[i]);
            boolean last = i == parts.length - 1;
            if (indexed.matches()) {
                ArrayNode array = (ArrayNode) node.get(indexed.group(1));
                int index = Integer.parseInt(indexed.group(2));
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            } else if (last) {
                ((ObjectNode) node).set(parts[i], value);
            } else {
                node = node.has(parts[i]) ? node.get(parts[i]) : ((ObjectNode) node).putObject(parts[i]);
            }
        }
    }

    /** The script with its one base64 literal (the parameter data or an upload chunk) taken out. */
    private static String withoutParameterData(String script) {
        return script.replaceAll("'[A-Za-z0-9+/=]{16,}'", "'<data>'");
    }
}
