package io.ssloffload.operator.remote;

import org.apache.cxf.binding.soap.SoapFault;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Classifies what winrm4j and CXF throw, by walking the cause chain. */
final class RemoteFailures {

    private RemoteFailures() {
    }

    static CasException classify(String serverName, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof SoapFault fault && fault.getSubCode() != null
                    && "AccessDenied".equals(fault.getSubCode().getLocalPart())) {
                // Logged on, but not allowed to use WinRM: retrying with the same account will not help.
                return new CasException(CasException.Kind.AUTHENTICATION, serverName + ": WinRM denied this account access"
                        + " (it must be a local administrator or in Remote Management Users): " + message.strip(), failure);
            }
            if (t instanceof FinalChallenge.Refused) {
                return new CasException(CasException.Kind.AUTHENTICATION,
                        serverName + ": WinRM refused the logon: " + message, failure);
            }
            if (t.getClass().getName().endsWith("HTTPException") && message.contains("401")) {
                return new CasException(CasException.Kind.AUTHENTICATION,
                        serverName + ": WinRM refused the credentials (HTTP 401)", failure);
            }
            if (t instanceof UnknownHostException) {
                return new CasException(CasException.Kind.UNREACHABLE, serverName + ": unknown host " + message, failure);
            }
            if (t instanceof SSLException) {
                return new CasException(CasException.Kind.UNREACHABLE, serverName + ": TLS failed: " + message, failure);
            }
            if (t instanceof ConnectException) {
                return new CasException(CasException.Kind.UNREACHABLE, serverName + ": connection refused", failure);
            }
            if (t instanceof SocketException || message.toLowerCase(Locale.ROOT).contains("connection reset")) {
                return new CasException(CasException.Kind.UNREACHABLE, serverName + ": connection lost: " + message, failure);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new CasException(CasException.Kind.UNREACHABLE, serverName + ": " + t.getMessage(), failure);
            }
        }
        return new CasException(CasException.Kind.REMOTE_ERROR, serverName + ": WinRM request failed: "
                + rootMessage(failure), failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
