package io.ssloffload.simulator.windows;

import io.ssloffload.simulator.powershell.CommandTable;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PsHost;
import io.ssloffload.simulator.powershell.VirtualFileSystem;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host with one native program, {@code testprog} (also as {@code testprog.exe} and
 * {@code "C:\Program Files\Test\testprog.exe"}), whose first argument says what to do:
 * {@code args a b} prints each argument in brackets, {@code print text} prints text,
 * {@code stderr text} writes to stderr, {@code exit N}, {@code env NAME..} prints NAME=value,
 * {@code sleep MS} then prints "slept", {@code hang} blocks until interrupted,
 * {@code big N} prints N 'x' characters.
 */
public final class TestWindowsHost implements PsHost {

    public static final String PROGRAM_FILES_PATH = "C:\\Program Files\\Test\\testprog.exe";
    public static final String SYSTEM32_PATH = "C:\\Windows\\system32\\testprog.exe";

    private final VirtualFileSystem files = new VirtualFileSystem();

    @Override
    public String computerName() {
        return "TESTCAS01";
    }

    @Override
    public void registerCommands(CommandTable commands) {
    }

    @Override
    public Optional<NativeCommand> nativeCommand(String name) {
        // A host answers full paths; cmd.exe and PowerShell find bare names through PATH.
        if (name.equalsIgnoreCase(SYSTEM32_PATH) || name.equalsIgnoreCase(PROGRAM_FILES_PATH)) {
            return Optional.of(TestWindowsHost::testprog);
        }
        return Optional.empty();
    }

    @Override
    public VirtualFileSystem files() {
        return files;
    }

    private static NativeCommand.Result testprog(List<String> arguments, Map<String, String> environment) {
        if (arguments.isEmpty()) {
            return new NativeCommand.Result("", "usage: testprog verb args\n", 2);
        }
        List<String> rest = arguments.subList(1, arguments.size());
        switch (arguments.get(0)) {
            case "args": {
                StringBuilder out = new StringBuilder();
                rest.forEach(a -> out.append('[').append(a).append("]\n"));
                return new NativeCommand.Result(out.toString(), "", 0);
            }
            case "print":
                return new NativeCommand.Result(String.join(" ", rest) + "\n", "", 0);
            case "stderr":
                return new NativeCommand.Result("", String.join(" ", rest) + "\n", 0);
            case "exit":
                return new NativeCommand.Result("", "", Integer.parseInt(rest.get(0)));
            case "env": {
                StringBuilder out = new StringBuilder();
                rest.forEach(name -> out.append(name).append('=').append(environment.getOrDefault(name, "<unset>")).append('\n'));
                return new NativeCommand.Result(out.toString(), "", 0);
            }
            case "sleep":
                try {
                    Thread.sleep(Long.parseLong(rest.get(0)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new NativeCommand.Result("", "interrupted\n", 1);
                }
                return new NativeCommand.Result("slept\n", "", 0);
            case "hang":
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new NativeCommand.Result("", "interrupted\n", 1);
            case "big":
                return new NativeCommand.Result("x".repeat(Integer.parseInt(rest.get(0))), "", 0);
            default:
                return new NativeCommand.Result("", "unknown verb " + arguments.get(0) + "\n", 2);
        }
    }
}
