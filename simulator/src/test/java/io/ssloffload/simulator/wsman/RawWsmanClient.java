package io.ssloffload.simulator.wsman;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hand-written WS-Management requests shaped like pywinrm's, for what the real clients cannot send. */
final class RawWsmanClient {

    static final String SHELL_NS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";

    private final HttpClient http;
    private final String url;
    private final String authorization;

    RawWsmanClient(HttpClient http, String url, String user, String password) {
        this.http = http;
        this.url = url;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String envelope(String action, String messageId, String shellId, String operationTimeout, String options, String body) {
        return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xmlns:rsp=\"" + SHELL_NS + "\">"
                + "<env:Header><a:To>http://windows-host:5985/wsman</a:To>"
                + "<a:ReplyTo><a:Address mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
                + "<w:MaxEnvelopeSize mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
                + "<a:MessageID>" + messageId + "</a:MessageID>"
                + (operationTimeout == null ? "" : "<w:OperationTimeout>" + operationTimeout + "</w:OperationTimeout>")
                + "<w:ResourceURI mustUnderstand=\"true\">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>"
                + "<a:Action mustUnderstand=\"true\">" + action + "</a:Action>"
                + (shellId == null ? "" : "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet>")
                + (options == null ? "" : options)
                + "</env:Header><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    static String newMessageId() {
        return "uuid:" + UUID.randomUUID();
    }

    HttpResponse<String> post(String xml) throws Exception {
        return post(HttpRequest.BodyPublishers.ofString(xml));
    }

    HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .header("Authorization", authorization)
                .POST(body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    String createShell() throws Exception {
        HttpResponse<String> response = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", newMessageId(),
                null, "PT20S", null, "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                        + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>"));
        return extract(response.body(), "<w:Selector Name=\"ShellId\">([^<]+)</w:Selector>");
    }

    String command(String shellId, String commandLine) throws Exception {
        HttpResponse<String> response = post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                newMessageId(), shellId, "PT20S", null,
                "<rsp:CommandLine><rsp:Command>" + commandLine + "</rsp:Command></rsp:CommandLine>"));
        return extract(response.body(), "<rsp:CommandId>([^<]+)</rsp:CommandId>");
    }

    HttpResponse<String> receive(String shellId, String commandId, String operationTimeout) throws Exception {
        return post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", newMessageId(), shellId,
                operationTimeout, null,
                "<rsp:Receive><rsp:DesiredStream CommandId=\"" + commandId + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>"));
    }

    HttpResponse<String> signalTerminate(String shellId, String commandId) throws Exception {
        return post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal", newMessageId(), shellId,
                "PT20S", null, "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>"
                        + "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate</rsp:Code></rsp:Signal>"));
    }

    static String extract(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in " + text);
        }
        return m.group(1);
    }
}
