package io.ssloffload.simulator.powershell;

import java.util.function.Consumer;

/**
 * Where a command's non-success streams go: the error stream (ErrorRecords), host text
 * (Write-Host), warnings and a native program's stderr. Redirections swap these per command;
 * {@code stderrRedirected} says whether native stderr was redirected (then PowerShell 5.1 wraps
 * each line in an ErrorRecord instead of passing the bytes through).
 */
record Streams(Consumer<ErrorRecordObject> errors, Consumer<String> host, Consumer<String> warnings,
               Consumer<String> nativeStderr, boolean stderrRedirected) {

    static Streams discarding() {
        return new Streams(e -> { }, s -> { }, s -> { }, s -> { }, false);
    }

    Streams withErrors(Consumer<ErrorRecordObject> e) {
        return new Streams(e, host, warnings, nativeStderr, true);
    }

    Streams withHost(Consumer<String> h) {
        return new Streams(errors, h, warnings, nativeStderr, stderrRedirected);
    }

    Streams withWarnings(Consumer<String> w) {
        return new Streams(errors, host, w, nativeStderr, stderrRedirected);
    }
}
