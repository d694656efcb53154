package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OperatorsTest extends PsTestSupport {

    @Test
    void comparisonsAreCaseInsensitiveUnlessCPrefixed() {
        assertEquals("True\nFalse\nTrue\nFalse\n", out("'ABC' -eq 'abc'; 'ABC' -ceq 'abc'; 'a' -ne 'b'; 'a' -cne 'a'"));
        assertEquals("True\nFalse\nTrue\n", out("5 -gt 3; 2 -ge 3; '10' -lt 9"));
        assertEquals("True\n", out("10 -gt '9'"));
    }

    @Test
    void comparisonOnArrayFilters() {
        assertEquals("2\n2\n", out("@(1,2,3,2) -eq 2"));
        assertEquals("0\n", out("$r = @('a','b') -eq 'z'; $r.Count"));
        assertEquals("b\nc\n", out("'a','b','c' -ne 'A'"));
        assertEquals("x1\n", out("'x1','y2' -like 'x*'"));
        assertEquals("True\nFalse\nTrue\nTrue\n",
                out("@(1,2) -contains 2; @('a') -ccontains 'A'; 'B' -in 'a','b'; 3 -notin 1,2"));
    }

    @Test
    void likeAndMatch() {
        assertEquals("True\nTrue\nFalse\nTrue\n", out("'Rpc (Default Web Site)' -like 'rpc*'; 'ab' -like 'a?'; "
                + "'a' -clike 'A'; 'a[b' -like 'a`[b'"));
        assertEquals("True\n15\n847\n", out("$v = 'Version 15.0 (Build 847.32)'; $v -match 'Version (\\d+)\\.\\d+ "
                + "\\(Build (?<build>\\d+)'; $Matches[1]; $Matches['build']"));
        assertEquals("False\nTrue\n", out("'abc' -cmatch 'B'; 'abc' -notmatch 'x'"));
    }

    @Test
    void replaceSplitJoinFormat() {
        assertEquals("Ssl,Ssl128\n", out("'Ssl, Ssl128' -replace '\\s',''"));
        assertEquals("b-a\n", out("'a-b' -replace '(\\w)-(\\w)','$2-$1'"));
        assertEquals("3\n", out("('a b  c' -split '\\s+').Count"));
        assertEquals("a;b\nab\n", out("@('a','b') -join ';'; -join ('a','b')"));
        assertEquals("[  7|x   ] 007 3.14\n", out("'[{0,3}|{1,-4}] {2:D3} {3:F2}' -f 7,'x',7,3.14159"));
    }

    @Test
    void malformedFormatItemsAreCatchableFormatErrors() {
        assertEquals("FormatError|{0,x}|Error formatting a string: Input string was not in a correct format..\n",
                out("try { '{0,x}' -f 1 } catch { \"$($_.FullyQualifiedErrorId)|$($_.TargetObject)|$_\" }"));
        assertEquals("Error formatting a string: Index (zero based) must be greater than or equal to zero and less "
                + "than the size of the argument list..\n", out("try { '{1}' -f 1 } catch { \"$_\" }"));
        assertEquals("FormatException|Exception calling \"Format\" with \"2\" argument(s): \"Input string was not in "
                + "a correct format.\"\n", out("try { [string]::Format('{ 0}', 1) } catch { "
                + "\"$($_.FullyQualifiedErrorId)|$_\" }"));
    }

    @Test
    void numericFormatsFollowDotNet() {
        assertEquals("5.00|12-35|1,234,567.89|12.34%|(5)|zero|abc|1,235|1.23E-4|#5\n", out("'{0:0.0.0}|{1:00-00}|"
                + "{2:#,##0.##}|{3:0.00%}|{4:0;(0);zero}|{5:0;(0);zero}|{6:abc}|{7:#,##0,,}|{8:0.###E0}|{9:\\#0}' -f "
                + "5,1234.5,1234567.891,0.1234,-5,0,7,1234567890,0.000123,5"));
        assertEquals("1,234.50|12.3 %|1.23E+003|1.23E+03|3|0.13|ff\n", out("'{0:N2}|{1:P1}|{2:E2}|{3:G3}|{4:F0}|"
                + "{5:F2}|{6:x}' -f 1234.5,0.12345,1234.5,1234.5,2.5,0.125,255"));
        assertEquals("FormatException|Exception calling \"ToString\" with \"1\" argument(s): \"Format specifier was "
                + "invalid.\"\nFormat specifier was invalid.\n", out("try { (5).ToString('Q') } catch { "
                + "\"$($_.FullyQualifiedErrorId)|$_\" }; try { '{0:D}' -f 5.5 } catch { $_.Exception.Message "
                + "-replace '.*: ', '' -replace '\\.\\.$', '.' }"));
    }

    @Test
    void arithmeticFollowsTheLeftOperand() {
        assertEquals("3\n12\naaa\n4\n2.5\n2\n", out("1 + 2; '1' + 2; 'a' * 3; 2 + '2'; 5 / 2; 4 / 2"));
        assertEquals("1\n2\n3\n", out("@(1,2) + 3"));
        assertEquals("2147483648\n", out("[int]::MaxValue + 1"));
        NativeCommand.Result r = run("1 / 0");
        assertThat(errors(r)).contains("Attempted to divide by zero.");
        r = run("5 + 'abc'");
        assertThat(errors(r)).contains("Cannot convert value \"abc\" to type \"System.Int32\"");
    }

    @Test
    void logicalOperators() {
        assertEquals("True\nFalse\nTrue\nFalse\nTrue\n", out("$true -and 1; $false -or ''; -not $null; !1; "
                + "$true -xor $false"));
        assertEquals("False\nTrue\n", out("[bool]@(); [bool]@(0,0)"));
    }

    @Test
    void assignmentOperators() {
        assertEquals("5\n3\n7\n6\nab\n", out("$i = 4; $i++; $i; $i -= 2; $i; $i += 4; $i; --$i; $i; $s = 'a'; "
                + "$s += 'b'; $s"));
        assertEquals("1\n2\n3\n", out("$a, $b, $c = 1, 2, 3; $a; $b; $c"));
    }

    @Test
    void castsAndTypeOperators() {
        assertEquals("42\nTrue\nTrue\nFalse\n12\n", out("[int]'42'; '5' -is [string]; 5 -is [int]; "
                + "5 -isnot [int]; 'x' -as [int]; ([string]12).Length * 6"));
        assertEquals("True\n1\n", out("$x = [ordered]@{b=1}; $x -is [System.Collections.Specialized.OrderedDictionary];"
                + " ([array]'x').Count"));
        NativeCommand.Result r = run("[Foo.Bar]'x'");
        assertThat(errors(r)).contains("Unable to find type [Foo.Bar].");
        assertThat(errors(r)).contains("FullyQualifiedErrorId : TypeNotFound");
        r = run("[int]'abc'");
        assertThat(errors(r))
                .contains("Cannot convert value \"abc\" to type \"System.Int32\". Error: \"Input string was "
                        + "not in a correct format.\"");
    }

    @Test
    void rangesAndIndexing() {
        assertEquals("3\n1\n3\n2\n3\n", out("$a = 1..3; $a[-1]; $a[0]; $a.Count; $a[1..2]"));
        assertEquals("c\n", out("'abc'[2]"));
        assertEquals("\n", out("$a = @(1); \"$($a[5])\""));
    }

    @Test
    void voidAndNullDiscardOutput() {
        assertEquals("end\n", out("[void](1+1); $null = 'x'; 'y' > $null; 'z' | Out-Null; 'end'"));
    }
}
