package io.ssloffload.operator.remote;

import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transport.http.auth.DefaultBasicAuthSupplier;
import org.apache.cxf.transport.http.auth.HttpAuthSupplier;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a 401 that reaches CXF final: the request fails at once with {@link Refused}.
 *
 * <p>Apache HttpAsyncClient runs the NTLM, Negotiate and Kerberos handshakes itself, and Basic is
 * sent preemptively, so a 401 that comes back up to CXF means the server refused the credentials
 * or offers none of the schemes asked for. CXF's async conduit then retransmits the request anyway
 * ("HttpClient may be handling the authorization"); winrm4j's encryption-aware conduit, used with
 * NTLM and Kerberos, re-sends it with its Content-Length but without its body (its cache overrides
 * {@code getBytes} but not {@code writeCacheTo}), so the server waits for a body that never comes,
 * the client for an answer until its receive timeout, and winrm4j then retries the whole request:
 * a refused logon held a thread for the command's deadline and looked like a timeout.
 *
 * <p>Installed on the Bus as its {@link HTTPConduitConfigurer}, so it reaches every conduit
 * winrm4j creates; winrm4j never replaces a conduit's auth supplier.
 */
final class FinalChallenge implements HTTPConduitConfigurer, HttpAuthSupplier {

    /** The server answered 401 to the credentials we sent. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final DefaultBasicAuthSupplier preemptiveBasic = new DefaultBasicAuthSupplier();

    @Override
    public void configure(String name, String address, HTTPConduit conduit) {
        conduit.setAuthSupplier(this);
    }

    @Override
    public boolean requiresRequestCaching() {
        return false;
    }

    @Override
    public String getAuthorization(AuthorizationPolicy policy, URI uri, Message message, String fullHeader) {
        if (fullHeader == null) {
            // Before sending: Basic's header from the user name and password winrm4j put in the policy.
            return preemptiveBasic.getAuthorization(policy, uri, message, null);
        }
        throw new Refused("HTTP 401: the credentials were refused (the server offers " + schemes(fullHeader) + ")");
    }

    /** The scheme names of a WWW-Authenticate header, without their parameters or tokens. */
    static String schemes(String fullHeader) {
        List<String> schemes = new ArrayList<>();
        for (String challenge : fullHeader.split(",")) {
            String first = challenge.strip().split("\\s+", 2)[0];
            if (!first.isEmpty() && !first.contains("=") && !schemes.contains(first)) {
                schemes.add(first);
            }
        }
        return schemes.isEmpty() ? "no scheme" : String.join(", ", schemes);
    }
}
