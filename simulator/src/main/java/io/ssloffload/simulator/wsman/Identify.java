package io.ssloffload.simulator.wsman;

import com.sun.net.httpserver.HttpExchange;
import io.ssloffload.simulator.powershell.WindowsRelease;

/**
 * WS-Management's Identify (DSP0226 section 11) as WinRM answers it. Load balancers and
 * {@code Test-WSMan} send it without credentials and with the HTTP header
 * {@code WSMANIDENTIFY: unauthenticated}; WinRM then answers without the OS version
 * ({@code OS: 0.0.0}). Sent with credentials, the answer carries the real NT version.
 */
final class Identify {

    static final String NAMESPACE = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
    private static final String UNAUTHENTICATED_PRODUCT_VERSION = "OS: 0.0.0 SP: 0.0 Stack: 3.0";

    private Identify() {
    }

    /** An envelope whose body is {@code wsmid:Identify}. */
    static boolean isRequest(WsmanRequest request) {
        return request.bodyElement(NAMESPACE, "Identify").isPresent();
    }

    static boolean asksUnauthenticated(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("WSMANIDENTIFY");
        return header != null && header.strip().equalsIgnoreCase("unauthenticated");
    }

    /** The IdentifyResponse envelope; {@code release} null for an unauthenticated request. */
    static String response(WindowsRelease release) {
        String productVersion = release == null ? UNAUTHENTICATED_PRODUCT_VERSION : release.wsmanProductVersion();
        return "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"" + Namespaces.SOAP + "\"><s:Header/><s:Body>"
                + "<wsmid:IdentifyResponse xmlns:wsmid=\"" + NAMESPACE + "\">"
                + "<wsmid:ProtocolVersion>" + Namespaces.WSMAN + "</wsmid:ProtocolVersion>"
                + "<wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor>"
                + "<wsmid:ProductVersion>" + productVersion + "</wsmid:ProductVersion>"
                + "</wsmid:IdentifyResponse></s:Body></s:Envelope>";
    }
}
