package io.ssloffload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadSpec;
import io.ssloffload.operator.api.v1alpha1.SecretKeyRef;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.remote.ServerEndpoint;
import io.ssloffload.operator.remote.TrustedCertificates;
import io.ssloffload.operator.status.Blocker;
import io.ssloffload.operator.validation.DurationRange;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Turns a valid spec and its Secrets into one {@link ServerEndpoint} per server, or says why it
 * cannot (a {@link Blocker} whose message never holds a secret value).
 */
final class EndpointResolver {

    static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
    static final String DEFAULT_CA_KEY = "ca.crt";
    /**
     * Credential Secret types accepted: basic-auth, made for exactly this, and Opaque (the type
     * kubectl and most secret stores create by default). Any other type (tls, service account
     * token, docker config) holds something else and is refused rather than guessed at.
     */
    static final List<String> CREDENTIAL_SECRET_TYPES = List.of("kubernetes.io/basic-auth", "Opaque");

    private EndpointResolver() {
    }

    sealed interface Resolution {
    }

    record Resolved(List<ServerEndpoint> endpoints) implements Resolution {
    }

    record Blocked(Blocker blocker) implements Resolution {
    }

    /** @param secrets looks a Secret up by name in the resource's namespace */
    static Resolution resolve(ExchangeSslOffloadSpec spec, Function<String, Optional<Secret>> secrets) {
        WinRmSpec winrm = spec.getWinrm();
        String credentialsName = winrm.getCredentialsSecretRef().getName();
        Optional<Secret> credentialsSecret = secrets.apply(credentialsName);
        if (credentialsSecret.isEmpty()) {
            return new Blocked(new Blocker("SecretNotFound", "Secret " + credentialsName
                    + " (spec.winrm.credentialsSecretRef) does not exist in this namespace"));
        }
        String type = credentialsSecret.get().getType() == null || credentialsSecret.get().getType().isEmpty()
                ? "Opaque" : credentialsSecret.get().getType();
        if (!CREDENTIAL_SECRET_TYPES.contains(type)) {
            return new Blocked(new Blocker("InvalidSecret", "Secret " + credentialsName + " (spec.winrm.credentialsSecretRef)"
                    + " is of type " + type + "; use type kubernetes.io/basic-auth (or Opaque) with the keys username and password"));
        }
        Optional<String> username = SecretValues.value(credentialsSecret.get(), "username");
        Optional<String> password = SecretValues.value(credentialsSecret.get(), "password");
        if (username.isEmpty() || password.isEmpty()) {
            return new Blocked(new Blocker("InvalidSecret", "Secret " + credentialsName
                    + " must hold the keys username and password, neither empty (type kubernetes.io/basic-auth)"));
        }
        SSLContext trustedCas = null;
        SecretKeyRef caRef = winrm.getCaSecretRef();
        if (caRef != null) {
            String key = caRef.getKey() == null ? DEFAULT_CA_KEY : caRef.getKey();
            Optional<String> pem = secrets.apply(caRef.getName()).flatMap(s -> SecretValues.value(s, key));
            if (pem.isEmpty()) {
                return new Blocked(new Blocker("SecretNotFound", "Secret " + caRef.getName() + " with key " + key
                        + " (spec.winrm.caSecretRef) does not exist in this namespace"));
            }
            try {
                trustedCas = TrustedCertificates.sslContext(pem.get());
            } catch (IllegalArgumentException e) {
                return new Blocked(new Blocker("InvalidSecret", "Secret " + caRef.getName() + " key " + key
                        + " (spec.winrm.caSecretRef) is not a usable CA bundle: " + e.getMessage()));
            }
        }

        boolean https = winrm.getTransport() != WinRmSpec.Transport.HTTP;
        Duration operationTimeout = winrm.getOperationTimeout() == null
                ? DEFAULT_OPERATION_TIMEOUT : DurationRange.OPERATION_TIMEOUT.parse(winrm.getOperationTimeout());
        ServerEndpoint.Credentials credentials = new ServerEndpoint.Credentials(username.get(), password.get());
        ServerEndpoint.Authentication authentication = switch (winrm.getAuthentication() == null
                ? WinRmSpec.Authentication.NTLM : winrm.getAuthentication()) {
            case NTLM -> ServerEndpoint.Authentication.NTLM;
            case KERBEROS -> ServerEndpoint.Authentication.KERBEROS;
            case BASIC -> ServerEndpoint.Authentication.BASIC;
        };
        SSLContext trusted = trustedCas;
        List<ServerEndpoint> endpoints = spec.getServers().stream()
                .map((ServerSpec server) -> new ServerEndpoint(server.getName(), server.getAddress(),
                        winRmPort(winrm, server), https, authentication, credentials,
                        trusted, Boolean.TRUE.equals(winrm.getInsecureSkipTlsVerify()), operationTimeout,
                        commandDeadline(operationTimeout)))
                .toList();
        return new Resolved(endpoints);
    }

    /** The server's WinRM port: its own, else spec.winrm.port, else 5986 for https and 5985 for http. */
    public static int winRmPort(WinRmSpec winrm, ServerSpec server) {
        if (server.getPort() != null) {
            return server.getPort();
        }
        if (winrm != null && winrm.getPort() != null) {
            return winrm.getPort();
        }
        return winrm != null && winrm.getTransport() == WinRmSpec.Transport.HTTP ? 5985 : 5986;
    }

    /**
     * The most one remote command may take: a command legitimately spans a couple of held Receives
     * (opening an Exchange session takes seconds), but never more.
     */
    static Duration commandDeadline(Duration operationTimeout) {
        return operationTimeout.multipliedBy(2).plusSeconds(5);
    }
}
