package io.ssloffload.simulator.wsman;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The authentication methods of the WinRM service (winrm/config/service/Auth). Windows' defaults:
 * Negotiate and Kerberos on, Basic off. Negotiate carries NTLM here (and Kerberos when the
 * endpoint has a keytab); Kerberos is WinRM's {@code Authorization: Kerberos} scheme.
 */
public enum WinRmAuth {
    BASIC("Basic"), NEGOTIATE("Negotiate"), KERBEROS("Kerberos");

    private final String scheme;

    WinRmAuth(String scheme) {
        this.scheme = scheme;
    }

    /** The HTTP authentication scheme name. */
    public String scheme() {
        return scheme;
    }

    public static Set<WinRmAuth> windowsDefaults() {
        return EnumSet.of(NEGOTIATE, KERBEROS);
    }

    /** {@code basic,negotiate,kerberos} in any order and case; an unknown name is an IllegalArgumentException. */
    public static Set<WinRmAuth> parseList(String list) {
        Set<WinRmAuth> methods = EnumSet.noneOf(WinRmAuth.class);
        for (String item : list.split(",")) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            try {
                methods.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown authentication method '" + name + "' (basic, negotiate, kerberos)");
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("at least one authentication method is needed (basic, negotiate, kerberos)");
        }
        return methods;
    }
}
