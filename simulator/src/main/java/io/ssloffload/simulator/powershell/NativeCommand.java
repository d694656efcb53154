package io.ssloffload.simulator.powershell;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Windows executable (appcmd.exe, iisreset.exe): arguments in, text and an exit code out. */
public interface NativeCommand {

    Result run(List<String> arguments, Map<String, String> environment);

    /**
     * The file's version resource, as a {@link FileVersionInfo} object, when the host models it
     * ({@code (Get-Command X).FileVersionInfo}, {@code (Get-Item path).VersionInfo}).
     */
    default Optional<PsObject> fileVersionInfo() {
        return Optional.empty();
    }

    record Result(String stdout, String stderr, int exitCode) {
    }
}
