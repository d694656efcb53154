package io.ssloffload.simulator.wsman;

import java.util.Locale;
import java.util.UUID;

/**
 * Response envelopes as Windows writes them: one line, the prefixes s/a/x/w/rsp/p declared on the
 * Envelope, a fresh a:MessageID and a:RelatesTo echoing the request's MessageID.
 */
final class Envelopes {

    static final String FAULT_ACTION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";

    private Envelopes() {
    }

    static String response(String action, String relatesTo, String body) {
        return "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"" + Namespaces.SOAP + "\" xmlns:a=\"" + Namespaces.ADDRESSING
                + "\" xmlns:x=\"" + Namespaces.TRANSFER + "\" xmlns:w=\"" + Namespaces.WSMAN + "\" xmlns:rsp=\""
                + Namespaces.SHELL + "\" xmlns:p=\"" + Namespaces.MS_WSMAN + "\">"
                + "<s:Header><a:Action>" + Xml.escape(action) + "</a:Action>"
                + "<a:MessageID>uuid:" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT) + "</a:MessageID>"
                + "<a:To>" + Namespaces.ANONYMOUS + "</a:To>"
                + (relatesTo == null ? "" : "<a:RelatesTo>" + Xml.escape(relatesTo) + "</a:RelatesTo>")
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /**
     * s:Detail holds only the WSManFault element: winrm4j walks Detail's child nodes and
     * mishandles a whitespace text node.
     */
    static String fault(WsmanFaultKind kind, String message, String relatesTo, String machine) {
        String text = Xml.escape(message);
        return response(FAULT_ACTION, relatesTo, "<s:Fault><s:Code><s:Value>" + kind.code() + "</s:Value>"
                + "<s:Subcode><s:Value>" + kind.subcode() + "</s:Value></s:Subcode></s:Code>"
                + "<s:Reason><s:Text xml:lang=\"en-US\">" + text + "</s:Text></s:Reason>"
                + "<s:Detail><f:WSManFault xmlns:f=\"" + Namespaces.WSMAN_FAULT + "\" Code=\"" + kind.wsmanCode()
                + "\" Machine=\"" + Xml.escape(machine) + "\"><f:Message>" + text + "</f:Message></f:WSManFault>"
                + "</s:Detail></s:Fault>");
    }
}
