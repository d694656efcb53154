package io.ssloffload.simulator.powershell;

/**
 * A terminating error on its way up. {@code scriptTerminating} errors ({@code throw},
 * {@code -ErrorAction Stop}) end the script when uncaught; the others (a cmdlet's terminating
 * error, a failed expression) end only the statement they occur in.
 */
final class RuntimeError extends PsException {

    final ErrorRecordObject error;
    final boolean scriptTerminating;
    final boolean fromActionPreference;

    RuntimeError(ErrorRecordObject error, boolean scriptTerminating, boolean fromActionPreference) {
        super(error.record(), error.exceptionType());
        this.error = error;
        this.scriptTerminating = scriptTerminating;
        this.fromActionPreference = fromActionPreference;
    }

    RuntimeError(ErrorRecordObject error, boolean scriptTerminating) {
        this(error, scriptTerminating, false);
    }

    RuntimeError asScriptTerminating() {
        return new RuntimeError(error, true, true);
    }
}
