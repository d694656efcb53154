package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CollectionsTest extends PsTestSupport {

    @Test
    void hashtablesHaveCaseInsensitiveKeys() {
        assertEquals("1\n1\n2\nTrue\nFalse\n3\n", out("$h = @{Name=1; 'other key'=2}; $h.name; $h['NAME']; "
                + "$h.'Other Key'; $h.ContainsKey('NAME'); $h.ContainsKey('x'); $h.Z = 3; $h['z']"));
        assertEquals("b\na\n", out("$h = [ordered]@{b=1; a=2}; $h.Keys"));
        assertEquals("2\n", out("$h = @{}; $h['a'] = 1; $h.Add('b', 2); $h.Count"));
        NativeCommand.Result r = run("$h = @{a=1}; $h.Add('A', 2)");
        assertThat(errors(r)).contains("Item has already been added. Key in dictionary: 'a'  Key being added: 'A'");
    }

    @Test
    void pscustomobjectKeepsPropertyOrderAndStringForm() {
        assertEquals("@{b=1; a=x}\n{\"b\":1,\"a\":\"x\"}\n",
                out("$o = [pscustomobject]@{b=1; a='x'}; \"$o\"; $o | ConvertTo-Json -Compress"));
        assertEquals("b a\n", out("$o = [pscustomobject]@{b=1; a='x'}; \"$($o.PSObject.Properties.Name)\""));
    }

    @Test
    void countAndLengthOnScalarsAndNull() {
        assertEquals("1\n0\n3\n1\n", out("$x = 5; $x.Count; $n = $null; @($n | Where-Object { $_ }).Count; "
                + "'abc'.Length; ([pscustomobject]@{a=1}).Count"));
    }

    @Test
    void memberEnumerationOnArrays() {
        assertEquals("a\nb\n", out("$objs = @([pscustomobject]@{Name='a'}, [pscustomobject]@{Name='b'}); $objs.Name"));
    }

    @Test
    void arrayContainsAndArrayList() {
        assertEquals("True\nFalse\n0\n1\n2\n", out("@('a','b').Contains('a'); @('a').Contains('A'); "
                + "$l = New-Object System.Collections.ArrayList; $l.Add('x'); $l.Add('y'); $l.Count"));
    }

    @Test
    void arraySubexpressionAlwaysGivesAnArray() {
        assertEquals("0\n1\n2\n", out("@().Count; @('x').Count; @(1; 2).Count"));
        assertEquals("System.Object[]\n", out("(@(1)).GetType().FullName"));
        assertEquals("3\n2\n", out("$a = @(1, $null, 2); $a.Count; ($a | Where-Object { $_ -ne $null }).Count"));
    }
}
