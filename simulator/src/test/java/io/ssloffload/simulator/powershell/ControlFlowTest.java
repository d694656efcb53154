package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ControlFlowTest extends PsTestSupport {

    @Test
    void ifElseifElse() {
        assertEquals("two\n", out("$x = 2\nif ($x -eq 1) { 'one' }\nelseif ($x -eq 2) { 'two' }\nelse { 'other' }"));
        assertEquals("other\n", out("if ($null) { 'yes' } else { 'other' }"));
    }

    @Test
    void loops() {
        assertEquals("0\n1\n2\n", out("for ($i = 0; $i -lt 3; $i++) { $i }"));
        assertEquals("3\n", out("$n = 0; while ($true) { $n++; if ($n -ge 3) { break } }; $n"));
        assertEquals("1\n", out("$n = 0; do { $n++ } until ($n -ge 1); $n"));
        assertEquals("2\n", out("$n = 0; do { $n++ } while ($n -lt 2); $n"));
        assertEquals("a\nc\n", out("foreach ($x in 'a','b','c') { if ($x -eq 'b') { continue }; $x }"));
        assertEquals("", out("foreach ($x in $null) { 'never' }"));
    }

    @Test
    void switchStatement() {
        assertEquals("two\n", out("switch (2) { 1 { 'one' } 2 { 'two' } default { 'x' } }"));
        assertEquals("x\n", out("switch ('Q') { 'a' { 'a' } default { 'x' } }"));
        assertEquals("num 12\n", out("switch -regex ('ab12') { '^\\d+$' { 'all digits' } '(\\d+)' { \"num $($Matches[1])\"; break } }"));
        assertEquals("A\nB\n", out("switch ('a','b') { {$_ -eq 'a'} { 'A' } 'b' { 'B' } }"));
    }

    @Test
    void functionsParamsAndReturn() {
        assertEquals("3\n", out("function Add($a, $b) { return $a + $b; 'unreached' }\nAdd 1 2"));
        assertEquals("x:1:False\ny:2:True\n",
                out("function F { param([Parameter(Mandatory=$true)][string]$Name, [int]$N = 1, [switch]$Flag)\n"
                        + "\"${Name}:${N}:$Flag\" }\nF x\nF -Name y -N '2' -Flag"));
        assertEquals("a b\n", out("function G { \"$args\" }; G a b"));
        assertEquals("outer\n", out("$v = 'outer'; function H { $v }; H"));
        assertEquals("outer\n", out("$v = 'outer'; function I { $v = 'inner' }; I; $v"));
    }

    @Test
    void functionBindingErrors() {
        NativeCommand.Result r = run("function F { param([Parameter(Mandatory)][string]$Name) $Name }; F");
        assertThat(errors(r))
                .contains("Cannot process command because of one or more missing mandatory parameters: "
                        + "Name.");
        r = run("function F { [CmdletBinding()] param([ValidateSet('a','b')][string]$Mode) $Mode }; F -Mode c");
        assertThat(errors(r)).contains("does not belong to the set \"a,b\"");
        r = run("function F { [CmdletBinding()] param($A) $A }; F -Nope 1");
        assertThat(errors(r)).contains("A parameter cannot be found that matches parameter name 'Nope'.");
    }

    @Test
    void scriptBlocksAndSplatting() {
        assertEquals("6\n", out("$sb = { param($x) $x * 2 }; & $sb 3"));
        assertEquals("7\n", out("$sb = { $y = 7 }; . $sb; $y"));
        assertEquals("w1 3 True\n", out("$p = @{Name = 'w1'; Size = 3; Force = $true}\n"
                + "$w = Get-Widget @p\n\"$($w.Name) $($w.Size) $($w.Force)\""));
        assertEquals("a-b\n", out("function J($x, $y) { \"$x-$y\" }; $arr = 'a','b'; J @arr"));
        assertEquals("5\n", out("& 'Write-Output' 5"));
        assertEquals("2\n", out("$sb = { 1 + 1 }; $sb.Invoke()"));
    }

    @Test
    void pipelinesAcrossLinesAndComments() {
        assertEquals("2\n4\n", out("1, 2 |\n  ForEach-Object { $_ * 2 } # doubled\n<# block\ncomment #>"));
        assertEquals("3\n", out("$x = 1 + `\n 2\n$x"));
    }

    @Test
    void environmentVariables() {
        assertEquals("CAS01\nv\n\n", out("$env:computername; $env:MY_VAR = 'v'; $env:my_var; $env:MY_VAR = $null; "
                + "\"$env:MY_VAR\""));
    }

    @Test
    void dollarUnderIsRestoredAfterCatchSwitchAndNestedPipelines() {
        assertEquals("1\nTrue\n", out("1 | ForEach-Object { try { throw 'x' } catch { }; switch (5) { 5 { } }; "
                + "'a' | ForEach-Object { }; $_ }; $null -eq $_"));
    }
}
