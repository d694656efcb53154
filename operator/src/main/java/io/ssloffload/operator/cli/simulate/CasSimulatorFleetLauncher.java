package io.ssloffload.operator.cli.simulate;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ssloffload.operator.cli.convergence.Convergence;
import io.ssloffload.operator.cli.convergence.ResourceFile;
import io.ssloffload.operator.cli.convergence.SecretSources;
import io.ssloffload.operator.cli.convergence.SimulatedFleetLauncher;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereSpec;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.reconcile.SecretValues;
import io.ssloffload.operator.validation.GoDuration;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code apply --simulate}: a simulated Exchange fleet per resource, in this process, with the
 * resource's server names and (where free) ports, on 127.0.0.1. The only class that uses the CAS
 * simulator, found through {@link java.util.ServiceLoader} in the with-simulator jar; the engine
 * reaches the fleet over WinRM, exactly as it reaches real servers. Everything this changes about
 * the run — addresses, WinRM settings, credentials, the Service Host's interval, the starting
 * state — is said on screen.
 */
public final class CasSimulatorFleetLauncher implements SimulatedFleetLauncher {

    /** Exchange's Service Host copies Outlook Anywhere from AD into IIS every 15 minutes. */
    private static final Duration EXCHANGE_SERVICE_HOST_INTERVAL = Duration.ofMinutes(15);
    private static final String GENERATED_USER = "sslo-simulated";
    private static final String LOOPBACK = "127.0.0.1";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The started simulators, one per resource, and the resources rewritten to reach them. */
    private static final class Fleet implements SimulatedFleet {
        private final List<CasSimulator> simulators = new ArrayList<>();
        private final List<Convergence.Target> targets = new ArrayList<>();

        @Override
        public List<Convergence.Target> targets() {
            return List.copyOf(targets);
        }

        @Override
        public void close() {
            simulators.forEach(CasSimulator::close);
        }
    }

