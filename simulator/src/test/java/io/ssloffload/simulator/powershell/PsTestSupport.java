package io.ssloffload.simulator.powershell;

import java.util.Map;
import java.util.TreeMap;

/** Runs scripts the way powershell.exe would and exposes stdout, stderr and the exit code. */
public abstract class PsTestSupport {

    protected TestHost host = new TestHost();

    /** The test machine's PATH: bare native program names are found only through it. */
    protected static final String PATH = "C:\\Windows\\system32;C:\\Windows";

    protected NativeCommand.Result run(String script) {
        return run(script, Map.of());
    }

    protected NativeCommand.Result run(String script, Map<String, String> env) {
        Map<String, String> environment = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        environment.put("Path", PATH);
        environment.putAll(env);
        return PowerShellProcess.runScript(script, environment, host);
    }

    /** stdout of a script that must succeed without errors, with CRLF turned into \n. */
    protected String out(String script) {
        NativeCommand.Result r = run(script);
        if (!r.stderr().isEmpty() || r.exitCode() != 0) {
            throw new AssertionError("script failed (exit " + r.exitCode() + "): " + errors(r) + "\nstdout: "
                    + r.stdout());
        }
        return r.stdout().replace("\r\n", "\n");
    }

    /** The rendered error text in stderr, CLIXML decoded to plain lines. */
    public static String errors(NativeCommand.Result r) {
        return r.stderr().replace("#< CLIXML\r\n", "")
                .replaceAll("<Objs[^>]*>", "").replace("</Objs>", "")
                .replace("<S S=\"Error\">", "").replace("_x000D__x000A_</S>", "\n")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
