package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.simulate.CasSimulatorFleetLauncher;
import io.ssloffload.simulator.CasSimulator;

import java.net.URI;
import java.util.stream.Collectors;

/** A resource for a running simulated fleet, written as a user writes one for their servers. */
public final class LabManifest {

    private LabManifest() {
    }

    /** Every server as {@code apply --simulate} starts it: as after a CU upgrade, Outlook Anywhere not offloaded. */
    public static void beforeOffloading(CasSimulator simulator) {
        simulator.servers().forEach(server -> CasSimulatorFleetLauncher.beforeOffloading(simulator, server.name()));
    }

    /**
     * @param port         every server's port, or null for each server's own
     * @param protocols    {@code spec.protocols} in YAML flow style, or null for all
     * @param pollInterval {@code spec.propagation.pollInterval}
     */
    public static String resource(String name, CasSimulator simulator, String port, String protocols, String pollInterval) {
        String servers = simulator.servers().stream().map(address -> "  - name: " + address.name() + "\n"
                        + "    address: 127.0.0.1\n"
                        + "    port: " + (port != null ? port : URI.create(address.wsmanUrl()).getPort()) + "\n")
                .collect(Collectors.joining());
        return """
                apiVersion: ssloffload.io/v1alpha1
                kind: ExchangeSslOffload
                metadata:
                  name: %s
                  namespace: lab
                spec:
                  servers:
                %s  winrm:
                    credentialsSecretRef:
                      name: lab-admin
                    transport: http
                    authentication: basic
                    allowUnencrypted: true
                    operationTimeout: 10s
                %s  outlookAnywhere:
                    externalHostname: mail.lab.example
                    externalClientsRequireSsl: true
                    externalClientAuthenticationMethod: Basic
                    internalHostname: mail.lab.local
                    internalClientsRequireSsl: true
                    internalClientAuthenticationMethod: Ntlm
                    iisAuthenticationMethods: [Basic, Ntlm, Negotiate]
                  propagation:
                    timeout: 30m
                    pollInterval: %s
                  # every server at once: these tests are about apply and plan, not the rollout
                  rollout:
                    maxUnavailable: 100%%
                """.formatted(name, servers, protocols == null ? "" : "  protocols: " + protocols + "\n", pollInterval);
    }
}
