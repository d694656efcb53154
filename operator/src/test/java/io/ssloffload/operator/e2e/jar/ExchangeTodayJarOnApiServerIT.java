package io.ssloffload.operator.e2e.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.shipped.JarProcess;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.operator.testing.JarFleetExtension;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.testing.WithJars;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ssloffload.operator.testing.ApiServerFixtures.succeeded;
import static io.ssloffload.operator.testing.LabResource.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exchange as it runs today through what ships (failsafe, after {@code package}): the operator jar
 * with the chart's RBAC against the real API server, the simulator jar with a fleet of Exchange
 * 2019 CU15 and SE (Extended Protection on, as their Setup leaves it), 2016 CU23 and 2013 CU23 (no
 * API vdir). Held as a whole while spec.extendedProtection is Respect; TurnOff converging; a CU
 * that turns Extended Protection on again repaired; deletion with Restore putting it back.
 */
@WithJars
@Tag("simulator")
class ExchangeTodayJarOnApiServerIT {

    private static final String NAME = "today";
    private static final String USER = JarFleetExtension.LAB_USER;
    private static final String PASSWORD = JarFleetExtension.LAB_PASSWORD;
    /**
     * Service Host passes every 2 s of real time: Outlook Anywhere, which SE Setup left with
     * SSLOffloading $false, reaches IIS quickly once the operator sets it.
     */
    @RegisterExtension
    static final JarFleetExtension jars = JarFleetExtension.forClass(ExchangeTodayJarOnApiServerIT.class)
            .simulator(List.of("--servers", "4", "--port", "16185", "--iis-port", "17185",
                    "--user", USER, "--password", PASSWORD, "--auth", "basic", "--allow-unencrypted",
                    "--propagation-interval", "2s", "--build", "CAS01=ExchangeSE", "--build", "CAS02=Exchange2019CU15",
                    "--build", "CAS03=Exchange2016CU23", "--build", "CAS04=CU23"), false)
            .operator(apiServer -> List.of("--drift-interval", "3s"));

