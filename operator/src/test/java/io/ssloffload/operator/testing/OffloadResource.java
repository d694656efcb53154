package io.ssloffload.operator.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ssloffload.operator.api.GeneratedCrd;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.DeletionPolicy;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.HealthCheckSpec;
import io.ssloffload.operator.api.v1alpha1.ManagementPolicy;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationSpec;
import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.api.v1alpha1.RolloutSpec;
import io.ssloffload.operator.api.v1alpha1.SecretKeyRef;
import io.ssloffload.operator.api.v1alpha1.SecretRef;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.shipped.SimulatorProcess;
import io.ssloffload.simulator.CasSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way tests write an {@code ExchangeSslOffload}: typed, as the object the operator reads
 * and as the YAML a user applies with kubectl ({@link #yaml()}). Start from a shipped example
 * ({@link #lab()}: {@code examples/simulator.yaml}, {@link #contoso()}) or from nothing
 * ({@link #named}), then say what differs. Each call changes this builder; {@link #build()} gives
 * a copy, so one builder can make several resources.
 */
public final class OffloadResource {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final ExchangeSslOffload resource;

    private OffloadResource(ExchangeSslOffload resource) {
        this.resource = resource;
        if (resource.getSpec() == null) {
            resource.setSpec(new ExchangeSslOffloadSpec());
        }
    }

    /** {@code namespace/name} with an empty spec: no server, no WinRM settings. */
    public static OffloadResource named(String namespace, String name) {
        ExchangeSslOffload resource = new ExchangeSslOffload();
        resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return new OffloadResource(resource);
    }

    /** {@code examples/simulator.yaml}'s resource: {@code exchange-lab/lab}, three servers on 15985..15987, Basic over http. */
    public static OffloadResource lab() {
        return example("simulator.yaml");
    }

    /** {@code examples/contoso.yaml}'s resource: {@code exchange/contoso}, every protocol, the WinRM defaults. */
    public static OffloadResource contoso() {
        return example("contoso.yaml");
    }

    /** The {@code ExchangeSslOffload} document of a file in {@code examples/}. */
    public static OffloadResource example(String file) {
        try {
            String text = Files.readString(GeneratedCrd.EXAMPLES.resolve(file));
            String document = Arrays.stream(text.split("(?m)^---\\s*$"))
                    .filter(d -> d.contains("\nkind: ExchangeSslOffload")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no ExchangeSslOffload in examples/" + file));
            return new OffloadResource(SERIALIZATION.unmarshal(document, ExchangeSslOffload.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- metadata

    public OffloadResource name(String name) {
        resource.getMetadata().setName(name);
        return this;
    }

    public OffloadResource namespace(String namespace) {
        resource.getMetadata().setNamespace(namespace);
        return this;
    }

    public OffloadResource annotation(String key, String value) {
        if (resource.getMetadata().getAnnotations() == null) {
            resource.getMetadata().setAnnotations(new HashMap<>());
        }
        resource.getMetadata().getAnnotations().put(key, value);
        return this;
    }

    // ---- spec.servers

    /** No server yet (an example's are replaced). */
    public OffloadResource noServers() {
        spec().setServers(new ArrayList<>());
        return this;
    }

    /** One more server; {@code port} may be null (the WinRM port of the transport). */
    public OffloadResource server(String name, String address, Integer port) {
        return server(name, address, port, null);
    }

    /** One more server, its health checked on {@code healthPort} (IIS's port), unless that is null. */
    public OffloadResource server(String name, String address, Integer port, Integer healthPort) {
        ServerSpec server = new ServerSpec();
        server.setName(name);
        server.setAddress(address);
        server.setPort(port);
        if (healthPort != null) {
            HealthCheckSpec healthCheck = new HealthCheckSpec();
            healthCheck.setPort(healthPort);
            server.setHealthCheck(healthCheck);
        }
        if (spec().getServers() == null) {
            spec().setServers(new ArrayList<>());
        }
        spec().getServers().add(server);
        return this;
    }

    /** A server of the simulator jar, at its WinRM URL's host and port. */
    public OffloadResource server(SimulatorProcess.Server server) {
        return server(server.name(), server.wsmanUrl().getHost(), server.wsmanUrl().getPort());
    }

    /** A server of the simulator jar on 127.0.0.1, its health checked on its IIS port. */
    public OffloadResource serverWithHealthCheck(SimulatorProcess.Server server) {
        return server(server.name(), "127.0.0.1", server.wsmanUrl().getPort(), server.iisUrl().getPort());
    }

    /** Every server of an in-process simulator, at its WinRM URL's host and port. */
    public OffloadResource servers(CasSimulator simulator) {
        for (CasSimulator.ServerAddress address : simulator.servers()) {
            URI wsman = URI.create(address.wsmanUrl());
            server(address.name(), wsman.getHost(), wsman.getPort());
        }
        return this;
    }

    // ---- spec.winrm

    /** {@code spec.winrm} with the credentials Secret only: every other setting the CRD's default. */
    public OffloadResource credentials(String secretName) {
        WinRmSpec winrm = new WinRmSpec();
        SecretRef credentials = new SecretRef();
        credentials.setName(secretName);
        winrm.setCredentialsSecretRef(credentials);
        spec().setWinrm(winrm);
        return this;
    }

    /** A lab's WinRM: these credentials, Basic over plain http (allowed), commands ending after {@code operationTimeout}. */
    public OffloadResource basicOverHttp(String secretName, String operationTimeout) {
        return credentials(secretName).transport(WinRmSpec.Transport.HTTP).authentication(WinRmSpec.Authentication.BASIC)
                .allowUnencrypted(true).operationTimeout(operationTimeout);
    }

    public OffloadResource transport(WinRmSpec.Transport transport) {
        winrm().setTransport(transport);
        return this;
    }

    public OffloadResource authentication(WinRmSpec.Authentication authentication) {
        winrm().setAuthentication(authentication);
        return this;
    }

    public OffloadResource allowUnencrypted(Boolean allow) {
        winrm().setAllowUnencrypted(allow);
        return this;
    }

    public OffloadResource operationTimeout(String timeout) {
        winrm().setOperationTimeout(timeout);
        return this;
    }

    /** The servers' certificates are checked against the Secret's {@code ca.crt}. */
    public OffloadResource caSecret(String secretName) {
        SecretKeyRef ca = new SecretKeyRef();
        ca.setName(secretName);
        winrm().setCaSecretRef(ca);
        return this;
    }

    // ---- the rest of the spec

    public OffloadResource protocols(Protocol... protocols) {
        spec().setProtocols(List.of(protocols));
        return this;
    }

    /**
     * Outlook Anywhere as a lab has it: {@code mail.lab.example} outside with {@code external}
     * authentication, {@code mail.lab.local} inside with NTLM, both requiring SSL; IIS's methods
     * {@code iis}, or none named.
     */
    public OffloadResource labOutlookAnywhere(AuthenticationMethod external, AuthenticationMethod... iis) {
        OutlookAnywhereSpec outlookAnywhere = new OutlookAnywhereSpec();
        outlookAnywhere.setExternalHostname("mail.lab.example");
        outlookAnywhere.setExternalClientsRequireSsl(true);
        outlookAnywhere.setExternalClientAuthenticationMethod(external);
        outlookAnywhere.setInternalHostname("mail.lab.local");
        outlookAnywhere.setInternalClientsRequireSsl(true);
        outlookAnywhere.setInternalClientAuthenticationMethod(AuthenticationMethod.Ntlm);
        outlookAnywhere.setIisAuthenticationMethods(iis.length == 0 ? null : List.of(iis));
        spec().setOutlookAnywhere(outlookAnywhere);
        return this;
    }

    public OffloadResource outlookAnywhere(OutlookAnywhereSpec outlookAnywhere) {
        spec().setOutlookAnywhere(outlookAnywhere);
        return this;
    }

    public OffloadResource maxUnavailable(String countOrPercent) {
        RolloutSpec rollout = new RolloutSpec();
        rollout.setMaxUnavailable(new IntOrString(countOrPercent));
        spec().setRollout(rollout);
        return this;
    }

    public OffloadResource maxUnavailable(int count) {
        RolloutSpec rollout = new RolloutSpec();
        rollout.setMaxUnavailable(new IntOrString(count));
        spec().setRollout(rollout);
        return this;
    }

    /** {@code spec.propagation}'s timeout and poll interval; null leaves one to the CRD's default. */
    public OffloadResource propagation(String timeout, String pollInterval) {
        PropagationSpec propagation = new PropagationSpec();
        propagation.setTimeout(timeout);
        propagation.setPollInterval(pollInterval);
        spec().setPropagation(propagation);
        return this;
    }

    public OffloadResource propagationStrategy(PropagationStrategy strategy) {
        if (spec().getPropagation() == null) {
            spec().setPropagation(new PropagationSpec());
        }
        spec().getPropagation().setStrategy(strategy);
        return this;
    }

    public OffloadResource deletionPolicy(DeletionPolicy policy) {
        spec().setDeletionPolicy(policy);
        return this;
    }

    public OffloadResource managementPolicy(ManagementPolicy policy) {
        spec().setManagementPolicy(policy);
        return this;
    }

    /** Anything else, on the spec itself. */
    public OffloadResource spec(Consumer<ExchangeSslOffloadSpec> change) {
        change.accept(spec());
        return this;
    }

    // ---- out

    /** A copy of the resource as built so far. */
    public ExchangeSslOffload build() {
        return SERIALIZATION.clone(resource);
    }

    /** The resource as YAML, for {@code kubectl apply -f -}. */
    public String yaml() {
        return asYaml(resource);
    }

    /** A {@code kubernetes.io/basic-auth} Secret, as WinRM credentials are given, as YAML for kubectl. */
    public static String basicAuthSecretYaml(String namespace, String name, String username, String password) {
        return asYaml(basicAuthSecret(namespace, name, username, password));
    }

    public static Secret basicAuthSecret(String namespace, String name, String username, String password) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/basic-auth").addToStringData("username", username)
                .addToStringData("password", password).build();
    }

    /** A Secret whose {@code ca.crt} is {@code pem}, the one key {@code winrm.caSecretRef} reads by default, as YAML for kubectl. */
    public static String caSecretYaml(String namespace, String name, String pem) {
        return asYaml(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToStringData("ca.crt", pem).build());
    }

    /** Documents joined for one {@code kubectl apply -f -}. */
    public static String documents(String... yaml) {
        return String.join("\n---\n", yaml);
    }

    /** One document, without the marker that would start it: {@link #documents} puts them between. */
    private static String asYaml(Object object) {
        String yaml = SERIALIZATION.asYaml(object);
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }

    private ExchangeSslOffloadSpec spec() {
        return resource.getSpec();
    }

    private WinRmSpec winrm() {
        if (spec().getWinrm() == null) {
            spec().setWinrm(new WinRmSpec());
        }
        return spec().getWinrm();
    }
}
