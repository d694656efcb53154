package io.ssloffload.simulator.wsman;

final class Namespaces {

    static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    static final String MS_WSMAN = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
    static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    static final String WSMAN_FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    static final String ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    static final String CMD_RESOURCE_URI = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";

    private Namespaces() {
    }
}
