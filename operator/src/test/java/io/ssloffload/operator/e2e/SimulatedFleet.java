package io.ssloffload.operator.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.SecretRef;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.simulator.CasSimulator;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Builds resources aimed at a running {@link CasSimulator}, and reads their status. */
final class SimulatedFleet {

    static final String USER = "lab-admin";
    static final String PASSWORD = "S1mulator!p@ss";
    static final String SECRET = "lab-admin";

    private SimulatedFleet() {
    }

    static ExchangeSslOffload resource(CasSimulator simulator) {
        ExchangeSslOffloadSpec spec = new ExchangeSslOffloadSpec();
        spec.setServers(simulator.servers().stream().map(address -> {
            URI wsman = URI.create(address.wsmanUrl());
            ServerSpec server = new ServerSpec();
            server.setName(address.name());
            server.setAddress(wsman.getHost());
            server.setPort(wsman.getPort());
            return server;
        }).toList());
        WinRmSpec winrm = new WinRmSpec();
        SecretRef credentials = new SecretRef();
        credentials.setName(SECRET);
        winrm.setCredentialsSecretRef(credentials);
        winrm.setTransport(WinRmSpec.Transport.HTTP);
        winrm.setAuthentication(WinRmSpec.Authentication.BASIC);
        winrm.setAllowUnencrypted(true);
        winrm.setOperationTimeout("10s");
        spec.setWinrm(winrm);
        OutlookAnywhereSpec oa = new OutlookAnywhereSpec();
        oa.setExternalHostname("mail.lab.example");
        oa.setExternalClientsRequireSsl(true);
        oa.setExternalClientAuthenticationMethod(AuthenticationMethod.Basic);
        oa.setInternalHostname("mail.lab.local");
        oa.setInternalClientsRequireSsl(true);
        oa.setInternalClientAuthenticationMethod(AuthenticationMethod.Ntlm);
        oa.setIisAuthenticationMethods(List.of(AuthenticationMethod.Basic, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate));
        spec.setOutlookAnywhere(oa);
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMetaBuilder().withName("lab").withNamespace("exchange-lab").withGeneration(1L).build());
        resource.setSpec(spec);
        return resource;
    }

    static Optional<Secret> secret(String name) {
        return SECRET.equals(name)
                ? Optional.of(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
                .withType("kubernetes.io/basic-auth").addToStringData("username", USER)
                .addToStringData("password", PASSWORD).build())
                : Optional.empty();
    }

    static Condition condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
    }

    static ServerStatus server(ExchangeSslOffload resource, String name) {
        return resource.getStatus().getServers().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + name));
    }

    static Condition protocol(ExchangeSslOffload resource, String server, String protocol) {
        return condition(server(resource, server).getConditions(), protocol);
    }
}