    @Override
    public SimulatedFleet start(ResourceFile file, SecretSources secrets, Duration serviceHostInterval, PrintWriter out) {
        Fleet fleet = new Fleet();
        try {
            out.println("--simulate: each resource's servers are simulated in this process, on " + LOOPBACK
                    + " whatever the file's addresses say; the engine reaches them over WinRM like real servers.");
            out.println("  Service Host passes every " + GoDuration.format(serviceHostInterval) + " instead of "
                    + GoDuration.format(EXCHANGE_SERVICE_HOST_INTERVAL) + " (simulated)");
            Set<Integer> taken = new HashSet<>();
            for (ExchangeSslOffload resource : file.resources()) {
                fleet.targets.add(simulate(fleet, resource, secrets.secretsOf(resource), serviceHostInterval, taken, out));
            }
            out.flush();
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private static Convergence.Target simulate(Fleet fleet, ExchangeSslOffload original,
                                               Function<String, Optional<Secret>> secrets, Duration serviceHostInterval,
                                               Set<Integer> taken, PrintWriter out) {
        ExchangeSslOffload resource = SERIALIZATION.clone(original);
        String name = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        WinRmSpec winrm = resource.getSpec().getWinrm();
        boolean https = winrm.getTransport() != WinRmSpec.Transport.HTTP;
        int defaultPort = winrm.getPort() != null ? winrm.getPort() : https ? 5986 : 5985;
        out.println(name + ":");

        String secretName = winrm.getCredentialsSecretRef().getName();
        Optional<Secret> given = secrets.apply(secretName);
        Optional<String> givenUser = given.flatMap(s -> SecretValues.value(s, "username"));
        Optional<String> givenPassword = given.flatMap(s -> SecretValues.value(s, "password"));
        String user;
        String password;
        if (givenUser.isPresent() && givenPassword.isPresent() && isLocalAccount(givenUser.get())) {
            user = givenUser.get();
            password = givenPassword.get();
            out.println("  credentials: Secret " + secretName + " (the simulated servers accept its account)");
        } else {
            user = GENERATED_USER;
            password = generatedPassword();
            out.println("  credentials: generated for this run (" + (givenUser.isEmpty() ? "no Secret " + secretName
                    + " given" : "Basic logs on local accounts only, not " + givenUser.get()) + ")");
        }

        if (https || winrm.getAuthentication() != WinRmSpec.Authentication.BASIC) {
            out.println("  WinRM: http + basic for this run instead of the file's "
                    + (https ? "https" : "http") + " + " + Objects.requireNonNullElse(winrm.getAuthentication(),
                    WinRmSpec.Authentication.NTLM).name().toLowerCase() + " (the simulated fleet is a lab one: Basic over plain HTTP, "
                    + "no certificate to trust)");
            winrm.setTransport(WinRmSpec.Transport.HTTP);
            winrm.setAuthentication(WinRmSpec.Authentication.BASIC);
            winrm.setAllowUnencrypted(true);
            winrm.setCaSecretRef(null);
            winrm.setInsecureSkipTlsVerify(null);
        }

        CasSimulator.Builder builder = CasSimulator.builder().credentials(user, password);
        Map<String, String> portNotes = new HashMap<>();
        for (ServerSpec server : resource.getSpec().getServers()) {
            int wanted = server.getPort() != null ? server.getPort() : defaultPort;
            if (!taken.add(wanted)) {
                portNotes.put(server.getName(), " (port " + wanted + " is another server's in this run: a free one)");
            } else if (!isFree(wanted)) {
                portNotes.put(server.getName(), " (port " + wanted + " is in use on this machine: a free one)");
            }
            builder.server(server.getName(), portNotes.containsKey(server.getName()) ? 0 : wanted);
        }
        // The simulator keeps real time: its Service Host passes every serviceHostInterval of wall-clock time.
        CasSimulator simulator = builder.propagationInterval(serviceHostInterval).start();
        fleet.simulators.add(simulator);

        for (ServerSpec server : resource.getSpec().getServers()) {
            String before = server.getAddress() + ":" + (server.getPort() != null ? server.getPort() : defaultPort);
            int port = URI.create(simulator.address(server.getName()).wsmanUrl()).getPort();
            taken.add(port);
            server.setAddress(LOOPBACK);
            server.setPort(port);
            out.println("  " + server.getName() + "  " + before + " -> " + LOOPBACK + ":" + port
                    + portNotes.getOrDefault(server.getName(), ""));
        }
        for (ServerSpec server : resource.getSpec().getServers()) {
            beforeOffloading(simulator, server.getName());
            out.println("  " + server.getName() + " starts as after a CU upgrade, Outlook Anywhere not offloaded yet: "
                    + startingState(simulator.snapshot(server.getName()), resource.getSpec().getOutlookAnywhere()));
        }

        Secret credentials = new SecretBuilder().withNewMetadata().withName(secretName)
                .withNamespace(resource.getMetadata().getNamespace()).endMetadata().withType("kubernetes.io/basic-auth")
                .addToStringData("username", user).addToStringData("password", password).build();
        return new Convergence.Target(resource, lookup -> lookup.equals(secretName) ? Optional.of(credentials)
                : secrets.apply(lookup));
    }

    /**
     * A server that needs the whole job: Outlook Anywhere not offloaded in AD (as an admin had it
     * before offloading), then a cumulative update, whose setup puts Default Web Site back to
     * requiring SSL and restarts the Service Host, which makes Rpc require SSL from AD at once.
     */
    public static void beforeOffloading(CasSimulator simulator, String server) {
        simulator.fleet().activeDirectory().change(server, OutlookAnywhereChange.sslOffloading(false));
        simulator.cumulativeUpdate(server);
    }

    private static String startingState(CasSnapshot snapshot, OutlookAnywhereSpec wanted) {
        String sslRequired = snapshot.locations().stream()
                .filter(l -> l.site().equals("Default Web Site") && l.path().contains("/") && !l.path().endsWith("/Rpc")
                        && !"None".equals(l.effectiveSslFlags()))
                .map(l -> l.path().substring(l.path().indexOf('/') + 1))
                .collect(Collectors.joining(" "));
        OutlookAnywhereSettings oa = snapshot.outlookAnywhere();
        String rpc = snapshot.location("Default Web Site/Rpc").map(CasSnapshot.Location::effectiveSslFlags).orElse("?");
        String state = "SSL required on " + (sslRequired.isEmpty() ? "nothing" : sslRequired)
                + "; Outlook Anywhere SSLOffloading " + (oa.sslOffloading() ? "$true" : "$false")
                + ", external " + Objects.requireNonNullElse(oa.externalHostname(), "(none)")
                + ", internal " + Objects.requireNonNullElse(oa.internalHostname(), "(none)")
                + ", Rpc sslFlags " + rpc;
        if (wanted != null && wanted.getExternalHostname() != null
                && !wanted.getExternalHostname().equalsIgnoreCase(Objects.requireNonNullElse(oa.externalHostname(), ""))) {
            state += " (the file wants external " + wanted.getExternalHostname() + ")";
        }
        return state;
    }

    private static boolean isLocalAccount(String user) {
        return !user.contains("\\") && !user.contains("@");
    }

    private static String generatedPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
