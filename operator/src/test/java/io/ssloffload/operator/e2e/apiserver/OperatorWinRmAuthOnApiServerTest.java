package io.ssloffload.operator.e2e.apiserver;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.kdcharness.MitKdc;
import io.ssloffload.kubeharness.KubeApiServer;
import io.ssloffload.kubeharness.KubectlResult;
import io.ssloffload.kubeharness.WithKubeApiServer;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.cli.OperatorMain;
import io.ssloffload.operator.cli.OperatorOptions;
import io.ssloffload.operator.testing.ApiServerFixtures;
import io.ssloffload.operator.testing.LabResource;
import io.ssloffload.operator.testing.OffloadResource;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.wsman.KerberosAcceptor;
import io.ssloffload.simulator.wsman.RequestLogEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ssloffload.operator.testing.ApiServerFixtures.apply;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's production-shaped WinRM paths on a real API server, against simulated servers
 * with Windows' WinRM defaults (Negotiate, no Basic, AllowUnencrypted false): the default
 * {@code winrm} settings (https + ntlm, the CA from a Secret), http + ntlm, which winrm4j seals
 * with NTLM message encryption, and kerberos with a ticket from a real MIT KDC.
 */
@WithKubeApiServer
@Tag("simulator")
class OperatorWinRmAuthOnApiServerTest {

    private static final String NAMESPACE = "exchange-auth";
    private static final String USER = "svc-sslo";
    private static final String PASSWORD = "N7lm!default";
    private static CasSimulator httpsFleet;
    private static CasSimulator httpFleet;
    private static CasSimulator kerberosFleet;
    private static final String KERBEROS_USER = "SVC-KERB";
    private static OperatorMain.Running operator;

