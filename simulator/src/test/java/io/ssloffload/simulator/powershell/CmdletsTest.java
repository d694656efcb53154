package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CmdletsTest extends PsTestSupport {

    @Test
    void fileCmdlets() {
        assertEquals("False\nTrue\na\nb\na\nb\nc\n", out("$p = \"$env:TEMP\\x.txt\"; Test-Path $p; Set-Content -Path $p "
                + "-Value 'a','b'; Test-Path $p; Get-Content $p; Add-Content $p 'c'; Get-Content -Path $p"));
        assertEquals("a\r\nb\r\nc\r\n", host.files.read("C:\\Users\\Administrator\\AppData\\Local\\Temp\\x.txt")
                .orElseThrow());
        assertEquals("xy\n", out("Set-Content C:\\n.txt 'x' -NoNewline; Add-Content C:\\n.txt 'y' -NoNewline; "
                + "Get-Content C:\\n.txt -Raw"));
        assertEquals("False\n", out("Remove-Item C:\\n.txt; Test-Path C:\\n.txt"));
    }

    @Test
    void getContentSplitsLinesAsStreamReaderDoes() {
        assertEquals("3\na|b|c\n", out("Set-Content C:\\m.txt \"a`rb`nc`r`n\" -NoNewline; $l = Get-Content C:\\m.txt; "
                + "$l.Count; $l -join '|'"));
    }

    @Test
    void missingFileGivesItemNotFound() {
        NativeCommand.Result r = run("Get-Content C:\\nope.txt");
        assertThat(errors(r)).contains("Get-Content : Cannot find path 'C:\\nope.txt' because it does not exist.");
        assertThat(errors(r)).contains("ObjectNotFound: (C:\\nope.txt:String) [Get-Content], ItemNotFoundException");
        assertThat(errors(r)).contains("PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand");
        assertEquals("caught\n", out("try { Remove-Item C:\\nope -ErrorAction Stop } catch "
                + "[System.Management.Automation.ItemNotFoundException] { 'caught' }"));
    }

    @Test
    void invokeExpressionRunsTextInTheCurrentScope() {
        assertEquals("3\n5\n", out("Invoke-Expression '$q = 5; 1 + 2'; $q"));
        NativeCommand.Result r = run("Invoke-Expression 'if ('; 'after'");
        assertEquals("after\r\n", r.stdout());
        assertThat(errors(r)).contains("ParserError");
    }

    @Test
    void pipelineCmdlets() {
        assertEquals("3\n", out("1..5 | Where-Object { $_ -gt 2 } | Measure-Object | ForEach-Object { $_.Count }"));
        assertEquals("b\n", out("$o = [pscustomobject]@{n='a'}, [pscustomobject]@{n='b'}; ($o | Where-Object n -eq 'b').n"));
        assertEquals("c\nb\na\n", out("'b','c','a' | Sort-Object -Descending"));
        assertEquals("1\n2\n", out("3,1,2,1 | Sort-Object -Unique | Select-Object -First 2"));
        assertEquals("x\n", out("[pscustomobject]@{Name='x'; Other=1} | Select-Object -ExpandProperty Name"));
        assertEquals("Name\n", out("([pscustomobject]@{Name='x'; Other=1} | Select-Object Name).PSObject"
                + " -eq $null | ForEach-Object { 'Name' }"));
        assertEquals("4\n", out("@{n=2} | ForEach-Object { $_.n * 2 }"));
        assertEquals("6\n", out("(1,2,3 | Measure-Object -Sum).Sum"));
    }

    @Test
    void selectObjectCalculatedProperties() {
        assertEquals("{\"Upper\":\"X\"}\n", out("[pscustomobject]@{Name='x'} | Select-Object @{Name='Upper'; "
                + "Expression={ $_.Name.ToUpper() }} | ConvertTo-Json -Compress"));
    }

    @Test
    void secureStringAndCredential() {
        assertEquals("System.Security.SecureString\nCONTOSO\\admin\nP@ss;w0rd'\"\n", out("$s = ConvertTo-SecureString "
                + "$env:PW -AsPlainText -Force; \"$s\"\n$c = New-Object System.Management.Automation.PSCredential("
                + "'CONTOSO\\admin', $s); $c.UserName; $c.GetNetworkCredential().Password".replace("$env:PW",
                "$env:PW"), Map.of("PW", "P@ss;w0rd'\"")));
        NativeCommand.Result r = run("ConvertTo-SecureString 'x' -AsPlainText");
        assertThat(errors(r)).contains("The system cannot protect plain text input.");
    }

    @Test
    void aCredentialWithoutAUserNameIsAPowerShellErrorNotACrash() {
        NativeCommand.Result r = run("$s = ConvertTo-SecureString 'x' -AsPlainText -Force\n"
                + "New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $null, $s");
        assertEquals(1, r.exitCode());
        assertThat(errors(r)).contains("PSCredential");
    }

    private String out(String script, Map<String, String> env) {
        NativeCommand.Result r = run(script, env);
        assertEquals("", r.stderr());
        return r.stdout().replace("\r\n", "\n");
    }

    @Test
    void base64AndEncodings() {
        assertEquals("aMOpbGxv\nhéllo\naABpAA==\nhi\n", out("[Convert]::ToBase64String([System.Text.Encoding]::UTF8"
                + ".GetBytes('héllo')); [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('aMOpbGxv')); "
                + "[Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes('hi')); "
                + "[System.Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('aABpAA=='))"));
        NativeCommand.Result r = run("[Convert]::FromBase64String('***')");
        assertThat(errors(r))
                .contains("Exception calling \"FromBase64String\" with \"1\" argument(s): \"The input is not "
                        + "a valid Base-64 string");
    }

    /** gzip'd UTF-8 text read back as .NET reads it: MemoryStream, GZipStream (Decompress), StreamReader. */
    @Test
    void gzipTextIsReadBackThroughStreams() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write("héllo 'world'".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String base64 = java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
        String read = "[IO.StreamReader]::new([IO.Compression.GZipStream]::new([IO.MemoryStream]::new("
                + "[Convert]::FromBase64String('%s')), [IO.Compression.CompressionMode]::Decompress)).ReadToEnd()";

        assertEquals("héllo 'world'\n", out(String.format(read, base64)));
        String withNewObject = "$bytes = New-Object -TypeName System.IO.MemoryStream -ArgumentList (,[Convert]::FromBase64String('%s'));"
                + " $gzip = New-Object -TypeName System.IO.Compression.GZipStream -ArgumentList $bytes,"
                + " ([System.IO.Compression.CompressionMode]::Decompress);"
                + " (New-Object -TypeName System.IO.StreamReader -ArgumentList $gzip).ReadToEnd()";
        assertEquals("héllo 'world'\n", out(String.format(withNewObject, base64)));
        assertEquals("System.IO.Compression.GZipStream\n", out("[IO.Compression.GZipStream]::new([IO.MemoryStream]::new("
                + "[byte[]](1,2)), [IO.Compression.CompressionMode]::Decompress).GetType().FullName"));

        NativeCommand.Result notGzip = run(String.format(read, "aGVsbG8="));
        assertThat(errors(notGzip))
                .contains("Exception calling \"ReadToEnd\" with \"0\" argument(s): \"The magic number in"
                        + " GZip header is not correct.");
        NativeCommand.Result compress = run("[IO.Compression.GZipStream]::new([IO.MemoryStream]::new([byte[]](1)),"
                + " [IO.Compression.CompressionMode]::Compress)");
        assertThat(errors(compress)).contains("does not support GZipStream: only CompressionMode Decompress");
    }

    @Test
    void staticHelpers() {
        assertEquals("True\nFalse\na,b\n\n\n42\n", out("[string]::IsNullOrEmpty(''); [string]::IsNullOrEmpty('x'); "
                + "[string]::Join(',', @('a','b')); [Environment]::NewLine; [int]::Parse('42')"));
        NativeCommand.Result r = run("[Convert]::Nope('x')");
        assertThat(errors(r))
                .contains("Method invocation failed because [System.Convert] does not contain a method "
                        + "named 'Nope'.");
    }

    @Test
    void getDateUsesTheHostClock() {
        host.clock = Clock.fixed(Instant.parse("2024-03-01T10:20:30Z"), ZoneOffset.UTC);
        assertEquals("2024-03-01T10:20:30.0000000+00:00\n2024\n20240301\n",
                out("(Get-Date).ToString('o'); (Get-Date).Year; Get-Date -Format 'yyyyMMdd'"));
        assertEquals("2024-03-01T10:20 [x]\n", out("Get-Date -Format 'yyyy-MM-ddTHH:mm [\\x]'"));
    }

    @Test
    void aFailingMethodIsACatchableMethodInvocationError() {
        assertEquals("ArgumentOutOfRangeException\nException calling \"RemoveAt\" with \"1\" argument(s): \"Index was "
                + "out of range. Must be non-negative and less than the size of the collection.\nParameter name: "
                + "index\"\ngoes on\n", out("$l = [System.Collections.ArrayList]::new()\n"
                + "try { $l.RemoveAt(5) } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }\n'goes on'"));
    }

    @Test
    void nativeCommandsProduceTextAndLastExitCode() {
        host.natives.put("appcmd", (args, env) -> new NativeCommand.Result("line1\r\n" + String.join("|", args) + "\r\n",
                "", args.contains("bad") ? 4 : 0));
        assertEquals("line1\nset|config|Default Web Site/owa\n0\nTrue\n", out("$r = appcmd set config 'Default Web "
                + "Site/owa'; $r; $LASTEXITCODE; $?"));
        NativeCommand.Result r = run("C:\\Windows\\System32\\inetsrv\\appcmd.exe bad");
        assertEquals(1, r.exitCode(), "a failing native command as last statement fails the script");
        assertEquals("False\n4\n", out("appcmd bad | Out-Null; $?; $LASTEXITCODE"));
    }

    @Test
    void nativeStderrPassesThroughOrBecomesErrorRecords() {
        host.natives.put("tool", (args, env) -> new NativeCommand.Result("out\r\n", "oops\r\n", 1));
        NativeCommand.Result r = run("tool");
        assertEquals("oops\r\n", r.stderr());
        r = run("tool 2>&1 | ForEach-Object { \"[$_]\" }");
        assertEquals("[out]\r\n[oops]\r\n", r.stdout());
        assertEquals("", r.stderr());
        assertThat(run("tool 2>$null").stderr()).doesNotContain("oops");
    }

    @Test
    void getCommand() {
        assertEquals("Cmdlet\n", out("(Get-Command Get-Widget).CommandType"));
        assertThat(errors(run("Get-Command Get-Nothing")))
                .contains("CommandNotFoundException,"
                        + "Microsoft.PowerShell.Commands.GetCommandCommand");
    }

    @Test
    void writeHostAndWarningGoToStdout() {
        assertEquals("a b\nWARNING: careful\nv\n", out("Write-Host 'a','b'; Write-Warning 'careful'; Write-Verbose 'hidden';"
                + " 'v'"));
        assertEquals("v\n", out("Write-Warning 'x' -WarningAction SilentlyContinue; 'v'"));
    }

    @Test
    void outputFormatting() {
        assertEquals("\n" + String.format("%-30s %-89s\n%-30s %-89s\n%-30s %-89s\n", "Name", "Value", "----", "-----", "a", "1")
                + "\n\n", out("@{a=1}"));
        assertEquals("\nName Size\n---- ----\nx      22\n\n\n", out("[pscustomobject]@{Name='x'; Size=22}"));
        assertEquals("True\n1.5\n", out("$true; 1.5"));
        assertEquals("x\n", out("'x' | Out-String -Stream"));
    }
}
