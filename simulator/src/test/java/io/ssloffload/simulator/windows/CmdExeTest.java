package io.ssloffload.simulator.windows;

import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmdExeTest {

    private final List<List<String>> powershellStarts = new ArrayList<>();
    private final List<Map<String, String>> powershellEnvironments = new ArrayList<>();
    private final CmdExe cmd = new CmdExe(new TestWindowsHost(), (arguments, environment, host) -> {
        powershellStarts.add(arguments);
        powershellEnvironments.add(environment);
        return new NativeCommand.Result("ps ran\r\n", "", 3);
    });
    private final Map<String, String> env = env();

    private static Map<String, String> env() {
        Map<String, String> env = WindowsEnvironment.defaultsFor("TESTCAS01", "operator");
        env.put("GREETING", "hello world");
        return env;
    }

    private NativeCommand.Result run(String line) {
        return cmd.run(line, env, "C:\\Users\\operator");
    }

    @Test
    void runsAHostProgramWithCRuntimeArgumentSplitting() {
        NativeCommand.Result result = run("testprog args a \"b c\" d\\\"e \"f\"\"g\" h\\\\\"i j\"");
        assertEquals("[a]\n[b c]\n[d\"e]\n[f\"g]\n[h\\i j]\n", result.stdout());
        assertEquals(0, result.exitCode());
    }

    @Test
    void unknownProgramIsNotRecognizedWithExitCode9009() {
        NativeCommand.Result result = run("nosuchprog /x");
        assertEquals("'nosuchprog' is not recognized as an internal or external command,\r\n"
                + "operable program or batch file.\r\n", result.stderr());
        assertEquals(9009, result.exitCode());
    }

    @Test
    void commandLineOver8191CharactersIsTooLong() {
        String atLimit = "echo " + "a".repeat(CmdExe.MAX_COMMAND_LINE_LENGTH - 5);
        assertEquals(0, run(atLimit).exitCode());
        NativeCommand.Result tooLong = run(atLimit + "a");
        assertEquals("The command line is too long.\r\n", tooLong.stderr());
        assertEquals(1, tooLong.exitCode());
        assertEquals("", tooLong.stdout());
    }

    @Test
    void expansionBeyondTheLimitIsTooLong() {
        env.put("LONG", "y".repeat(5000));
        NativeCommand.Result result = run("echo %LONG%%LONG%");
        assertEquals("The command line is too long.\r\n", result.stderr());
    }

    @Test
    void percentVariablesExpandCaseInsensitivelyAndUndefinedOnesStay() {
        assertEquals("hello world operator %NOPE% C:\\Windows\r\n", run("echo %greeting% %USERNAME% %NOPE% %SystemRoot%").stdout());
        assertEquals("%NOPEC:\\Windows\r\n", run("echo %NOPE%SYSTEMROOT%").stdout());
        assertEquals("[hello world]\n", run("testprog args \"%GREETING%\"").stdout());
    }

    @Test
    void percentModifiers() {
        assertEquals("hello\r\n", run("echo %GREETING:~0,5%").stdout());
        assertEquals("world\r\n", run("echo %GREETING:~-5%").stdout());
        assertEquals("hello there\r\n", run("echo %GREETING:world=there%").stdout());
    }

    @Test
    void powershellIsStartedWithItsArgumentsAndTheEnvironment() {
        NativeCommand.Result result = run("powershell -encodedcommand ZQBjAGgAbwAgADEA");
        assertEquals(List.of("-encodedcommand", "ZQBjAGgAbwAgADEA"), powershellStarts.get(0));
        assertEquals("hello world", powershellEnvironments.get(0).get("greeting"));
        assertEquals(3, result.exitCode());

        run("PowerShell.exe -NoProfile -Command \"Get-Date\"");
        assertEquals(List.of("-NoProfile", "-Command", "Get-Date"), powershellStarts.get(1));
        run("%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NonInteractive");
        assertEquals(List.of("-NonInteractive"), powershellStarts.get(2));
    }

    @Test
    void quotedProgramPathWithSpacesKeepsItsQuotes() {
        NativeCommand.Result result = run("\"" + TestWindowsHost.PROGRAM_FILES_PATH + "\" args x");
        assertEquals("[x]\n", result.stdout());
    }

    @Test
    void slashCRemovesFirstAndLastQuoteWhenMoreThanTwo() {
        // cmd /c "C:\Program Files\Test\testprog.exe" args "x" becomes C:\Program Files\Test\testprog.exe" args "x
        NativeCommand.Result result = run("\"" + TestWindowsHost.PROGRAM_FILES_PATH + "\" args \"x\"");
        assertEquals("'C:\\Program' is not recognized as an internal or external command,\r\n"
                + "operable program or batch file.\r\n", result.stderr());
    }

    @Test
    void operatorsAreRefusedNotSplit() {
        for (String line : List.of("testprog print a & testprog print b", "echo a && echo b", "echo a | more",
                "echo a || echo b", "echo a > c:\\x.txt", "testprog print a 2>&1")) {
            NativeCommand.Result result = run(line);
            assertEquals(1, result.exitCode(), line);
            assertEquals("", result.stdout(), line);
            assertTrue(result.stderr().startsWith("The simulator's cmd.exe does not support the '"), line);
        }
    }

    @Test
    void operatorsInsideQuotesOrEscapedWithCaretsAreText() {
        assertEquals("a & b\r\n", run("echo a ^& b").stdout());
        assertEquals("\"a & b | c\"\r\n", run("echo \"a & b | c\"").stdout());
        assertEquals("[x&y]\n", run("testprog args \"x&y\"").stdout());
    }

    @Test
    void echoBuiltin() {
        assertEquals("ECHO is on.\r\n", run("echo").stdout());
        assertEquals("  two spaces\r\n", run("echo   two spaces").stdout());
        assertEquals("hi\r\n", run("@echo hi").stdout());
    }

    @Test
    void setBuiltinListsByPrefix() {
        assertEquals("GREETING=hello world\r\n", run("set GREET").stdout());
        NativeCommand.Result missing = run("set NOPE");
        assertEquals("Environment variable NOPE not defined\r\n", missing.stderr());
        assertEquals(1, missing.exitCode());
        assertThat(run("set").stdout()).contains("USERNAME=operator\r\n");
    }

    @Test
    void cdPrintsTheWorkingDirectory() {
        assertEquals("C:\\Users\\operator\r\n", run("cd").stdout());
    }

    @Test
    void exitBuiltin() {
        assertEquals(7, run("exit /b 7").exitCode());
        assertEquals(4, run("exit 4").exitCode());
        assertEquals(0, run("exit").exitCode());
    }

    @Test
    void setInTheCommandDoesNotChangeTheCallersEnvironment() {
        run("testprog print x");
        assertEquals("hello world", env.get("GREETING"));
    }
}
