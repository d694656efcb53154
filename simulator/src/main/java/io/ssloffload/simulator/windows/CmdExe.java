package io.ssloffload.simulator.windows;

import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.NativeCommandSearch;
import io.ssloffload.simulator.powershell.PowerShellProcess;
import io.ssloffload.simulator.powershell.PsHost;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cmd.exe /c <command line>} as WinRS starts it for every Command (WINRS_SKIP_CMD_SHELL is
 * FALSE): the 8191-character limit, the {@code /c} quote rule, {@code %VAR%} expansion, carets,
 * then one of a few internal commands ({@link CmdBuiltins}), {@code powershell.exe}, a program the
 * host has, or "is not recognized" (exit 9009). The operators {@code & && | || < >} are refused
 * with a message on stderr and exit code 1: a simulator that ran only part of such a line would
 * hide the caller's mistake.
 */
public final class CmdExe {

    /** cmd.exe's limit on one command line, after and before %VAR% expansion. */
    public static final int MAX_COMMAND_LINE_LENGTH = 8191;
    public static final int NOT_RECOGNIZED_EXIT_CODE = 9009;
    public static final String POWERSHELL_PATH = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

    private static final String TOO_LONG = "The command line is too long.\r\n";

    /** Starts powershell.exe; {@link PowerShellProcess#run} in production. */
    @FunctionalInterface
    public interface PowerShellLauncher {
        NativeCommand.Result launch(List<String> arguments, Map<String, String> environment, PsHost host);
    }

    private final PsHost host;
    private final PowerShellLauncher powershell;

    public CmdExe(PsHost host, PowerShellLauncher powershell) {
        this.host = host;
        this.powershell = powershell;
    }

    /**
     * Runs one command line. {@code environment} is this process's copy of the shell's
     * environment; {@code workingDirectory} its current directory.
     */
    public NativeCommand.Result run(String commandLine, Map<String, String> environment, String workingDirectory) {
        if (commandLine.length() > MAX_COMMAND_LINE_LENGTH) {
            return new NativeCommand.Result("", TOO_LONG, 1);
        }
        Map<String, String> processEnvironment = WindowsEnvironment.copyOf(environment);
        String expanded = PercentExpansion.expand(stripSlashCQuotes(commandLine, processEnvironment), processEnvironment);
        if (expanded.length() > MAX_COMMAND_LINE_LENGTH) {
            return new NativeCommand.Result("", TOO_LONG, 1);
        }
        String line;
        try {
            line = CaretAndOperators.unescape(expanded);
        } catch (CaretAndOperators.UnsupportedOperatorException e) {
            return new NativeCommand.Result("",
                    "The simulator's cmd.exe does not support the '" + e.operator() + "' operator: run one command per Command.\r\n", 1);
        }
        return dispatch(line, processEnvironment, workingDirectory);
    }

    private NativeCommand.Result dispatch(String line, Map<String, String> environment, String workingDirectory) {
        String trimmed = stripLeading(line);
        if (trimmed.isEmpty()) {
            return new NativeCommand.Result("", "", 0);
        }
        String typedName;
        String name;
        String rest;
        if (trimmed.charAt(0) == '"') {
            int close = trimmed.indexOf('"', 1);
            int end = close < 0 ? trimmed.length() : close + 1;
            typedName = trimmed.substring(0, end);
            name = trimmed.substring(1, close < 0 ? trimmed.length() : close);
            rest = trimmed.substring(end);
        } else {
            int end = firstWhitespace(trimmed);
            typedName = trimmed.substring(0, end);
            name = typedName;
            rest = trimmed.substring(end);
            Optional<NativeCommand.Result> builtin = CmdBuiltins.run(name, rest, environment, workingDirectory);
            if (builtin.isPresent()) {
                return builtin.get();
            }
        }
        List<String> arguments = WindowsArgv.split(rest);
        if (isPowerShell(name)) {
            return powershell.launch(arguments, environment, host);
        }
        Optional<NativeCommand> program = NativeCommandSearch.find(host, name, environment);
        if (program.isPresent()) {
            return program.get().run(arguments, environment);
        }
        return new NativeCommand.Result("", "'" + typedName + "' is not recognized as an internal or external command,\r\n"
                + "operable program or batch file.\r\n", NOT_RECOGNIZED_EXIT_CODE);
    }

    /**
     * cmd /c keeps a leading quote only when the line has exactly two quotes around a name with
     * whitespace in it and nothing special in between, and that name is a program; otherwise it
     * removes the first and the last quote of the line, the well-known surprise with
     * {@code "C:\Program Files\x.exe" "arg"}.
     */
    private String stripSlashCQuotes(String commandLine, Map<String, String> environment) {
        if (!commandLine.startsWith("\"")) {
            return commandLine;
        }
        int last = commandLine.lastIndexOf('"');
        if (last == 0) {
            return commandLine.substring(1);
        }
        String between = commandLine.substring(1, last);
        boolean exactlyTwo = between.indexOf('"') < 0;
        boolean plain = between.chars().noneMatch(c -> "&<>()@^|".indexOf(c) >= 0);
        boolean hasWhitespace = between.chars().anyMatch(Character::isWhitespace);
        if (exactlyTwo && plain && hasWhitespace && (isPowerShell(between) || NativeCommandSearch.find(host, between, environment).isPresent())) {
            return commandLine;
        }
        return commandLine.substring(1, last) + commandLine.substring(last + 1);
    }

    private static boolean isPowerShell(String name) {
        return name.equalsIgnoreCase("powershell") || name.equalsIgnoreCase("powershell.exe")
                || name.equalsIgnoreCase(POWERSHELL_PATH);
    }

    /** cmd ignores leading blanks and '@' (echo suppression, meaningless under /c). */
    private static String stripLeading(String line) {
        int i = 0;
        while (i < line.length() && (Character.isWhitespace(line.charAt(i)) || line.charAt(i) == '@')) {
            i++;
        }
        return line.substring(i);
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }
}
