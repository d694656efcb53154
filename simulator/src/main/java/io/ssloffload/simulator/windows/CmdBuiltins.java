package io.ssloffload.simulator.windows;

import io.ssloffload.simulator.powershell.NativeCommand;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The few cmd.exe internal commands the simulator has: {@code echo}, {@code set},
 * {@code cd}/{@code chdir} (without arguments: print the current directory) and {@code exit}.
 * Each command line runs in a fresh {@code cmd /c}, so {@code set NAME=value} and {@code cd path}
 * could only matter to a following command on the same line, which this simulator does not
 * support; they are refused rather than ignored.
 */
final class CmdBuiltins {

    private CmdBuiltins() {
    }

    /** Empty when {@code name} is not one of the internal commands above. */
    static Optional<NativeCommand.Result> run(String name, String rest, Map<String, String> environment,
                                              String workingDirectory) {
        String argument = rest.strip();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "echo" -> Optional.of(echo(rest));
            case "set" -> Optional.of(set(argument, environment));
            case "cd", "chdir" -> Optional.of(argument.isEmpty()
                    ? ok(workingDirectory + "\r\n")
                    : unsupported("cd with a path"));
            case "exit" -> Optional.of(exit(argument));
            default -> Optional.empty();
        };
    }

    private static NativeCommand.Result echo(String rest) {
        // cmd drops the one delimiter after "echo" and keeps everything else, trailing blanks included
        String text = rest.isEmpty() ? "" : rest.substring(1);
        if (text.isBlank()) {
            return ok("ECHO is on.\r\n");
        }
        return ok(text + "\r\n");
    }

    private static NativeCommand.Result set(String argument, Map<String, String> environment) {
        if (argument.contains("=")) {
            return unsupported("set NAME=value");
        }
        StringBuilder out = new StringBuilder();
        String prefix = argument.toLowerCase(Locale.ROOT);
        environment.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                out.append(name).append('=').append(value).append("\r\n");
            }
        });
        if (out.length() == 0) {
            return new NativeCommand.Result("", "Environment variable " + argument + " not defined\r\n", 1);
        }
        return ok(out.toString());
    }

    /** {@code exit [/b] [code]}: a missing or non-numeric code is 0, as in cmd.exe. */
    private static NativeCommand.Result exit(String argument) {
        String code = argument;
        if (code.regionMatches(true, 0, "/b", 0, 2) && (code.length() == 2 || Character.isWhitespace(code.charAt(2)))) {
            code = code.substring(2).strip();
        }
        String first = code.isEmpty() ? "" : code.split("\\s+")[0];
        int exitCode;
        try {
            exitCode = first.isEmpty() ? 0 : Integer.parseInt(first);
        } catch (NumberFormatException e) {
            exitCode = 0;
        }
        return new NativeCommand.Result("", "", exitCode);
    }

    private static NativeCommand.Result ok(String stdout) {
        return new NativeCommand.Result(stdout, "", 0);
    }

    private static NativeCommand.Result unsupported(String what) {
        return new NativeCommand.Result("", "The simulator's cmd.exe does not support " + what + ".\r\n", 1);
    }
}
