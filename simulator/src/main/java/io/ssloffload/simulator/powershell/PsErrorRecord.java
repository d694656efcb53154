package io.ssloffload.simulator.powershell;

/**
 * A PowerShell ErrorRecord as it is rendered on stderr and seen by {@code catch}.
 *
 * @param message       the exception message
 * @param errorId       FullyQualifiedErrorId, e.g.
 *                      {@code CommandNotFoundException} or {@code NamedParameterNotFound,Set-OutlookAnywhere}
 * @param category      ErrorCategory name, e.g. {@code ObjectNotFound}, {@code InvalidArgument}
 * @param targetObject  the target, or null
 */
public record PsErrorRecord(String message, String errorId, String category, Object targetObject) {
}