    private static final List<String> SERVERS = List.of("CAS01", "CAS02", "CAS03", "CAS04");
    private static final List<String> VDIRS = List.of("owa", "ecp", "OAB", "Microsoft-Server-ActiveSync", "EWS",
            "Autodiscover", "mapi", "API", "Rpc");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatorProcess simulator;
    private static JarProcess operator;
    /** The API server the harness started, for the helpers below. */
    private static KubeApiServer cluster;

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        cluster = apiServer;
        simulator = jars.simulator();
        operator = jars.operator();
    }

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500));
    }

    @Test
    void heldAsAWholeThenTurnedOffThenRepairedAfterACuThenPutBackOnDelete(KubeApiServer apiServer) {
        Map<String, String> installedSe = tokenChecking("CAS01", "Default Web Site/");
        Map<String, String> installed2019 = tokenChecking("CAS02", "Default Web Site/");
        Map<String, String> backEnd = tokenChecking("CAS01", "Exchange Back End/");
        assertThat(installedSe).containsEntry("Default Web Site/owa", "Require").containsEntry("Default Web Site/Rpc", "Require");
        JsonNode seBefore = simulator.get("/servers/CAS01");

        succeeded(apiServer.kubectlWithStdin(manifest(), "apply", "-f", "-"));

        // Respect: the 2019 CU15 and SE servers are held as a whole; 2016 and 2013 are offloaded, the API vdir absent on 2013.
        waiting().untilAsserted(() -> {
            assertThat(condition("Stalled")).extracting(Condition::getReason).isEqualTo("ExtendedProtectionEnabled");
            for (String held : List.of("CAS01", "CAS02")) {
                assertThat(server(held).getConditions()).hasSize(9).allMatch(c -> c.getReason().equals("ExtendedProtectionEnabled"));
            }
            assertThat(server("CAS03").getConditions()).allMatch(c -> c.getReason().equals("Offloaded"));
            assertThat(protocol("CAS04", "api").getReason()).isEqualTo("NotPresent");
            assertThat(server("CAS04").getConditions()).allMatch(c -> "True".equals(c.getStatus()));
        });
        assertThat(condition("Ready").getStatus()).isEqualTo("False");
        JsonNode seHeld = simulator.get("/servers/CAS01");
        assertThat(seHeld.get("configChanges")).as("nothing changed on the held server").isEqualTo(seBefore.get("configChanges"));
        assertThat(seHeld.get("recycleLog")).isEqualTo(seBefore.get("recycleLog"));
        assertThat(seHeld.get("outlookAnywhere")).isEqualTo(seBefore.get("outlookAnywhere"));
        assertThat(protocol("CAS01", "ecp").getMessage()).contains("Exchange Server SE RTM", "-DisableExtendedProtection",
                "/DoNotEnableEP", "TurnOff", "SSL bridging");
        assertThat(SERVERS).extracting(name -> server(name).getExchangeProduct()).containsExactly("Exchange Server SE RTM",
                "Exchange Server 2019 CU15", "Exchange Server 2016 CU23", "Exchange Server 2013 CU23");
        waiting().until(() -> reasons(apiServer).contains("ExtendedProtectionEnabled"));

        // TurnOff: the admin chose offloading; every server converges, the 2013 server's missing API vdir included.
        succeeded(apiServer.kubectl("patch", "exchangessloffload/" + NAME, "-n", NAMESPACE, "--type", "merge",
                "-p", "{\"spec\":{\"extendedProtection\":\"TurnOff\"}}"));
        // Ready, and Rpc's pool recycled after the Service Host's pass: the Outlook Anywhere change is no longer in
        // flight, so the CU below is drift to repair, not a pass still awaited (which waits for propagation.timeout).
        waiting().untilAsserted(() -> {
            assertThat(condition("Ready").getStatus()).as(() -> diagnostics(apiServer)).isEqualTo("True");
            for (String server : List.of("CAS01", "CAS02")) {
                assertThat(simulator.get("/servers/" + server).get("appPoolRecycles").path("MSExchangeRpcProxyFrontEndAppPool")
                        .asInt()).as(server).isEqualTo(1);
            }
        });
        assertThat(read().getStatus().getSummary()).isEqualTo("4/4");
        for (String server : List.of("CAS01", "CAS02")) {
            assertThat(tokenChecking(server, "Default Web Site/")).as(server).containsAllEntriesOf(vdirs("None"));
        }
        assertThat(tokenChecking("CAS01", "Exchange Back End/")).as("Exchange Back End is never touched").isEqualTo(backEnd);
        assertThat(tokenChecking("CAS01", "Default Web Site/")).containsEntry("Default Web Site/PowerShell", "None");
        assertThat(reasons(apiServer)).contains("ExtendedProtectionTurnedOff");

        // A CU (an SU's build) turns Extended Protection back on and Outlook Anywhere's SSLOffloading off: repaired as drift.
        simulator.post("/servers/CAS01/cu-upgrade?build=15.2.2562.37");
        assertThat(tokenChecking("CAS01", "Default Web Site/")).containsEntry("Default Web Site/owa", "Require");
        waiting().untilAsserted(() -> {
            assertThat(server("CAS01").getExchangeBuild()).isEqualTo("15.2.2562.37");
            assertThat(tokenChecking("CAS01", "Default Web Site/")).containsAllEntriesOf(vdirs("None"));
            assertThat(condition("Ready").getStatus()).as(() -> diagnostics(apiServer)).isEqualTo("True");
        });

        // Deletion with Restore puts Extended Protection back where the operator turned it off.
        succeeded(apiServer.kubectl("delete", "exchangessloffload/" + NAME, "-n", NAMESPACE, "--wait=false"));
        waiting().until(() -> readOptional().isEmpty());
        Map<String, String> restoredSe = tokenChecking("CAS01", "Default Web Site/");
        Map<String, String> restored2019 = tokenChecking("CAS02", "Default Web Site/");
        for (String vdir : VDIRS) {
            String location = "Default Web Site/" + vdir;
            assertThat(restoredSe.get(location)).as("SE " + vdir).isEqualTo(installedSe.get(location));
            assertThat(restored2019.get(location)).as("2019 " + vdir).isEqualTo(installed2019.get(location));
        }
        assertThat(simulator.effectiveSslFlags("CAS01", "Default Web Site/owa")).isEqualTo("Ssl,Ssl128");
        assertThat(tokenChecking("CAS01", "Exchange Back End/")).isEqualTo(backEnd);
        assertThat(reasons(apiServer)).contains("Restored");
        assertThat(operator.isAlive()).as(operator::logs).isTrue();
    }

    private static Map<String, String> vdirs(String tokenChecking) {
        Map<String, String> expected = new LinkedHashMap<>();
        VDIRS.forEach(vdir -> expected.put("Default Web Site/" + vdir, tokenChecking));
        return expected;
    }

    /** Effective tokenChecking of every location of a site ("Default Web Site/"), as the simulator holds it. */
    private static Map<String, String> tokenChecking(String server, String sitePrefix) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode location : simulator.get("/servers/" + server).get("locations")) {
            String path = location.get("path").asText();
            if (path.startsWith(sitePrefix)) {
                values.put(path, location.get("effectiveTokenChecking").asText());
            }
        }
        return values;
    }

    private static String manifest() {
        OffloadResource resource = OffloadResource.named(NAMESPACE, NAME).deletionPolicy(DeletionPolicy.Restore)
                .basicOverHttp("today-admin", "5s").maxUnavailable("100%").propagation(null, "2s")
                .labOutlookAnywhere(AuthenticationMethod.Ntlm);
        jars.simulator().servers().forEach(resource::serverWithHealthCheck);
        return OffloadResource.documents(OffloadResource.basicAuthSecretYaml(NAMESPACE, "today-admin", USER, PASSWORD),
                resource.yaml());
    }

    private static Optional<ExchangeSslOffload> readOptional() {
        return Optional.ofNullable(cluster.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(NAME).get());
    }

    private static ExchangeSslOffload read() {
        return readOptional().filter(r -> r.getStatus() != null)
                .orElseThrow(() -> new AssertionError("no status yet"));
    }

    private static Condition condition(String type) {
        return SimulatedFleet.condition(read().getStatus().getConditions(), type);
    }

    private static ServerStatus server(String name) {
        return SimulatedFleet.server(read(), name);
    }

    private static Condition protocol(String server, String protocol) {
        return SimulatedFleet.protocol(read(), server, protocol);
    }

    /** The reasons of the Events on the resource, as kubectl lists them. */
    private static List<String> reasons(KubeApiServer apiServer) {
        KubectlResult events = succeeded(apiServer.kubectl("get", "events", "-n", NAMESPACE,
                "--field-selector", "involvedObject.name=" + NAME, "-o", "json"));
        List<String> reasons = new ArrayList<>();
        try {
            JSON.readTree(events.stdout()).path("items").forEach(e -> reasons.add(e.path("reason").asText()));
        } catch (IOException e) {
            throw new AssertionError(events.stdout(), e);
        }
        return reasons;
    }

    private static String diagnostics(KubeApiServer apiServer) {
        KubectlResult yaml = apiServer.kubectl("get", "exchangessloffload/" + NAME, "-n", NAMESPACE, "-o", "yaml");
        return "\n--- resource\n" + yaml.stdout() + yaml.stderr() + "\n--- CAS01\n" + simulator.get("/servers/CAS01").get("configChanges")
                + "\n" + operator.logs();
    }
}
