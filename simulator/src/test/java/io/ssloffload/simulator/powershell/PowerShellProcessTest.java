package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerShellProcessTest {

    private final TestHost host = new TestHost();

    private static String encode(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void encodedCommandAsWinrm4jSendsIt() {
        NativeCommand.Result r = PowerShellProcess.run(List.of("-encodedcommand", encode("'héllo'; exit 3")), Map.of(),
                host);
        assertEquals("héllo\r\n", r.stdout());
        assertEquals(3, r.exitCode());
    }

    @Test
    void switchPrefixesAndOtherOptions() {
        for (String flag : List.of("-EncodedCommand", "-enc", "-e", "-ec")) {
            NativeCommand.Result r = PowerShellProcess.run(List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy",
                    "Bypass", "-InputFormat", "None", "-OutputFormat", "Text", flag, encode("1+1")), Map.of(), host);
            assertEquals("2\r\n", r.stdout(), flag);
        }
        NativeCommand.Result r = PowerShellProcess.run(List.of("-NoLogo", "-Command", "Write-Output", "'a", "b'"),
                Map.of(), host);
        assertEquals("a b\r\n", r.stdout());
    }

    @Test
    void invalidBase64IsAUsageError() {
        NativeCommand.Result r = PowerShellProcess.run(List.of("-EncodedCommand", "%%%"), Map.of(), host);
        assertThat(r.stdout()).contains("not properly encoded");
        assertTrue(r.exitCode() != 0);
    }

    @Test
    void unknownSwitchStartsTheCommandAsPowerShellDoes() {
        NativeCommand.Result r = PowerShellProcess.run(List.of("-Bogus", "x"), Map.of(), host);
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("The term &apos;-Bogus&apos;") || r.stderr().contains("The term '-Bogus'"));
    }

    @Test
    void environmentComesFromTheCallerAndTheHost() {
        NativeCommand.Result r = PowerShellProcess.runScript("$env:COMPUTERNAME; $env:TEMP; $env:SECRET", Map.of(
                "SECRET", "s3", "TEMP", "C:\\T"), host);
        assertEquals("CAS01\r\nC:\\T\r\ns3\r\n", r.stdout());
    }

    @Test
    void errorsAreClixmlOnStderr() {
        NativeCommand.Result r = PowerShellProcess.runScript("Get-Nope '<x>'", Map.of(), host);
        assertEquals("#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
                + "<S S=\"Error\">Get-Nope : The term 'Get-Nope' is not recognized as the name of a cmdlet, function, "
                + "script file, or operable program. Check the spelling of the name, or if a path was included, verify "
                + "that the path is correct and try again._x000D__x000A_</S>"
                + "<S S=\"Error\">At line:1 char:1_x000D__x000A_</S>"
                + "<S S=\"Error\">+ Get-Nope '&lt;x&gt;'_x000D__x000A_</S>"
                + "<S S=\"Error\">+ ~~~~~~~~_x000D__x000A_</S>"
                + "<S S=\"Error\">    + CategoryInfo          : ObjectNotFound: (Get-Nope:String) [], "
                + "CommandNotFoundException_x000D__x000A_</S>"
                + "<S S=\"Error\">    + FullyQualifiedErrorId : CommandNotFoundException_x000D__x000A_</S>"
                + "<S S=\"Error\"> _x000D__x000A_</S></Objs>", r.stderr());
        assertEquals(1, r.exitCode());
    }

    @Test
    void xmlTextEscapesUnderscoreXAndControls() {
        assertEquals("a_x005F_x1_x0009_b&amp;", PowerShellProcess.xmlText("a_x1\tb&"));
    }

    @Test
    void noErrorsMeansEmptyStderr() {
        NativeCommand.Result r = PowerShellProcess.runScript("$x = 1", Map.of(), host);
        assertEquals("", r.stderr());
        assertEquals("", r.stdout());
        assertEquals(0, r.exitCode());
    }
}
