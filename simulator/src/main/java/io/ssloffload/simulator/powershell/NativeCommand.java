package io.ssloffload.simulator.powershell;

import java.util.List;
import java.util.Map;

/** A Windows executable (appcmd.exe, iisreset.exe): arguments in, text and an exit code out. */
public interface NativeCommand {

    Result run(List<String> arguments, Map<String, String> environment);

    record Result(String stdout, String stderr, int exitCode) {
    }
}
