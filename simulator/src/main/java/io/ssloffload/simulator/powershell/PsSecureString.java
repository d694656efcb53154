package io.ssloffload.simulator.powershell;

/** A SecureString: its text is reachable only through {@link #reveal()}, never via toString. */
public final class PsSecureString {

    private final String text;

    public PsSecureString(String text) {
        this.text = text;
    }

    /** The plain text, for cmdlets that consume credentials (as NetworkCredential.Password does). */
    public String reveal() {
        return text;
    }

    public int length() {
        return text.length();
    }

    @Override
    public String toString() {
        return "System.Security.SecureString";
    }
}
