package io.ssloffload.simulator.powershell;

import java.util.List;

/** {@code New-Object System.Management.Automation.PSCredential($user, $secure)}. */
public final class PsCredential extends PsObject {

    public PsCredential(String userName, PsSecureString password) {
        super(List.of("System.Management.Automation.PSCredential", "System.Object"), null);
        with("UserName", userName).with("Password", password);
    }

    public String userName() {
        return (String) get("UserName");
    }

    public PsSecureString password() {
        return (PsSecureString) get("Password");
    }

    /** {@code GetNetworkCredential()}: the only way a script sees the plain password. */
    public PsObject networkCredential() {
        String user = userName();
        String domain = "";
        int slash = user.indexOf('\\');
        if (slash >= 0) {
            domain = user.substring(0, slash);
            user = user.substring(slash + 1);
        }
        return new PsObject(List.of("System.Net.NetworkCredential", "System.Object"), "System.Net.NetworkCredential")
                .with("UserName", user).with("Password", password().reveal()).with("Domain", domain)
                .with("SecurePassword", password());
    }
}
