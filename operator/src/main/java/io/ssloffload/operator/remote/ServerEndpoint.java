package io.ssloffload.operator.remote;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Where and how to reach one server's WinRM service.
 *
 * @param trustedCas            trusts the CA bundle given for https, or null for the JVM's trust store
 * @param operationTimeout      WS-Management OperationTimeout for each request
 * @param commandDeadline       the most any one remote command may take, end to end
 */
public record ServerEndpoint(
        String serverName,
        String address,
        int port,
        boolean https,
        Authentication authentication,
        Credentials credentials,
        SSLContext trustedCas,
        boolean insecureSkipTlsVerify,
        Duration operationTimeout,
        Duration commandDeadline) {

    public enum Authentication { NTLM, KERBEROS, BASIC }

    /** A WinRM/Exchange credential. {@link #toString()} never shows the password. */
    public record Credentials(String username, String password) {
        public Credentials {
            // every credential the operator will use, known to the log redaction before any use
            Redaction.remember(username, password);
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    public String url() {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return (https ? "https" : "http") + "://" + host + ":" + port + "/wsman";
    }
}
