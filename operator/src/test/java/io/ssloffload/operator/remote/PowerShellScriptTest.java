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

    private static final String PREFIX = "powershell -NoProfile -NonInteractive -EncodedCommand ";
    private static final Pattern PRELUDE = Pattern.compile(
            "^\\$Params = \\[System\\.Text\\.Encoding]::UTF8\\.GetString\\(\\[System\\.Convert]::FromBase64String\\("
                    + "'([A-Za-z0-9+/=]*)'\\)\\) \\| ConvertFrom-Json\\R");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"mail.contoso.com", "x'; Remove-Item C:\\ -Recurse; '", "$(Stop-Computer)",
            "`$env:SSLO_EXCHANGE_PASSWORD`", "a\"b\"c", "line1\nline2\r\n; exit 3", "''''", "@{a=1}|iex"})
    void hostileValuesOnlyEverAppearAsBase64Data(String hostile) throws Exception {
        PowerShellScript script = PowerShellScript.load("set-outlook-anywhere.ps1", "open-exchange-session.ps1", "outlook-anywhere-settings.ps1");
        Map<String, Object> parameters = Map.of("identity", "CAS01\\Rpc (Default Web Site)", "externalHostname", hostile);

        List<String> lines = script.commandLines(parameters);

        assertEquals(1, lines.size());
        String decoded = decode(lines.get(0));
        Matcher prelude = PRELUDE.matcher(decoded);
        assertTrue(prelude.find(), "the script starts with the fixed prelude: " + decoded.lines().findFirst());
        String body = decoded.substring(prelude.end());
        assertEquals(code("open-exchange-session.ps1") + code("outlook-anywhere-settings.ps1") + code("set-outlook-anywhere.ps1"), body,
                "the rest is the resources' code, unchanged");
        Map<?, ?> roundTrip = JSON.readValue(Base64.getDecoder().decode(prelude.group(1)), Map.class);
        assertEquals(hostile, roundTrip.get("externalHostname"));
    }

    /** A drift check is one WinRM command: observe-iis.ps1 for every protocol stays within cmd.exe's limit. */
    @Test
    void observingEveryProtocolIsOneCommand() {
        List<Map<String, String>> locations = Protocol.offloadableProtocols().stream()
                .map(p -> Map.of("protocol", p.specName(), "location", p.location().orElseThrow())).toList();
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("locations", locations);
        parameters.put("authenticationAt", Protocol.OUTLOOK_ANYWHERE.location().orElseThrow());

        List<String> lines = PowerShellScript.load("observe-iis.ps1").commandLines(parameters);

        assertEquals(1, lines.size(), () -> "one command, not an upload: " + lines.size());
    }

    @Test
    void scriptsPastTheCommandLineLimitAreUploadedInPieces() throws Exception {
        PowerShellScript script = PowerShellScript.load("apply-iis.ps1");
        List<Map<String, String>> changes = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> Map.of("location", "Default Web Site/vdir" + i, "sslFlags", "None"))
                .toList();
        Map<String, Object> parameters = Map.of("changes", changes, "appPools", List.of());

        List<String> lines = script.commandLines(parameters);

        assertTrue(lines.size() > 2, "several upload commands and a final one");
        StringBuilder uploaded = new StringBuilder();
        Pattern chunk = Pattern.compile("^Add-Content -Path \"\\$env:TEMP\\\\sslo-[0-9a-f-]+\\.b64\" -Value '([A-Za-z0-9+/=]+)' -NoNewline$");
        for (String line : lines) {
            assertTrue(line.length() <= PowerShellScript.CMD_LINE_LIMIT, "each line fits cmd.exe: " + line.length());
            assertTrue(line.startsWith(PREFIX));
        }
        for (String line : lines.subList(0, lines.size() - 1)) {
            Matcher m = chunk.matcher(decode(line));
            assertTrue(m.matches(), decode(line));
            uploaded.append(m.group(1));
        }
        String reassembled = new String(Base64.getDecoder().decode(uploaded.toString()), StandardCharsets.UTF_8);
        assertEquals(script.text(parameters), reassembled);
        String last = decode(lines.get(lines.size() - 1));
        assertThat(last).contains("Remove-Item").endsWith("Invoke-Expression $script");
    }

    private static String decode(String commandLine) {
        assertTrue(commandLine.startsWith(PREFIX), commandLine);
        return new String(Base64.getDecoder().decode(commandLine.substring(PREFIX.length())), StandardCharsets.UTF_16LE);
    }

    @Test
    void theOperatorsScriptsAreEachOneCommandEvenWithLongValues() {
        String longName = "a".repeat(60) + ".b" + "c".repeat(60) + ".example";
        Map<String, Object> settings = Map.of("identity", "CAS01\\Rpc (Default Web Site)",
                "externalHostname", longName, "internalHostname", longName,
                "externalClientsRequireSsl", true, "internalClientsRequireSsl", true,
                "externalClientAuthenticationMethod", "Negotiate", "internalClientAuthenticationMethod", "Negotiate",
                "iisAuthenticationMethods", List.of("Basic", "Ntlm", "Negotiate"));

        assertEquals(1, PowerShellScript.load("set-outlook-anywhere.ps1", "open-exchange-session.ps1", "outlook-anywhere-settings.ps1")
                .commandLines(settings).size());
    }

    /** A resource as it is sent: whole-line comments are for readers of the .ps1 file only. */
    private static String code(String name) throws Exception {
        try (var in = PowerShellScript.class.getResourceAsStream("scripts/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().anyMatch(line -> line.startsWith("#")), name + " explains itself in comments");
            return text.lines().filter(line -> !line.strip().startsWith("#"))
                    .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
        }
    }
}
