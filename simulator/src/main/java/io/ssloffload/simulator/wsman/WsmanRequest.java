package io.ssloffload.simulator.wsman;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts of a SOAP 1.2 WS-Management request this endpoint reads. a:To is never checked. */
record WsmanRequest(String action, String messageId, String resourceUri, String operationTimeout, String maxEnvelopeSize,
                    Map<String, String> selectors,
                    Map<String, String> options, Element body) {

    static WsmanRequest parse(byte[] xml) throws WsmanFault {
        Document document;
        try {
            document = newBuilder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, e.getMessage());
        }
        Element envelope = document.getDocumentElement();
        if (!is(envelope, Namespaces.SOAP, "Envelope")) {
            throw new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "the root element is not a SOAP 1.2 Envelope");
        }
        Element header = child(envelope, Namespaces.SOAP, "Header")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "the Envelope has no Header"));
        Element body = child(envelope, Namespaces.SOAP, "Body")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "the Envelope has no Body"));
        return new WsmanRequest(
                text(header, Namespaces.ADDRESSING, "Action"),
                text(header, Namespaces.ADDRESSING, "MessageID"),
                text(header, Namespaces.WSMAN, "ResourceURI"),
                text(header, Namespaces.WSMAN, "OperationTimeout"),
                text(header, Namespaces.WSMAN, "MaxEnvelopeSize"),
                named(header, "SelectorSet", "Selector"),
                named(header, "OptionSet", "Option"),
                children(body).stream().findFirst().orElse(null));
    }

    Optional<String> shellId() {
        return Optional.ofNullable(selectors.get("ShellId"));
    }

    Optional<Element> bodyElement(String namespace, String localName) {
        return body != null && is(body, namespace, localName) ? Optional.of(body) : Optional.empty();
    }

    static Optional<Element> child(Element parent, String namespace, String localName) {
        return children(parent).stream().filter(e -> is(e, namespace, localName)).findFirst();
    }

    static List<Element> children(Element parent, String namespace, String localName) {
        return children(parent).stream().filter(e -> is(e, namespace, localName)).toList();
    }

    /** winrm4j qualifies attributes such as CommandId with the shell namespace, pywinrm does not. */
    static Optional<String> attribute(Element element, String localName) {
        String qualified = element.getAttributeNS(Namespaces.SHELL, localName);
        if (!qualified.isEmpty()) {
            return Optional.of(qualified);
        }
        String plain = element.getAttributeNS(null, localName);
        return plain.isEmpty() ? Optional.empty() : Optional.of(plain);
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static boolean is(Element element, String namespace, String localName) {
        return namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static String text(Element header, String namespace, String localName) {
        return child(header, namespace, localName).map(e -> e.getTextContent().strip()).orElse(null);
    }

    private static Map<String, String> named(Element header, String setName, String itemName) {
        Map<String, String> values = new LinkedHashMap<>();
        child(header, Namespaces.WSMAN, setName).ifPresent(set ->
                children(set, Namespaces.WSMAN, itemName).forEach(item ->
                        values.put(item.getAttribute("Name"), item.getTextContent().strip())));
        return values;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
