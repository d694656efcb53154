package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StringsAndExpansionTest extends PsTestSupport {

    @Test
    void singleQuotedStringsAreInert() {
        assertEquals("$(Get-Widget x) $env:COMPUTERNAME `n\n", out("'$(Get-Widget x) $env:COMPUTERNAME `n'"));
        assertTrue(host.calls.isEmpty(), "nothing inside single quotes may run");
        assertEquals("it's\n", out("'it''s'"));
    }

    @Test
    void doubleQuotedStringsExpandVariablesSubexpressionsAndEscapes() {
        assertEquals("a\tb CAS01 3 \"q\" `$x\n", out("$x = 1; \"a`tb $env:COMPUTERNAME $(1+2) `\"q`\" ```$x\""));
        assertEquals("say \"hi\"\n", out("\"say \"\"hi\"\"\""));
        assertEquals("v=1 2 3\n", out("$a = 1,2,3; \"v=$a\""));
        assertEquals("5\n", out("${my var} = 5; \"${my var}\""));
    }

    @Test
    void memberAccessIsNotExpandedInsideStringsBeyondTheVariable() {
        assertEquals("System.Collections.Hashtable.Name\n", out("$h = @{Name='x'}; \"$h.Name\""));
        assertEquals("x\n", out("$h = @{Name='x'}; \"$($h.Name)\""));
    }

    @Test
    void hereStrings() {
        assertEquals("line1\n'$x'\n", out("$x = 'v'\n@'\nline1\n'$x'\n'@"));
        assertEquals("line1\n\"v\"\n", out("$x = 'v'\n@\"\nline1\n\"$x\"\n\"@"));
    }

    @Test
    void valuesFromVariablesAreNeverReparsedAsCode() {
        String hostile = "x'; Get-Widget pwned; $(Get-Widget pwned2) `\"; \n Stop-Widget z #";
        String script = "$v = $env:HOSTILE\n\"[$v]\"\n$v\n$h = @{k = $v}; $h.k.Length\n"
                + "Set-Widget -Identity $v -Value \"$v\"";
        NativeCommand.Result r = run(script, Map.of("HOSTILE", hostile));
        assertEquals(0, r.exitCode(), errors(r));
        assertEquals(("[" + hostile + "]\n" + hostile + "\n" + hostile.length() + "\n").replace("\n", "\r\n"),
                r.stdout());
        assertEquals(1, host.calls.size(), "only Set-Widget runs: " + host.calls);
        assertThat(host.calls.get(0)).contains("Identity=" + hostile);
    }

    @Test
    void jsonDataIsNeverReparsedAsCode() {
        String json = "{\"name\": \"a'); Get-Widget pwned; $(Stop-Widget z) `n\"}";
        host.files.write("C:\\in.json", json);
        String r = out("$o = Get-Content C:\\in.json -Raw | ConvertFrom-Json; \"<$($o.name)>\"; $o.name.Length");
        String name = "a'); Get-Widget pwned; $(Stop-Widget z) `n";
        assertEquals("<" + name + ">\n" + name.length() + "\n", r);
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void invalidVariableReferenceWithColonIsAParseError() {
        NativeCommand.Result r = run("$server = 'x'; \"$server: down\"");
        assertEquals(1, r.exitCode());
        assertThat(errors(r)).contains("FullyQualifiedErrorId : InvalidVariableReferenceWithDrive");
    }

    @Test
    void stringMethods() {
        assertEquals("abc|ab|bc|ABC|True|False|aXc|bc|1|3\n",
                out("$s = ' abc '; $t = $s.Trim(); \"$t|$($t.TrimEnd('c'))|$($t.TrimStart('a'))|$($t.ToUpper())|"
                        + "$($t.Contains('b'))|$($t.Contains('B'))|$($t.Replace('b','X'))|$($t.Substring(1))|"
                        + "$($t.IndexOf('b'))|$($t.Length)\""));
        assertEquals("a\nb\n\nc\n", out("'a,b;;c'.Split(',;')"));
        assertEquals("True\n", out("'Hello'.StartsWith('He')"));
    }

    @Test
    void methodOnMissingOverloadOrNullFailsLikePowerShell() {
        NativeCommand.Result r = run("'x'.Frobnicate()");
        assertThat(errors(r))
                .contains("Method invocation failed because [System.String] does not contain a method "
                        + "named 'Frobnicate'.");
        r = run("$n = $null; $n.Trim()");
        assertThat(errors(r)).contains("You cannot call a method on a null-valued expression.");
        assertThat(errors(r)).contains("FullyQualifiedErrorId : InvokeMethodOnNull");
    }
}
