package io.ssloffload.simulator.exchange.ad;

import java.util.Arrays;
import java.util.Optional;

/** The client authentication methods Outlook Anywhere accepts. */
public enum AuthenticationMethod {
    Basic, Ntlm, Negotiate;

    /** Case-insensitive, as PowerShell converts a string to an enum. */
    public static Optional<AuthenticationMethod> parse(String text) {
        String wanted = text == null ? "" : text.trim();
        return Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(wanted)).findFirst();
    }
}
