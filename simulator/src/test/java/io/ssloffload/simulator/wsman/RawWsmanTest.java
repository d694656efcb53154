package io.ssloffload.simulator.wsman;

import io.ssloffload.simulator.TestTls;
import io.ssloffload.simulator.windows.TestWindowsHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("simulator")
class RawWsmanTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "S3cret!pw";
    private static final String WSMAN_NS = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private WsmanEndpoint endpoint;

    private RawWsmanClient start(WsmanEndpoint.Config config) {
        endpoint = WsmanEndpoint.start(config, new TestWindowsHost());
        return new RawWsmanClient(http, endpoint.url(), USER, PASSWORD);
    }

    private RawWsmanClient start() {
        return start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true));
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void createAnswersLikeWindows() throws Exception {
        RawWsmanClient client = start();
        String messageId = RawWsmanClient.newMessageId();
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", messageId, null, "PT60S",
                "<w:OptionSet><w:Option Name=\"WINRS_NOPROFILE\">TRUE</w:Option><w:Option Name=\"WINRS_CODEPAGE\">437</w:Option></w:OptionSet>",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>"));

        assertEquals(200, response.statusCode());
        assertEquals("Microsoft-HTTPAPI/2.0", response.headers().firstValue("Server").orElseThrow());
        assertEquals("application/soap+xml;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
        String body = response.body();
        assertThat(body).as("one line").doesNotContain("\n");
        Document xml = parse(body);
        assertEquals(messageId, text(xml, "http://schemas.xmlsoap.org/ws/2004/08/addressing", "RelatesTo"));
        assertEquals("http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse",
                text(xml, "http://schemas.xmlsoap.org/ws/2004/08/addressing", "Action"));
        String replyId = text(xml, "http://schemas.xmlsoap.org/ws/2004/08/addressing", "MessageID");
        assertTrue(replyId.startsWith("uuid:") && !replyId.equals(messageId), replyId);
        String shellId = text(xml, WSMAN_NS, "Selector");
        assertEquals(shellId, text(xml, RawWsmanClient.SHELL_NS, "ShellId"));
        assertEquals(1, endpoint.openShells());
    }

    @Test
    void commandOutputArrivesBase64WithEndStreamsAndExitCode() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog args one &quot;two three&quot;");
        String body = receiveUntilDone(client, shellId, commandId);

        assertEquals("[one]\r\n[two three]\r\n", decoded(body, "stdout"));
        assertThat(body).contains("<rsp:Stream Name=\"stdout\" CommandId=\"" + commandId + "\" End=\"true\">");
        assertThat(body).contains("<rsp:Stream Name=\"stderr\" CommandId=\"" + commandId + "\" End=\"true\">");
        assertThat(body)
                .contains("State=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done\"><rsp:ExitCode>0</rsp:ExitCode>");
        assertEquals("testprog args one \"two three\"", endpoint.commandLog().entries().get(0).commandLine());
        assertEquals(USER, endpoint.commandLog().entries().get(0).user());
    }

    @Test
    void receiveAcceptsANamespaceQualifiedCommandId() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "echo qualified");
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", RawWsmanClient.newMessageId(), shellId,
                "PT20S", null, "<rsp:Receive><rsp:DesiredStream rsp:CommandId=\"" + commandId
                        + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("qualified\r\n", decoded(response.body(), "stdout"));
    }

    @Test
    void largeOutputIsSplitAcrossReceivesThatFitTheEnvelope() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog big 300000");
        List<String> bodies = receivesUntilDone(client, shellId, commandId);
        for (String body : bodies) {
            assertTrue(body.length() <= 153600, "envelope of " + body.length());
        }
        assertEquals("x".repeat(300000), decoded(String.join("", bodies), "stdout"));
        assertTrue(bodies.size() > 1);
    }

    @Test
    void heldReceiveTimesOutWithAWsmanFaultWhoseDetailHasOnlyElements() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog hang");
        HttpResponse<String> response = client.receive(shellId, commandId, "PT0.5S");

        assertEquals(500, response.statusCode());
        Document xml = parse(response.body());
        assertEquals("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", text(xml, "http://schemas.xmlsoap.org/ws/2004/08/addressing", "Action"));
        assertThat(response.body()).contains("<s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value>");
        Node detail = xml.getElementsByTagNameNS("http://www.w3.org/2003/05/soap-envelope", "Detail").item(0);
        for (Node child = detail.getFirstChild(); child != null; child = child.getNextSibling()) {
            assertEquals(Node.ELEMENT_NODE, child.getNodeType(), "Detail child " + child);
        }
        assertEquals("2150858793", faultCode(response.body()));
        assertEquals("TESTCAS01", RawWsmanClient.extract(response.body(), "Machine=\"([^\"]+)\""));
    }

    @Test
    void signalTerminatesANeverEndingCommand() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog hang");
        assertEquals(500, client.receive(shellId, commandId, "PT0.2S").statusCode());

        String messageId = RawWsmanClient.newMessageId();
        HttpResponse<String> signal = client.post(RawWsmanClient.envelope(
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal", messageId, shellId, "PT20S", null,
                "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>"
                        + "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate</rsp:Code></rsp:Signal>"));
        assertEquals(200, signal.statusCode());
        assertThat(signal.body()).contains("<rsp:SignalResponse/>");
        assertEquals(messageId, text(parse(signal.body()), "http://schemas.xmlsoap.org/ws/2004/08/addressing", "RelatesTo"));
        assertEquals("87", faultCode(client.receive(shellId, commandId, "PT1S").body()), "the command is gone");
    }

    @Test
    void unknownShellIsAnInvalidSelectorsFault() throws Exception {
        RawWsmanClient client = start();
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command", RawWsmanClient.newMessageId(),
                "00000000-0000-0000-0000-000000000000", "PT20S", null,
                "<rsp:CommandLine><rsp:Command>echo hi</rsp:Command></rsp:CommandLine>"));
        assertEquals(500, response.statusCode());
        assertThat(response.body())
                .contains("<s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidSelectors</s:Value>");
        assertEquals("2150858843", faultCode(response.body()));
        assertTrue(endpoint.commandLog().entries().isEmpty());
    }

    @Test
    void onlyTheCmdShellResourceIsServed() throws Exception {
        RawWsmanClient client = start();
        String psrp = RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>").replace(
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>",
                "http://schemas.microsoft.com/powershell/Microsoft.PowerShell</w:ResourceURI>");
        HttpResponse<String> response = client.post(psrp);
        assertEquals(500, response.statusCode());
        assertThat(response.body())
                .contains("<s:Value>s:Sender</s:Value><s:Subcode><s:Value>a:DestinationUnreachable</s:Value>");
        assertEquals("2150858811", faultCode(response.body()));
        assertThat(response.body())
                .contains("The resource URI (http://schemas.microsoft.com/powershell/Microsoft.PowerShell) was not found");
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void unsupportedCodePageIsRefusedNotReplaced() throws Exception {
        RawWsmanClient client = start();
        HttpResponse<String> response = client.post(RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                RawWsmanClient.newMessageId(), null, "PT20S",
                "<w:OptionSet><w:Option Name=\"WINRS_CODEPAGE\">850</w:Option></w:OptionSet>", "<rsp:Shell/>"));
        assertEquals(500, response.statusCode());
        assertThat(response.body()).contains("<s:Subcode><s:Value>w:InvalidOptions</s:Value>");
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void maxEnvelopeSizeBelow8192OrNotANumberIsRefusedNotClamped() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog hang");
        String receive = RawWsmanClient.envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive",
                RawWsmanClient.newMessageId(), shellId, "PT1S", null,
                "<rsp:Receive><rsp:DesiredStream CommandId=\"" + commandId + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
        for (String size : List.of("1024", "big")) {
            HttpResponse<String> response = client.post(receive.replace(">153600</w:MaxEnvelopeSize>", ">" + size + "</w:MaxEnvelopeSize>"));
            assertEquals(500, response.statusCode(), size);
            assertThat(response.body()).contains("<s:Subcode><s:Value>w:EncodingLimit</s:Value>");
        }
    }

    @Test
    void unknownSignalCodeIsRefusedAndTheCommandKeepsRunning() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog hang");
        HttpResponse<String> signal = client.post(RawWsmanClient.envelope(
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal", RawWsmanClient.newMessageId(), shellId, "PT20S", null,
                "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>"
                        + "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/pause</rsp:Code></rsp:Signal>"));
        assertEquals(500, signal.statusCode());
        assertThat(signal.body()).contains("<s:Subcode><s:Value>w:InvalidParameter</s:Value>");
        assertThat(client.receive(shellId, commandId, "PT0.2S").body()).as("still running").contains("w:TimedOut");
    }

    @Test
    void deleteRemovesTheShell() throws Exception {
        RawWsmanClient client = start();
        String shellId = client.createShell();
        String messageId = RawWsmanClient.newMessageId();
        HttpResponse<String> delete = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", messageId, shellId, "PT20S", null, ""));
        assertEquals(200, delete.statusCode());
        assertThat(delete.body()).contains("<s:Body></s:Body>");
        assertEquals(messageId, text(parse(delete.body()), "http://schemas.xmlsoap.org/ws/2004/08/addressing", "RelatesTo"));
        assertEquals(0, endpoint.openShells());
        assertEquals("2150858843", faultCode(client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", RawWsmanClient.newMessageId(), shellId, "PT20S", null, "")).body()));
    }

    @Test
    void malformedXmlIsAFault() throws Exception {
        RawWsmanClient client = start();
        HttpResponse<String> response = client.post("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Header>");
        assertEquals(500, response.statusCode());
        assertEquals("2150858817", faultCode(response.body()));
    }

    @Test
    void chunkedRequestBodiesAreReadToTheEnd() throws Exception {
        RawWsmanClient client = start();
        StringBuilder variables = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            variables.append("<rsp:Variable Name=\"PAD").append(i).append("\">").append("p".repeat(60)).append("</rsp:Variable>");
        }
        variables.append("<rsp:Variable Name=\"LAST\">made it</rsp:Variable>");
        byte[] xml = RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                        + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams><rsp:Environment>" + variables
                        + "</rsp:Environment></rsp:Shell>").getBytes(StandardCharsets.UTF_8);
        assertTrue(xml.length > 4096);
        // an InputStream publisher has no length, so the client sends Transfer-Encoding: chunked
        HttpResponse<String> response = client.post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(xml)));
        assertEquals(200, response.statusCode(), response.body());
        String shellId = RawWsmanClient.extract(response.body(), "<w:Selector Name=\"ShellId\">([^<]+)</w:Selector>");
        String commandId = client.command(shellId, "testprog env LAST");
        assertEquals("LAST=made it\r\n", decoded(receiveUntilDone(client, shellId, commandId), "stdout"));
    }

    @Test
    void environmentValuesAreNeverRecorded() throws Exception {
        RawWsmanClient client = start();
        HttpResponse<String> created = client.post(RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell><rsp:Environment>"
                        + "<rsp:Variable Name=\"DB_PASSWORD\">hunter2-value</rsp:Variable></rsp:Environment></rsp:Shell>"));
        String shellId = RawWsmanClient.extract(created.body(), "<w:Selector Name=\"ShellId\">([^<]+)</w:Selector>");
        String commandId = client.command(shellId, "testprog env DB_PASSWORD");
        assertEquals("DB_PASSWORD=hunter2-value\r\n", decoded(receiveUntilDone(client, shellId, commandId), "stdout"));

        CommandLogEntry entry = endpoint.commandLog().entries().get(0);
        assertThat(entry.environmentNames()).contains("DB_PASSWORD");
        assertThat(entry.toString()).doesNotContain("hunter2");
        assertThat(endpoint.requestLog().entries().toString()).doesNotContain("hunter2");
    }

    @Test
    void unauthenticatedRequestsGetWindows401() throws Exception {
        start();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals("", anonymous.body());
        assertEquals(List.of("Negotiate", "Basic realm=\"WSMAN\""), anonymous.headers().allValues("WWW-Authenticate"));
        assertEquals("Microsoft-HTTPAPI/2.0", anonymous.headers().firstValue("Server").orElseThrow());

        RawWsmanClient wrongPassword = new RawWsmanClient(http, endpoint.url(), USER, "wrong");
        assertEquals(401, wrongPassword.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null,
                "<rsp:Shell/>")).statusCode());
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void basicTakesLocalAccountsOnly() throws Exception {
        start();
        RawWsmanClient domainLogon = new RawWsmanClient(http, endpoint.url(), "CONTOSO\\" + USER, PASSWORD);
        assertEquals(401, domainLogon.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null,
                "<rsp:Shell/>")).statusCode());
        assertEquals(0, endpoint.openShells());
        assertThrows(IllegalArgumentException.class, () -> Account.administrator("CONTOSO\\" + USER, PASSWORD));
    }

    @Test
    void withBasicDisabledOnlyNegotiateIsOffered() throws Exception {
        RawWsmanClient client = start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true).withBasicAuthEnabled(false));
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>"));
        assertEquals(401, response.statusCode());
        assertEquals(List.of("Negotiate"), response.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void byDefaultBasicOverPlainHttpIsRefusedAsWindowsDoesWithoutAllowUnencrypted() throws Exception {
        RawWsmanClient client = start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)));
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>"));
        assertEquals(401, response.statusCode());
        assertEquals("", response.body());
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void validUserWithoutRemoteAccessIsDenied() throws Exception {
        RawWsmanClient client = start(WsmanEndpoint.Config.basicAuth(new Account(USER, PASSWORD, false)).withAllowUnencrypted(true));
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>"));
        assertEquals(500, response.statusCode());
        assertEquals("5", faultCode(response.body()));
    }

    @Test
    void oversizedEnvelopeIs413() throws Exception {
        RawWsmanClient client = start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true)
                .withQuotas(WsmanQuotas.windowsDefaults().withMaxEnvelopeSizeBytes(2048)));
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null,
                "<rsp:Shell><rsp:WorkingDirectory>" + "d".repeat(3000) + "</rsp:WorkingDirectory></rsp:Shell>"));
        assertEquals(413, response.statusCode());
        assertEquals(0, endpoint.openShells());
    }

    @Test
    void operationTimeoutMustBeAValidDurationWithinMaxTimeout() throws Exception {
        RawWsmanClient client = start();
        for (String timeout : List.of("PT", "60", "PT0S", "PT61S", "PT99999999999999999999S", "P9223372036854775807D")) {
            HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                    "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, timeout, null, "<rsp:Shell/>"));
            assertEquals(500, response.statusCode(), timeout);
            assertEquals("2150858767", faultCode(response.body()), timeout);
        }
        assertEquals(0, endpoint.openShells());
    }

    /** A host whose clock a test moves, as the simulator's fleet clock moves. */
    private static final class ClockedHost implements io.ssloffload.simulator.powershell.PsHost {
        private final TestWindowsHost host = new TestWindowsHost();
        private java.time.Instant now = java.time.Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.Clock clock() {
            return java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        }

        @Override
        public String computerName() {
            return host.computerName();
        }

        @Override
        public void registerCommands(io.ssloffload.simulator.powershell.CommandTable commands) {
            host.registerCommands(commands);
        }

        @Override
        public java.util.Optional<io.ssloffload.simulator.powershell.NativeCommand> nativeCommand(String name) {
            return host.nativeCommand(name);
        }

        @Override
        public io.ssloffload.simulator.powershell.VirtualFileSystem files() {
            return host.files();
        }
    }

    private static String createWithIdleTimeout(RawWsmanClient client, String idleTimeout) throws Exception {
        return client.post(RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell>"
                        + (idleTimeout == null ? "" : "<rsp:IdleTimeOut>" + idleTimeout + "</rsp:IdleTimeOut>")
                        + "</rsp:Shell>")).body();
    }

    @Test
    void aClientMayAskForAShorterIdleTimeoutNotALongerOne() throws Exception {
        ClockedHost host = new ClockedHost();
        endpoint = WsmanEndpoint.start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD))
                .withAllowUnencrypted(true), host);
        RawWsmanClient client = new RawWsmanClient(http, endpoint.url(), USER, PASSWORD);
        assertThat(createWithIdleTimeout(client, null)).contains("<rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>");
        assertThat(createWithIdleTimeout(client, "PT99999S"))
                .contains("<rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>");
        String shortOne = createWithIdleTimeout(client, "PT60S");
        assertThat(shortOne).contains("<rsp:IdleTimeOut>PT60.000S</rsp:IdleTimeOut>");
        String shellId = RawWsmanClient.extract(shortOne, "<w:Selector Name=\"ShellId\">([^<]+)</w:Selector>");
        assertEquals(3, endpoint.openShells());

        host.advance(Duration.ofSeconds(61));
        HttpResponse<String> gone = client.post(RawWsmanClient.envelope(
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command", RawWsmanClient.newMessageId(), shellId,
                "PT20S", null, "<rsp:CommandLine><rsp:Command>testprog print x</rsp:Command></rsp:CommandLine>"));
        assertEquals(500, gone.statusCode());
        assertEquals("2150858843", faultCode(gone.body()));
        assertEquals(2, endpoint.openShells());
        host.advance(Duration.ofHours(2));
        assertEquals(0, endpoint.openShells());
        assertEquals(500, client.post(RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                RawWsmanClient.newMessageId(), null, "PT20S", null,
                "<rsp:Shell><rsp:IdleTimeOut>soon</rsp:IdleTimeOut></rsp:Shell>")).statusCode());
    }

    @Test
    void shellQuotaPerUser() throws Exception {
        RawWsmanClient client = start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true)
                .withQuotas(WsmanQuotas.windowsDefaults().withMaxShellsPerUser(2)));
        client.createShell();
        client.createShell();
        HttpResponse<String> third = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>"));
        assertEquals(500, third.statusCode());
        assertEquals("2150859173", faultCode(third.body()));
        assertEquals(2, endpoint.openShells());
    }

    @Test
    void concurrentOperationQuotaPerUser() throws Exception {
        RawWsmanClient client = start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withAllowUnencrypted(true)
                .withQuotas(WsmanQuotas.windowsDefaults().withMaxConcurrentOperationsPerUser(1)));
        String shellId = client.createShell();
        String commandId = client.command(shellId, "testprog hang");
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return client.receive(shellId, commandId, "PT3S");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // whichever of the two Receives arrives second is over the quota of one operation in flight
        boolean limited = false;
        for (int attempt = 0; attempt < 50 && !limited; attempt++) {
            limited = "2150859174".equals(faultCode(client.receive(shellId, commandId, "PT0.1S").body()))
                    || held.isDone() && "2150859174".equals(faultCode(held.get().body()));
        }
        assertTrue(limited);
        held.get(10, TimeUnit.SECONDS);
    }

    @Test
    void injectedNeverFinishingCommandTimesOutUntilSignalled() throws Exception {
        RawWsmanClient client = start();
        endpoint.faults().once(WsmanOperation.COMMAND, 1, InjectedFault.neverFinish());
        String shellId = client.createShell();
        String commandId = client.command(shellId, "echo would finish at once");
        assertEquals("2150858793", faultCode(client.receive(shellId, commandId, "PT0.2S").body()));
        assertEquals("2150858793", faultCode(client.receive(shellId, commandId, "PT0.2S").body()));
        assertEquals(200, client.signalTerminate(shellId, commandId).statusCode());
        assertEquals("echo would finish at once", endpoint.commandLog().entries().get(0).commandLine());
    }

    @Test
    void injectedUnauthorizedLooksLikeWrongCredentials() throws Exception {
        RawWsmanClient client = start();
        endpoint.faults().once(WsmanOperation.CREATE, 1, InjectedFault.unauthorized());
        HttpResponse<String> refused = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>"));
        assertEquals(401, refused.statusCode());
        assertEquals(List.of("Negotiate", "Basic realm=\"WSMAN\""), refused.headers().allValues("WWW-Authenticate"));
        client.createShell();
        assertEquals(1, endpoint.openShells());
    }

    @Test
    void injectedMalformedResponseIsNotXml() throws Exception {
        RawWsmanClient client = start();
        endpoint.faults().once(WsmanOperation.CREATE, 1, InjectedFault.malformedResponse());
        HttpResponse<String> response = client.post(RawWsmanClient.envelope(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", RawWsmanClient.newMessageId(), null, "PT20S", null, "<rsp:Shell/>"));
        assertEquals(200, response.statusCode());
        assertThrows(SAXParseException.class, () -> parse(response.body()));
        client.createShell();
    }

    @Test
    void httpsWithTheGeneratedCa() throws Exception {
        start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withHttps(true));
        assertTrue(endpoint.url().startsWith("https://127.0.0.1:"));
        HttpClient trusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestTls.trusting(endpoint.caCertificatePem().orElseThrow()))
                .connectTimeout(Duration.ofSeconds(10)).build();

        RawWsmanClient client = new RawWsmanClient(trusting, endpoint.url(), USER, PASSWORD);
        String shellId = client.createShell();
        String commandId = client.command(shellId, "echo over tls");
        assertEquals("over tls\r\n", decoded(receiveUntilDone(client, shellId, commandId), "stdout"));

        RawWsmanClient untrusting = new RawWsmanClient(http, endpoint.url(), USER, PASSWORD);
        IOException refused = assertThrows(IOException.class, untrusting::createShell);
        assertTrue(refused instanceof SSLHandshakeException || refused.getCause() instanceof SSLHandshakeException, refused.toString());
    }

    @Test
    void theCaCertificateFileHoldsTheCaUntilTheEndpointCloses() throws Exception {
        start(WsmanEndpoint.Config.basicAuth(Account.administrator(USER, PASSWORD)).withHttps(true));
        Path ca = endpoint.caCertificateFile().orElseThrow();
        assertEquals(ca, endpoint.caCertificateFile().orElseThrow(), "one file per endpoint");
        assertEquals(endpoint.caCertificatePem().orElseThrow(), Files.readString(ca, StandardCharsets.US_ASCII));
        assertTrue(Files.readString(ca).startsWith("-----BEGIN CERTIFICATE-----"));
        endpoint.close();
        assertFalse(Files.exists(ca));
    }

    private static String receiveUntilDone(RawWsmanClient client, String shellId, String commandId) throws Exception {
        return String.join("", receivesUntilDone(client, shellId, commandId));
    }

    /** Each ReceiveResponse body until the command is Done; a test that needs more than 100 has failed. */
    private static List<String> receivesUntilDone(RawWsmanClient client, String shellId, String commandId) throws Exception {
        List<String> bodies = new java.util.ArrayList<>();
        while (bodies.isEmpty() || !bodies.get(bodies.size() - 1).contains("CommandState/Done")) {
            assertTrue(bodies.size() < 100, "still not Done after 100 Receives");
            HttpResponse<String> response = client.receive(shellId, commandId, "PT20S");
            assertEquals(200, response.statusCode(), response.body());
            bodies.add(response.body());
        }
        return bodies;
    }

    /** The concatenated base64 payloads of one stream, decoded as code page 437. */
    static String decoded(String responses, String stream) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<rsp:Stream Name=\"" + stream + "\"[^>]*>([^<]*)</rsp:Stream>").matcher(responses);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (m.find()) {
            bytes.writeBytes(Base64.getDecoder().decode(m.group(1)));
        }
        return bytes.toString(java.nio.charset.Charset.forName("IBM437"));
    }

    static String faultCode(String body) {
        return RawWsmanClient.extract(body, "<f:WSManFault [^>]*Code=\"(\\d+)\"");
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document xml, String namespace, String localName) {
        return xml.getElementsByTagNameNS(namespace, localName).item(0).getTextContent();
    }

}
