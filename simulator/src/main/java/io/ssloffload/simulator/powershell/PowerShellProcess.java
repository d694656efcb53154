package io.ssloffload.simulator.powershell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code powershell.exe} as cmd.exe starts it: parses its command-line switches
 * ({@code -EncodedCommand}, {@code -Command}, {@code -NoProfile}, ...), runs the script in a new
 * runspace on {@code host}, and renders output as Windows does: success objects formatted as
 * text on stdout, errors as CLIXML on stderr, exit code from {@code exit N} or {@code $?}.
 */
public final class PowerShellProcess {

    /** powershell.exe's exit code for command-line usage errors (0xFFFD0000). */
    static final int USAGE_ERROR = -196608;

    private PowerShellProcess() {
    }

    public static NativeCommand.Result run(List<String> arguments, Map<String, String> environment, PsHost host) {
        String script = null;
        for (int i = 0; i < arguments.size(); i++) {
            String arg = arguments.get(i);
            String name = arg.startsWith("-") || arg.startsWith("/") ? arg.substring(1).toLowerCase(Locale.ROOT) : null;
            if (name == null || name.isEmpty()) {
                script = String.join(" ", arguments.subList(i, arguments.size()));
                break;
            }
            if (is(name, "command", 1)) {
                script = String.join(" ", arguments.subList(Math.min(i + 1, arguments.size()), arguments.size()));
                break;
            }
            if (name.equals("e") || name.equals("ec") || name.startsWith("en") && "encodedcommand".startsWith(name)) {
                if (i + 1 >= arguments.size()) {
                    return usage("Cannot process the command because of a missing parameter. A command must follow "
                            + "-EncodedCommand.");
                }
                try {
                    script = new String(Base64.getDecoder().decode(arguments.get(i + 1).trim()),
                            StandardCharsets.UTF_16LE);
                } catch (IllegalArgumentException e) {
                    return usage("Cannot process the command because the value specified with -EncodedCommand is not "
                            + "properly encoded. The value must be Base64 encoded.");
                }
                i++;
                continue;
            }
            if (name.equals("file") || name.equals("f")) {
                if (i + 1 >= arguments.size()) {
                    return usage("Missing file argument for -File.");
                }
                String path = arguments.get(i + 1);
                var text = host.files().read(path);
                if (text.isEmpty()) {
                    return usage("The argument '" + path + "' to the -File parameter does not exist. Provide the path "
                            + "to an existing '.ps1' file as an argument to the -File parameter.");
                }
                script = text.get();
                break;
            }
            if (is(name, "executionpolicy", 2) || name.equals("ep") || is(name, "inputformat", 3)
                    || name.equals("if") || is(name, "outputformat", 1) || name.equals("of")
                    || is(name, "windowstyle", 1) || is(name, "version", 1)) {
                if (i + 1 >= arguments.size()) {
                    return usage("Missing argument for parameter " + arg + ".");
                }
                i++;
                continue;
            }
            if (is(name, "noprofile", 3) || is(name, "noninteractive", 4) || is(name, "nologo", 3)
                    || is(name, "noexit", 3) || name.equals("sta") || name.equals("mta")) {
                continue;
            }
            // powershell.exe treats the first argument it does not recognise as the start of the command
            script = String.join(" ", arguments.subList(i, arguments.size()));
            break;
        }
        return runScript(script == null ? "" : script, environment, host);
    }

    private static boolean is(String given, String full, int minimum) {
        return given.length() >= minimum && full.startsWith(given);
    }

    private static NativeCommand.Result usage(String message) {
        return new NativeCommand.Result(message + "\r\n", "", USAGE_ERROR);
    }

    /** Runs script text in a new local runspace as powershell.exe -Command would. */
    public static NativeCommand.Result runScript(String script, Map<String, String> environment, PsHost host) {
        Map<String, String> env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (environment != null) {
            env.putAll(environment);
        }
        env.putIfAbsent("COMPUTERNAME", host.computerName());
        env.putIfAbsent("USERNAME", "Administrator");
        env.putIfAbsent("USERPROFILE", "C:\\Users\\" + env.get("USERNAME"));
        env.putIfAbsent("TEMP", env.get("USERPROFILE") + "\\AppData\\Local\\Temp");
        env.putIfAbsent("TMP", env.get("TEMP"));
        env.putIfAbsent("SystemRoot", "C:\\Windows");
        RunspaceImpl runspace = (RunspaceImpl) Runspaces.create(host, env, Runspace.LanguageMode.FULL_LANGUAGE,
                host::registerCommands);
        StringBuilder stdout = new StringBuilder();
        StringBuilder rawStderr = new StringBuilder();
        List<String> errorLines = new ArrayList<>();
        Streams streams = new Streams(e -> errorLines.addAll(e.render()), stdout::append, stdout::append,
                rawStderr::append, false);
        OutputFormatter out = new OutputFormatter(l -> stdout.append(l).append("\r\n"), ConsoleFormat.WIDTH);
        int exit;
        try {
            runspace.runScript(script, streams, out);
            exit = runspace.interpreter().lastSuccess() ? 0 : 1;
        } catch (Flow.Exit e) {
            exit = e.code;
        } catch (ParseException e) {
            errorLines.addAll(e.render());
            exit = 1;
        } catch (RuntimeError e) {
            errorLines.addAll(e.error.render());
            exit = 1;
        } catch (PsException e) {
            errorLines.addAll(ErrorRecordObject.ofCommand(e, null, null).render());
            exit = 1;
        }
        out.flush();
        return new NativeCommand.Result(stdout.toString(), rawStderr + clixml(errorLines), exit);
    }

    /** Error lines as powershell.exe writes them to a redirected stderr. */
    static String clixml(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("#< CLIXML\r\n<Objs Version=\"1.1.0.1\" "
                + "xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">");
        for (String line : lines) {
            sb.append("<S S=\"Error\">").append(xmlText(line)).append("_x000D__x000A_</S>");
        }
        return sb.append("</Objs>").toString();
    }

    /** XML text with PowerShell's _xHHHH_ encoding for control characters and literal "_x". */
    static String xmlText(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '&') {
                sb.append("&amp;");
            } else if (c == '<') {
                sb.append("&lt;");
            } else if (c == '>') {
                sb.append("&gt;");
            } else if (c == '_' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                sb.append("_x005F_");
            } else if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                sb.append(String.format("_x%04X_", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
