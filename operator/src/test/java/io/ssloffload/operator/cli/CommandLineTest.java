package io.ssloffload.operator.cli;

import io.ssloffload.operator.cli.logging.Logging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's command line as picocli reads it: commands, the default command, help, exit codes. */
class CommandLineTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path temp;

    /** What one invocation printed and returned. */
    private record Outcome(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Outcome execute(Map<String, String> environment, String... args) {
        CommandLine commandLine = OperatorMain.commandLine();
        ((ApplyCommand) commandLine.getSubcommands().get("apply").getCommand()).environment = environment;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(OperatorMain.withDefaultCommand(args));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome execute(String... args) {
        return execute(Map.of(), args);
    }

    @Test
    void helpExitsZeroAndNamesTheCommands() {
        Outcome help = execute("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("run") && help.out().contains("apply"), help.out());

        Outcome applyHelp = execute("apply", "--help");
        assertEquals(0, applyHelp.exitCode());
        for (String expected : new String[] {"--filename", "--wait", "--simulate", "--timeout", "--credentials-file",
                "SSLO_USERNAME", "3   stopped short"}) {
            assertTrue(applyHelp.out().contains(expected), () -> "apply --help lacks " + expected + ":\n" + applyHelp.out());
        }
        assertEquals(0, execute("run", "--help").exitCode());
        assertEquals(0, execute("help", "apply").exitCode());
    }

    @Test
    void flagsWithoutACommandAreRunsSoTheHelmChartsArgumentsKeepWorking() {
        assertArrayEquals(new String[] {"run"}, OperatorMain.withDefaultCommand(new String[0]));
        assertArrayEquals(new String[] {"run", "--drift-interval", "5m"},
                OperatorMain.withDefaultCommand(new String[] {"--drift-interval", "5m"}));
        assertArrayEquals(new String[] {"--help"}, OperatorMain.withDefaultCommand(new String[] {"--help"}));
        assertArrayEquals(new String[] {"apply", "-f", "x"}, OperatorMain.withDefaultCommand(new String[] {"apply", "-f", "x"}));

        CommandLine commandLine = OperatorMain.commandLine();
        CommandLine.ParseResult parsed = commandLine.parseArgs(OperatorMain.withDefaultCommand(
                new String[] {"--drift-interval", "10m", "--watch-namespaces", "exchange", "--log-level", "debug"}));
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        OperatorOptions options = run.options("ops");
        assertEquals(Duration.ofMinutes(10), options.driftInterval());
        assertEquals(Logging.Level.debug, options.logLevel());
        assertEquals("ops", options.leaderElectionNamespace());
    }

    @Test
    void usageErrorsExitTwoWithTheProblem() {
        Outcome unknown = execute("--bogus");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("--bogus"), unknown.err());

        Outcome noFile = execute("apply");
        assertEquals(2, noFile.exitCode());
        assertTrue(noFile.err().contains("--filename"), noFile.err());

        assertEquals(2, execute("apply", "-f", "x.yaml", "--timeout", "soon").exitCode());
        assertEquals(2, execute("apply", "-f", "x.yaml", "--password", "secret").exitCode(), "no flag takes a password");
        assertEquals(2, execute("frobnicate").exitCode());

        Outcome loud = execute("apply", "-f", "x.yaml", "--log-level", "loud");
        assertEquals(2, loud.exitCode());
        assertTrue(loud.err().contains("[trace, debug, info, warn, error]"), "names the levels: " + loud.err());
        Outcome xml = execute("apply", "-f", "x.yaml", "--log-format", "xml");
        assertEquals(2, xml.exitCode());
        assertTrue(xml.err().contains("[text, json]"), "names the formats: " + xml.err());
    }

    @Test
    void aMissingOrMalformedFileIsAnErrorThatChangesNothing() throws IOException {
        Outcome missing = execute("apply", "-f", temp.resolve("nope.yaml").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Path broken = Files.writeString(temp.resolve("broken.yaml"), "apiVersion: v1\nkind: [unclosed\n");
        Outcome notYaml = execute("apply", "-f", broken.toString());
        assertEquals(1, notYaml.exitCode());
        assertTrue(notYaml.err().contains("not YAML"), notYaml.err());

        Path namespaceOnly = Files.writeString(temp.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n");
        Outcome nothing = execute("apply", "-f", namespaceOnly.toString());
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.err().contains("holds no ExchangeSslOffload"), nothing.err());
    }

    @Test
    void theExamplesThatTheSchemaRefusesAreRefusedHereToo() throws IOException {
        try (var files = Files.list(EXAMPLES.resolve("invalid"))) {
            for (Path invalid : files.toList()) {
                Outcome outcome = execute("apply", "-f", invalid.toString());
                assertEquals(1, outcome.exitCode(), () -> invalid + ":\n" + outcome.all());
                assertTrue(outcome.err().contains("nothing was changed") || outcome.err().startsWith("error: "),
                        () -> invalid + ":\n" + outcome.all());
                assertTrue(outcome.out().isEmpty(), () -> invalid + " must not start work:\n" + outcome.all());
            }
        }
    }

    @Test
    void credentialsMustBeCompleteAndPresent() throws IOException {
        Outcome half = execute(Map.of("SSLO_PASSWORD", "hunter2"), "apply", "-f", EXAMPLES.resolve("simulator.yaml").toString());
        assertEquals(1, half.exitCode());
        assertTrue(half.err().contains("SSLO_PASSWORD is set but SSLO_USERNAME is not"), half.err());
        assertFalse(half.all().contains("hunter2"));

        String withoutSecret = Files.readString(EXAMPLES.resolve("contoso.yaml"))
                .replaceAll("(?s)---\\n# The account.*?password: change-me\\n", "");
        Path resourceOnly = Files.writeString(temp.resolve("contoso.yaml"), withoutSecret);
        Outcome none = execute("apply", "-f", resourceOnly.toString());
        assertEquals(1, none.exitCode(), none.all());
        assertTrue(none.err().contains("no credentials") && none.err().contains("SSLO_USERNAME"), none.err());
        assertTrue(none.err().contains("nothing was changed"), none.err());
    }
}
