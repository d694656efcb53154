package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertTrue(errors(r).contains("The widget 'missing' was not found."));
        assertTrue(errors(r).contains("ObjectNotFound: (missing:String) [Set-Widget], ManagementObjectNotFoundException"),
                errors(r));
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
        assertTrue(errors(r).contains("Stop-Widget : Widget cannot stop."), errors(r));
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
        assertTrue(errors(r).contains("bad thing"));
        assertTrue(errors(r).contains("FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException"));
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
        assertTrue(errors(run("$x = 5 6")).contains("FullyQualifiedErrorId : UnexpectedToken"));
        assertTrue(errors(run("'abc")).contains("TerminatorExpectedAtEndOfString"));
        assertTrue(errors(run("(1 + 2")).contains("MissingEndParenthesisInExpression"));
        assertTrue(errors(run("try { 1 }")).contains("MissingCatchOrFinally"));
        assertTrue(errors(run("1 + ")).contains("ExpectedValueExpression"));
        assertFalse(errors(run("1 +\n 2")).contains("Parser"));
    }
}
