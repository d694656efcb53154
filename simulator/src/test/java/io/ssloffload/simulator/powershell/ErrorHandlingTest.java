package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorHandlingTest extends PsTestSupport {

    @Test
    void tryCatchFinallyExposesTheErrorRecord() {
        assertEquals("boom|boom|boom\nfinally\n", out("try { throw 'boom' } catch { \"$_|$($_.Exception.Message)|"
                + "$($_.FullyQualifiedErrorId)\" } finally { 'finally' }"));
        assertEquals("CommandNotFoundException\n", out("try { Get-Nothing } catch { $_.FullyQualifiedErrorId }"));
    }

    @Test
    void typedCatchPicksTheMatchingClause() {
        assertEquals("not found\n", out("try { Get-Nothing } catch [System.Management.Automation.ParameterBindingException]"
                + " { 'binding' } catch [System.Management.Automation.CommandNotFoundException] { 'not found' } "
                + "catch { 'other' }"));
        assertEquals("runtime\n", out("try { throw 'x' } catch [System.Management.Automation.RuntimeException] "
                + "{ 'runtime' }"));
    }

    @Test
    void nonTerminatingErrorsAreNotCaughtWithoutStop() {
        NativeCommand.Result r = run("try { Set-Widget -Identity missing; 'continued' } catch { 'caught' }");
        assertEquals("continued\r\n", r.stdout());
        assertThat(errors(r)).contains("The widget 'missing' was not found.");
        assertThat(errors(r))
                .contains("ObjectNotFound: (missing:String) [Set-Widget], ManagementObjectNotFoundException");
    }

    @Test
    void errorActionStopMakesNonTerminatingErrorsTerminating() {
        assertEquals("caught WidgetNotFound,Set-Widget\n",
                out("try { Set-Widget -Identity missing -ErrorAction Stop; 'no' } catch { \"caught $($_.FullyQualifiedErrorId)\" }"));
        assertEquals("caught\n", out("$ErrorActionPreference = 'Stop'\ntry { Set-Widget -Identity missing; 'no' } "
                + "catch { 'caught' }"));
        NativeCommand.Result r = run("Set-Widget -Identity missing -ErrorAction Stop\n'after'");
        assertEquals(1, r.exitCode());
        assertEquals("", r.stdout(), "an uncaught -ErrorAction Stop error ends the script");
    }

    @Test
    void silentlyContinueHidesButRecordsTheError() {
        NativeCommand.Result r = run("Set-Widget -Identity missing -ErrorAction SilentlyContinue\n$?\n$Error.Count\n"
                + "$Error[0].Exception.Message");
        assertEquals("", r.stderr());
        assertEquals("False\r\n1\r\nThe widget 'missing' was not found.\r\n", r.stdout());
        assertEquals(0, r.exitCode(), "the last statement succeeded");
    }

    @Test
    void errorVariableCollectsErrors() {
        assertEquals("1\nThe widget 'missing' was not found.\n", out("Set-Widget -Identity missing -ErrorAction "
                + "SilentlyContinue -ErrorVariable ev; $ev.Count; $ev[0].Exception.Message"));
    }

    @Test
    void statementTerminatingErrorsEndOnlyTheStatement() {
        NativeCommand.Result r = run("Stop-Widget w; 'next'");
        assertEquals("next\r\n", r.stdout());
        assertEquals(0, r.exitCode());
        assertThat(errors(r)).contains("Stop-Widget : Widget cannot stop.");
        r = run("Get-Nothing; 'next'");
        assertEquals("next\r\n", r.stdout());
    }

    @Test
    void throwEndsTheScript() {
        NativeCommand.Result r = run("'before'; throw 'fatal'; 'after'");
        assertEquals("before\r\n", r.stdout());
        assertEquals(1, r.exitCode());
        assertEquals("fatal\nAt line:1 char:11\n+ 'before'; throw 'fatal'; 'after'\n+           ~~~~~~~~~~~~~\n"
                + "    + CategoryInfo          : OperationStopped: (fatal:String) [], RuntimeException\n"
                + "    + FullyQualifiedErrorId : fatal\n \n", errors(r));
    }

    @Test
    void finallyRunsOnExit() {
        NativeCommand.Result r = run("try { exit 3 } finally { 'cleanup' }");
        assertEquals(3, r.exitCode());
        assertEquals("cleanup\r\n", r.stdout());
    }

    @Test
    void exitCodes() {
        assertEquals(0, run("'ok'").exitCode());
        assertEquals(5, run("exit 5").exitCode());
        assertEquals(1, run("Set-Widget -Identity missing").exitCode(), "last statement failed");
        assertEquals(0, run("Set-Widget -Identity missing; 'fine'").exitCode());
        assertEquals(1, run("Get-Nothing").exitCode());
        assertEquals(1, run("'unterminated").exitCode());
    }

    @Test
    void dollarQuestionReflectsTheLastCommand() {
        assertEquals("False\nTrue\n", out("Set-Widget -Identity missing 2>$null; $?; Set-Widget -Identity ok; $?"));
    }

    @Test
    void errorsRedirectedIntoOutput() {
        assertEquals("ErrorRecord: The widget 'missing' was not found.\n", out("$r = Set-Widget -Identity missing 2>&1; "
                + "\"ErrorRecord: $r\""));
    }

    @Test
    void writeErrorIsNonTerminating() {
        NativeCommand.Result r = run("Write-Error 'bad thing'; 'after'");
        assertEquals("after\r\n", r.stdout());
        assertThat(errors(r)).contains("bad thing");
        assertThat(errors(r)).contains("FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException");
    }

    @Test
    void parseErrorsRunNothing() {
        NativeCommand.Result r = run("Get-Widget a\nif ($x) {\n 'x'");
        assertTrue(host.calls.isEmpty());
        assertEquals("", r.stdout());
        assertEquals(1, r.exitCode());
        assertEquals("At line:2 char:9\n+ if ($x) {\n+         ~\nMissing closing '}' in statement block or type "
                + "definition.\n    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n"
                + "    + FullyQualifiedErrorId : MissingEndCurlyBrace\n \n", errors(r));
    }

    @Test
    void otherParseErrors() {
        assertThat(errors(run("$x = 5 6"))).contains("FullyQualifiedErrorId : UnexpectedToken");
        assertThat(errors(run("'abc"))).contains("TerminatorExpectedAtEndOfString");
        assertThat(errors(run("(1 + 2"))).contains("MissingEndParenthesisInExpression");
        assertThat(errors(run("try { 1 }"))).contains("MissingCatchOrFinally");
        assertThat(errors(run("1 + "))).contains("ExpectedValueExpression");
        assertThat(errors(run("1 +\n 2"))).doesNotContain("Parser");
    }
    /** The script's catch block sees $_ as "FullyQualifiedErrorId|message". */
    private String caught(String statement) {
        return out("try { " + statement + " } catch { \"$($_.FullyQualifiedErrorId)|$_\" }");
    }

    @Test
    void indexAssignmentOutOfRangeIsTheIndexersException() {
        assertEquals("System.ArgumentOutOfRangeException|Index was out of range. Must be non-negative and less than "
                + "the size of the collection.\nParameter name: index\n",
                caught("$l = New-Object System.Collections.ArrayList; $l[3] = 1"));
        assertEquals("argument\n", out("$l = New-Object System.Collections.ArrayList; try { $l[-1] = 1 } "
                + "catch [System.ArgumentException] { 'argument' }"));
        assertEquals("array\n", out("$a = 1,2; try { $a[5] = 1 } catch [System.IndexOutOfRangeException] { 'array' }"));
        NativeCommand.Result r = run("$a = 1,2; $a[2] = 1; 'next'");
        assertThat(errors(r))
                .contains("OperationStopped: (:) [], IndexOutOfRangeException\n"
                        + "    + FullyQualifiedErrorId : System.IndexOutOfRangeException");
        assertEquals("next\r\n", r.stdout());
    }

    @Test
    void arrayListRemoveAtAndInsertOutOfRangeAreMethodExceptions() {
        assertEquals("ArgumentOutOfRangeException|Exception calling \"RemoveAt\" with \"1\" argument(s): \"Index was "
                + "out of range. Must be non-negative and less than the size of the collection.\nParameter name: "
                + "index\"\n", caught("$l = New-Object System.Collections.ArrayList; $l.RemoveAt(0)"));
        assertEquals("ArgumentOutOfRangeException|Exception calling \"Insert\" with \"2\" argument(s): \"Insertion "
                + "index was out of range. Must be non-negative and less than or equal to size.\nParameter name: "
                + "index\"\n", caught("$l = New-Object System.Collections.ArrayList; $l.Insert(2, 'x')"));
        assertEquals("a\nx\n", out("$l = New-Object System.Collections.ArrayList; $l.Insert(0, 'x'); "
                + "$l.Insert(0, 'a'); $l"));
    }

    @Test
    void convertToInt32FromABaseFailsAsDotNet() {
        assertEquals("FormatException|Exception calling \"ToInt32\" with \"2\" argument(s): \"Could not find any "
                + "recognizable digits.\"\n", caught("[Convert]::ToInt32('zz', 16)"));
        assertEquals("FormatException|Exception calling \"ToInt32\" with \"2\" argument(s): \"Additional "
                + "non-parsable characters are at the end of the string.\"\n", caught("[Convert]::ToInt32('1g', 16)"));
        assertEquals("ArgumentException|Exception calling \"ToInt32\" with \"2\" argument(s): \"Invalid Base.\"\n",
                caught("[Convert]::ToInt32('1', 3)"));
        assertEquals("FormatException|Exception calling \"ToInt32\" with \"1\" argument(s): \"Input string was not "
                + "in a correct format.\"\n", caught("[Convert]::ToInt32('zz')"));
        assertEquals("-1\n31\n42\n2\n", out("[Convert]::ToInt32('FFFFFFFF', 16); [Convert]::ToInt32('0x1f', 16); "
                + "[Convert]::ToInt32(' 42 '); [Convert]::ToInt32(2.5)"));
    }

    @Test
    void methodCallsWithTheWrongArgumentCountFindNoOverload() {
        for (String call : new String[]{"'abc'.Substring()", "'abc'.IndexOf()", "'abc'.PadLeft()",
                "'abc'.StartsWith()", "[Environment]::GetEnvironmentVariable()", "[Math]::Floor()",
                "(Get-Date).ToUniversalTime(1)"}) {
            String name = call.replaceAll(".*[.:]([A-Za-z]+)\\(.*", "$1");
            int count = call.endsWith("(1)") ? 1 : 0;
            assertEquals("MethodCountCouldNotFindBest|Cannot find an overload for \"" + name + "\" and the argument "
                    + "count: \"" + count + "\".\n", caught(call), call);
        }
    }

    @Test
    void stringMethodsOutOfRangeThrowTheirArgumentOutOfRangeException() {
        assertEquals("ArgumentOutOfRangeException|Exception calling \"Insert\" with \"2\" argument(s): \"Specified "
                + "argument was out of the range of valid values.\nParameter name: startIndex\"\n",
                caught("'abc'.Insert(4, 'x')"));
        assertEquals("ArgumentOutOfRangeException|Exception calling \"Remove\" with \"1\" argument(s): \"startIndex "
                + "must be less than length of string.\nParameter name: startIndex\"\n", caught("'abc'.Remove(3)"));
        assertEquals("ArgumentOutOfRangeException|Exception calling \"Substring\" with \"1\" argument(s): "
                + "\"StartIndex cannot be less than zero.\nParameter name: startIndex\"\n", caught("'abc'.Substring(-1)"));
        assertEquals("MethodArgumentConversionInvalidCastArgument|Cannot convert argument \"paddingChar\", with value: "
                + "\"ab\", for \"PadLeft\" to type \"System.Char\": \"Cannot convert value \"ab\" to type \"System.Char\". "
                + "Error: \"String must be exactly one character long.\"\"\n", caught("'abc'.PadLeft(5, 'ab')"));
        assertEquals("**abc\nb\nac\n", out("'abc'.PadLeft(5, '*'); 'xabx'.Trim('x', 'a'); 'abc'.Remove(1, 1)"));
    }

    @Test
    void selectObjectCountsMustNotBeNegative() {
        for (String parameter : new String[]{"First", "Last", "Skip"}) {
            assertEquals("ParameterArgumentValidationError,Microsoft.PowerShell.Commands.SelectObjectCommand|Cannot "
                    + "validate argument on parameter '" + parameter + "'. The -1 argument is less than the minimum "
                    + "allowed range of 0. Supply an argument that is greater than or equal to 0 and then try the "
                    + "command again.\n", caught("1, 2 | Select-Object -" + parameter + " -1"));
        }
        assertEquals("2\n", out("1, 2, 3 | Select-Object -Skip 1 -First 1"));
    }
}
