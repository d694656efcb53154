package io.ssloffload.operator.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssloffload.operator.protocol.Protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerShellScriptTest {

    private static final Pattern COMMAND_LINE = Pattern.compile(Pattern.quote("powershell -NoProfile -NonInteractive -Command \""
            + "function Expand-Text($text) { $bytes = New-Object -TypeName System.IO.MemoryStream -ArgumentList"
            + " (,[System.Convert]::FromBase64String($text)); $gzip = New-Object -TypeName System.IO.Compression.GZipStream"
            + " -ArgumentList $bytes, ([System.IO.Compression.CompressionMode]::Decompress);"
            + " (New-Object -TypeName System.IO.StreamReader -ArgumentList $gzip).ReadToEnd() };"
            + " Invoke-Expression (Expand-Text '") + "([A-Za-z0-9+/=]+)" + Pattern.quote("')\""));
    private static final Pattern PRELUDE = Pattern.compile("^\\$Params = Expand-Text '([A-Za-z0-9+/=]*)' \\| ConvertFrom-Json\\R");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"mail.contoso.com", "x'; Remove-Item C:\\ -Recurse; '", "$(Stop-Computer)",
            "`$env:SSLO_EXCHANGE_PASSWORD`", "a\"b\"c", "line1\nline2\r\n; exit 3", "''''", "@{a=1}|iex"})
    void hostileValuesOnlyEverAppearAsBase64Data(String hostile) throws Exception {
        PowerShellScript script = PowerShellScript.load("apply.ps1", "iis.ps1", "exchange.ps1");
        Map<String, Object> parameters = Map.of("outlookAnywhere",
                Map.of("identity", "CAS01\\Rpc (Default Web Site)", "externalHostname", hostile));

        List<String> lines = script.commandLines(parameters);

        assertEquals(1, lines.size());
        String decoded = decode(lines.get(0));
        Matcher prelude = PRELUDE.matcher(decoded);
        assertTrue(prelude.find(), "the script starts with the fixed prelude: " + decoded.lines().findFirst());
        String body = decoded.substring(prelude.end());
        assertEquals(code("iis.ps1") + code("exchange.ps1") + code("apply.ps1"), body,
                "the rest is the resources' code, unchanged");
        Map<?, ?> roundTrip = JSON.readValue(expand(prelude.group(1)), Map.class);
        assertEquals(hostile, ((Map<?, ?>) roundTrip.get("outlookAnywhere")).get("externalHostname"));
    }

    /**
     * A drift check is one WinRM command: observe-iis.ps1 for every protocol, even with Outlook Anywhere
     * read in the same process, stays within cmd.exe's limit.
     */
    @Test
    void observingEveryProtocolIsOneCommand() {
        List<Map<String, String>> locations = Protocol.offloadableProtocols().stream()
                .map(p -> Map.of("protocol", p.specName(), "location", p.location().orElseThrow())).toList();
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("locations", locations);
        parameters.put("authenticationAt", Protocol.OUTLOOK_ANYWHERE.location().orElseThrow());

        parameters.put("outlookAnywhere", "CAS01\\Rpc (Default Web Site)");

        List<String> lines = PowerShellScript.load("observe-iis.ps1", "iis.ps1", "exchange.ps1").commandLines(parameters);

        assertEquals(1, lines.size(), () -> "one command, not an upload: " + lines.size());
    }

    @Test
    void scriptsPastTheCommandLineLimitAreUploadedInPieces() throws Exception {
        PowerShellScript script = PowerShellScript.load("apply.ps1", "iis.ps1", "exchange.ps1");
        // names that do not compress: gzip'd, many like names would still fit one command
        List<Map<String, String>> changes = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> Map.of("location", "Default Web Site/" + java.util.UUID.randomUUID(), "sslFlags", "None"))
                .toList();
        Map<String, Object> parameters = Map.of("changes", changes, "appPools", List.of());

        List<String> lines = script.commandLines(parameters);

        assertTrue(lines.size() > 2, "several upload commands and a final one");
        StringBuilder uploaded = new StringBuilder();
        Pattern chunk = Pattern.compile("^Add-Content -Path \\(Join-Path \\$env:TEMP 'sslo-[0-9a-f-]+\\.b64'\\) -Value '([A-Za-z0-9+/=]+)' -NoNewline$");
        for (String line : lines) {
            assertTrue(line.length() <= PowerShellScript.CMD_LINE_LIMIT, "each line fits cmd.exe: " + line.length());
        }
        for (String line : lines.subList(0, lines.size() - 1)) {
            Matcher m = chunk.matcher(decode(line));
            assertTrue(m.matches(), decode(line));
            uploaded.append(m.group(1));
        }
        String reassembled = new String(expand(uploaded.toString()), StandardCharsets.UTF_8);
        assertEquals(script.text(parameters), reassembled);
        String last = decode(lines.get(lines.size() - 1));
        assertThat(last).contains("Remove-Item -Path $file").endsWith("Invoke-Expression $script");
    }

    private static String decode(String commandLine) {
        Matcher m = COMMAND_LINE.matcher(commandLine);
        assertTrue(m.matches(), () -> "a fixed command around base64: " + commandLine);
        return new String(expand(m.group(1)), StandardCharsets.UTF_8);
    }

    private static byte[] expand(String base64) {
        try (var gzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return gzip.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A first convergence's change is one command: every protocol's sslFlags and Extended Protection,
     * every pool, Set-OutlookAnywhere with long values and the observation after, in one powershell.exe.
     */
    @Test
    void aWholeChangeIsOneCommandEvenWithLongValues() {
        String longName = "a".repeat(60) + ".b" + "c".repeat(60) + ".example";
        Map<String, Object> outlookAnywhere = Map.of("identity", "CAS01\\Rpc (Default Web Site)",
                "externalHostname", longName, "internalHostname", longName,
                "externalClientsRequireSsl", true, "internalClientsRequireSsl", true,
                "externalClientAuthenticationMethod", "Negotiate", "internalClientAuthenticationMethod", "Negotiate",
                "iisAuthenticationMethods", List.of("Basic", "Ntlm", "Negotiate"));
        List<Map<String, String>> locations = Protocol.offloadableProtocols().stream()
                .map(p -> Map.of("protocol", p.specName(), "location", p.location().orElseThrow())).toList();
        List<Map<String, String>> changes = Protocol.offloadableProtocols().stream()
                .map(p -> Map.of("location", p.location().orElseThrow(), "sslFlags", "None")).toList();
        List<Map<String, String>> tokenChecking = Protocol.offloadableProtocols().stream()
                .map(p -> Map.of("location", p.location().orElseThrow(), "tokenChecking", "None")).toList();
        List<String> pools = Protocol.offloadableProtocols().stream().flatMap(p -> p.appPool().stream()).distinct().toList();
        Map<String, Object> parameters = Map.of("changes", changes, "tokenChecking", tokenChecking, "appPools", pools,
                "outlookAnywhere", outlookAnywhere,
                "observe", Map.of("locations", locations, "authenticationAt", Protocol.OUTLOOK_ANYWHERE.location().orElseThrow()));

        List<String> lines = PowerShellScript.load("apply.ps1", "iis.ps1", "exchange.ps1").commandLines(parameters);

        assertEquals(1, lines.size(), () -> "one command, not an upload: " + lines.size());
    }

    /** A resource as it is sent: comments, blank lines and indentation are for readers of the .ps1 file only. */
    private static String code(String name) throws Exception {
        try (var in = PowerShellScript.class.getResourceAsStream("scripts/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().anyMatch(line -> line.startsWith("#")), name + " explains itself in comments");
            return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
        }
    }
}
