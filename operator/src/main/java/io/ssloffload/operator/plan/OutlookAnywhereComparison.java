package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Compares desired Outlook Anywhere settings with what AD holds. Fields the user left unset are
 * not compared: Get-OutlookAnywhere reports Exchange's own defaults for them, which are not drift.
 * Host names compare case-insensitively (DNS), IIS authentication methods as a set.
 */
public final class OutlookAnywhereComparison {

    private OutlookAnywhereComparison() {
    }

    /** One field AD holds differently: its name and both values, as a person reads them. */
    public record FieldChange(String field, String current, String desired) {
        @Override
        public String toString() {
            return field + " is " + current + ", want " + desired;
        }
    }

    /** What differs, one human phrase per field; empty when AD already holds the desired settings. */
    public static List<String> differences(OutlookAnywhereSettings desired, OutlookAnywhereSettings actual) {
        return changes(desired, actual).stream().map(FieldChange::toString).toList();
    }

    /** What differs, field by field; empty when AD already holds the desired settings. */
    public static List<FieldChange> changes(OutlookAnywhereSettings desired, OutlookAnywhereSettings actual) {
        List<FieldChange> diffs = new ArrayList<>();
        compareHost("ExternalHostname", desired.externalHostname(), actual.externalHostname(), diffs);
        compareHost("InternalHostname", desired.internalHostname(), actual.internalHostname(), diffs);
        compare("ExternalClientsRequireSsl", desired.externalClientsRequireSsl(), actual.externalClientsRequireSsl(), diffs);
        compare("InternalClientsRequireSsl", desired.internalClientsRequireSsl(), actual.internalClientsRequireSsl(), diffs);
        compare("ExternalClientAuthenticationMethod", desired.externalClientAuthenticationMethod(),
                actual.externalClientAuthenticationMethod(), diffs);
        compare("InternalClientAuthenticationMethod", desired.internalClientAuthenticationMethod(),
                actual.internalClientAuthenticationMethod(), diffs);
        if (!desired.iisAuthenticationMethods().isEmpty()
                && !asSet(desired.iisAuthenticationMethods()).equals(asSet(actual.iisAuthenticationMethods()))) {
            diffs.add(new FieldChange("IISAuthenticationMethods", String.valueOf(actual.iisAuthenticationMethods()),
                    String.valueOf(desired.iisAuthenticationMethods())));
        }
        if (desired.sslOffloading() != actual.sslOffloading()) {
            diffs.add(new FieldChange("SSLOffloading", String.valueOf(actual.sslOffloading()),
                    String.valueOf(desired.sslOffloading())));
        }
        return diffs;
    }

    /**
     * A short stable hash of the settings' canonical form: status can hold it (it is not secret)
     * and a changed spec is recognised without reading AD.
     */
    public static String fingerprint(OutlookAnywhereSettings settings) {
        String canonical = String.join("\n",
                "externalHostname=" + lower(settings.externalHostname()),
                "internalHostname=" + lower(settings.internalHostname()),
                "externalClientsRequireSsl=" + settings.externalClientsRequireSsl(),
                "internalClientsRequireSsl=" + settings.internalClientsRequireSsl(),
                "externalClientAuthenticationMethod=" + settings.externalClientAuthenticationMethod(),
                "internalClientAuthenticationMethod=" + settings.internalClientAuthenticationMethod(),
                "iisAuthenticationMethods=" + asSet(settings.iisAuthenticationMethods()),
                "sslOffloading=" + settings.sslOffloading());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void compareHost(String name, String desired, String actual, List<FieldChange> diffs) {
        if (desired != null && !desired.equalsIgnoreCase(actual == null ? "" : actual)) {
            diffs.add(new FieldChange(name, actual == null ? "unset" : "'" + actual + "'", "'" + desired + "'"));
        }
    }

    private static void compare(String name, Object desired, Object actual, List<FieldChange> diffs) {
        if (desired != null && !Objects.equals(desired, actual)) {
            diffs.add(new FieldChange(name, actual == null ? "unset" : String.valueOf(actual), String.valueOf(desired)));
        }
    }

    private static Set<AuthenticationMethod> asSet(List<AuthenticationMethod> methods) {
        return methods.isEmpty() ? EnumSet.noneOf(AuthenticationMethod.class) : EnumSet.copyOf(methods);
    }

    private static String lower(String host) {
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }
}