    @BeforeAll
    static void start(KubeApiServer apiServer) {
        ApiServerFixtures.installCommittedCrd(apiServer);
        ApiServerFixtures.applyChartRbac(apiServer, NAMESPACE);
        // Server names of their own per fleet: two resources naming one server would be ServerClaimed.
        httpsFleet = CasSimulator.builder().server("TLS01", 0).server("TLS02", 0).iisBasePort(0).https(true).windowsDefaults()
                .credentials(USER, PASSWORD).start();
        httpFleet = CasSimulator.builder().server("SEAL01", 0).iisBasePort(0).windowsDefaults()
                .credentials(USER, PASSWORD).start();
        // a real MIT KDC; its krb5.conf becomes this JVM's, as a mounted /etc/krb5.conf is the operator's in a Pod
        MitKdc kdc = MitKdc.shared("CONTOSO.LOCAL");
        kdc.addUser(KERBEROS_USER, PASSWORD);
        kdc.addService("HTTP/localhost");
        kerberosFleet = CasSimulator.builder().server("KRB01", 0).iisBasePort(0).https(true).windowsDefaults()
                .kerberos(KerberosAcceptor.fromKeytab(kdc.keytab("cas.keytab", "HTTP/localhost")))
                .credentials(KERBEROS_USER, PASSWORD).start();
        operator = OperatorMain.start(apiServer.operatorClient(), OperatorOptions.parse("--watch-namespaces", NAMESPACE,
                "--drift-interval", "5m", "--leader-election-namespace", apiServer.operatorNamespace(),
                "--leader-election-lease", ApiServerFixtures.CHART_LEASE), () -> { });
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        for (CasSimulator fleet : new CasSimulator[]{httpsFleet, httpFleet, kerberosFleet}) {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    @Test
    void defaultWinRmSettingsReachReadyOverHttpsWithNtlmAndTheCaFromASecret(KubeApiServer apiServer) {
        String ca = httpsFleet.caCertificatePem().orElseThrow();
        apply(apiServer, OffloadResource.documents(credentials(), OffloadResource.caSecretYaml(NAMESPACE, "cas-ca", ca),
                resource("defaults", httpsFleet, "svc-sslo").caSecret("cas-ca").yaml()));
        awaitReadyAfterServiceHost(apiServer, "defaults", httpsFleet);
        assertLoggedOnWith(httpsFleet, "Negotiate/NTLM");
    }

    @Test
    void httpWithNtlmIsSealedAndNeedsNoAllowUnencrypted(KubeApiServer apiServer) {
        apply(apiServer, OffloadResource.documents(credentials(),
                resource("sealed", httpFleet, "svc-sslo").transport(WinRmSpec.Transport.HTTP).yaml()));
        awaitReadyAfterServiceHost(apiServer, "sealed", httpFleet);
        assertLoggedOnWith(httpFleet, "Negotiate/NTLM");
        for (CasSimulator.ServerAddress server : httpFleet.servers()) {
            List<RequestLogEntry> answered = httpFleet.requestLog(server.name()).stream()
                    .filter(e -> e.operation() != null).toList();
            assertFalse(answered.isEmpty());
            assertTrue(answered.stream().allMatch(RequestLogEntry::encrypted), () -> "unsealed request in " + answered);
        }
    }

    @Test
    void kerberosWithATicketFromTheRealmsKdc(KubeApiServer apiServer) {
        apply(apiServer, OffloadResource.documents(
                OffloadResource.basicAuthSecretYaml(NAMESPACE, "svc-kerb", KERBEROS_USER + "@CONTOSO.LOCAL", PASSWORD),
                OffloadResource.caSecretYaml(NAMESPACE, "kerb-ca", kerberosFleet.caCertificatePem().orElseThrow()),
                resource("kerberos", kerberosFleet, "svc-kerb").authentication(WinRmSpec.Authentication.KERBEROS)
                        .caSecret("kerb-ca").yaml()));
        awaitReadyAfterServiceHost(apiServer, "kerberos", kerberosFleet);
        for (CasSimulator.ServerAddress server : kerberosFleet.servers()) {
            List<RequestLogEntry> answered = kerberosFleet.requestLog(server.name()).stream()
                    .filter(e -> e.operation() != null).toList();
            assertFalse(answered.isEmpty());
            assertTrue(answered.stream().allMatch(e -> "Negotiate/Kerberos".equals(e.authentication())
                    && KERBEROS_USER.equals(e.user())), () -> server.name() + ": " + answered);
        }
    }

    private static String credentials() {
        return OffloadResource.basicAuthSecretYaml(NAMESPACE, "svc-sslo", USER, PASSWORD);
    }

    /** A resource for every server of {@code fleet}, the WinRM settings left to their defaults but the credentials. */
    private static OffloadResource resource(String name, CasSimulator fleet, String credentials) {
        return OffloadResource.named(NAMESPACE, name).servers(fleet).credentials(credentials).operationTimeout("10s")
                .labOutlookAnywhere(AuthenticationMethod.Basic, AuthenticationMethod.Basic, AuthenticationMethod.Ntlm,
                        AuthenticationMethod.Negotiate)
                .propagation(null, "2s");
    }

    private static void awaitReadyAfterServiceHost(KubeApiServer apiServer, String name, CasSimulator fleet) {
        await(apiServer, name, c -> "AwaitingPropagation".equals(c.getReason()) || "True".equals(c.getStatus()));
        fleet.advanceClock(Duration.ofMinutes(15));
        KubectlResult waited = apiServer.kubectl("wait", "--for=condition=Ready", "exchangessloffload/" + name,
                "-n", NAMESPACE, "--timeout=60s");
        assertTrue(waited.succeeded(), () -> waited + "\nstatus: " + ready(apiServer, name));
    }

    private static void assertLoggedOnWith(CasSimulator fleet, String method) {
        for (CasSimulator.ServerAddress server : fleet.servers()) {
            List<RequestLogEntry> answered = fleet.requestLog(server.name()).stream().filter(e -> e.operation() != null).toList();
            assertFalse(answered.isEmpty(), server.name() + " was never reached");
            assertTrue(answered.stream().allMatch(e -> method.equals(e.authentication()) && USER.equals(e.user())),
                    () -> server.name() + ": " + answered);
        }
    }

    private static String ready(KubeApiServer apiServer, String name) {
        ExchangeSslOffload resource = apiServer.adminClient().resources(ExchangeSslOffload.class)
                .inNamespace(NAMESPACE).withName(name).get();
        return resource == null || resource.getStatus() == null ? "no status" : String.valueOf(resource.getStatus().getConditions());
    }

    private static void await(KubeApiServer apiServer, String name, java.util.function.Predicate<Condition> expected) {
        LabResource.awaitCondition(apiServer, NAMESPACE, name, "Ready", expected, Duration.ofSeconds(90), () -> "");
    }
}
