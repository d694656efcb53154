package io.ssloffload.operator.cli.convergence;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where {@code apply} finds the Secrets a resource names, since there is no cluster to hold them.
 * The credentials Secret ({@code spec.winrm.credentialsSecretRef}) comes from, in this order: the
 * Secrets of {@code --credentials-file}; the environment ({@value #USERNAME_VARIABLE} and
 * {@value #PASSWORD_VARIABLE}, both or neither); the Secrets of the resource file itself. A CA
 * bundle Secret comes from the credentials file, else the resource file. A secret value never
 * comes from a flag, so it never shows in {@code ps} or a shell history.
 */
public final class SecretSources {

    public static final String USERNAME_VARIABLE = "SSLO_USERNAME";
    public static final String PASSWORD_VARIABLE = "SSLO_PASSWORD";

    /** The environment's credentials are incomplete. */
    public static final class Incomplete extends Exception {
        Incomplete(String message) {
            super(message);
        }
    }

    private final ResourceFile credentialsFile;
    private final ResourceFile resourceFile;
    private final String environmentUser;
    private final String environmentPassword;

    /** @param credentialsFile null when none was given */
    public SecretSources(ResourceFile credentialsFile, ResourceFile resourceFile, Map<String, String> environment) throws Incomplete {
        this.credentialsFile = credentialsFile;
        this.resourceFile = resourceFile;
        this.environmentUser = blankToNull(environment.get(USERNAME_VARIABLE));
        this.environmentPassword = blankToNull(environment.get(PASSWORD_VARIABLE));
        if ((environmentUser == null) != (environmentPassword == null)) {
            throw new Incomplete(environmentUser == null
                    ? PASSWORD_VARIABLE + " is set but " + USERNAME_VARIABLE + " is not"
                    : USERNAME_VARIABLE + " is set but " + PASSWORD_VARIABLE + " is not");
        }
    }

    /** The Secrets of the resource's namespace by name, as the engine looks them up. */
    public Function<String, Optional<Secret>> secretsOf(ExchangeSslOffload resource) {
        String namespace = resource.getMetadata().getNamespace();
        String credentialsName = credentialsName(resource);
        return name -> {
            Optional<Secret> fromFile = credentialsFile == null ? Optional.empty() : credentialsFile.secret(namespace, name);
            if (fromFile.isPresent()) {
                return fromFile;
            }
            if (name.equals(credentialsName) && environmentUser != null) {
                return Optional.of(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .withType("kubernetes.io/basic-auth")
                        .addToStringData("username", environmentUser).addToStringData("password", environmentPassword)
                        .build());
            }
            return resourceFile.secret(namespace, name);
        };
    }

    /** Where the resource's credentials come from, for the screen (never a value). */
    public String describeCredentials(ExchangeSslOffload resource) {
        String namespace = resource.getMetadata().getNamespace();
        String name = credentialsName(resource);
        if (name == null) {
            return "no credentials Secret named";
        }
        if (credentialsFile != null && credentialsFile.secret(namespace, name).isPresent()) {
            return "Secret " + namespace + "/" + name + " from " + credentialsFile.path();
        }
        if (environmentUser != null) {
            return "the environment (" + USERNAME_VARIABLE + ", " + PASSWORD_VARIABLE + ")";
        }
        if (resourceFile.secret(namespace, name).isPresent()) {
            return "Secret " + namespace + "/" + name + " from " + resourceFile.path();
        }
        return "none found: Secret " + namespace + "/" + name + " is in no file given, and " + USERNAME_VARIABLE
                + "/" + PASSWORD_VARIABLE + " are not set";
    }

    private static String credentialsName(ExchangeSslOffload resource) {
        var spec = resource.getSpec();
        if (spec == null || spec.getWinrm() == null || spec.getWinrm().getCredentialsSecretRef() == null) {
            return null;
        }
        return spec.getWinrm().getCredentialsSecretRef().getName();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
