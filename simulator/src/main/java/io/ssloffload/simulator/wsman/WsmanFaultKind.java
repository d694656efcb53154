package io.ssloffload.simulator.wsman;

/**
 * The WS-Management faults this endpoint sends (HTTP 500, a:Action .../wsman/fault), with the
 * SOAP code, subcode and WSManFault Code Windows uses. Codes marked "simulator's choice" were not
 * confirmed against Windows traffic; clients only look at the codes of TimedOut and
 * InvalidSelectors.
 */
public enum WsmanFaultKind {
    TIMED_OUT("s:Receiver", "w:TimedOut", "2150858793",
            "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  "),
    SHELL_NOT_FOUND("s:Sender", "w:InvalidSelectors", "2150858843",
            "The request for the Windows Remote Shell with ShellId %s failed because the shell was not found on the server. "
                    + "Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. "
                    + "Provide the correct ShellId or create a new shell and try the operation again. "),
    ACCESS_DENIED("s:Sender", "w:AccessDenied", "5", "Access is denied. "),
    /**
     * A body that is not sealed, on plain HTTP with AllowUnencrypted false (Windows answers HTTP 500
     * and logs that it refused unencrypted traffic). Simulator's choice of code and text: access
     * denied, as the listener's refusal.
     */
    UNENCRYPTED("s:Sender", "w:AccessDenied", "5",
            "Access is denied. The WinRM service does not accept unencrypted traffic: AllowUnencrypted is false. "),
    SHELL_QUOTA("s:Sender", "w:QuotaLimit", "2150859173",
            "The WS-Management service cannot process the request. This user is allowed a maximum number of %s shells, "
                    + "which has been exceeded. Close existing shells or raise the quota for this user. "),
    CONCURRENT_OPERATIONS("s:Sender", "w:QuotaLimit", "2150859174",
            "The WS-Management service cannot process the request. This user is allowed a maximum number of %s concurrent "
                    + "operations, which has been exceeded. Close existing operations for this user, or raise the quota for this user. "),
    INVALID_OPERATION_TIMEOUT("s:Sender", "w:InvalidParameter", "2150858767",
            "The WS-Management service cannot process the request. The XML contains an invalid timeout field in the SOAP header: %s. "),
    /** Simulator's choice of code. */
    MALFORMED_REQUEST("s:Sender", "w:SchemaValidationError", "2150858817",
            "The WS-Management service cannot process the request because the XML is invalid: %s "),
    /**
     * A w:ResourceURI other than the cmd shell's: Windows' code and text for a resource URI that is
     * not in its catalog (as pypsrp users report it for a mistyped URI).
     */
    UNKNOWN_RESOURCE_URI("s:Sender", "a:DestinationUnreachable", "2150858811",
            "The WS-Management service cannot process the request. The resource URI (%s) was not found in the WS-Management "
                    + "catalog. The catalog contains the metadata that describes resources, or logical endpoints. "),
    /** An option value the shell does not support (WINRS_CODEPAGE). Simulator's choice: ERROR_INVALID_PARAMETER. */
    INVALID_OPTION("s:Sender", "w:InvalidOptions", "87",
            "The WS-Management service cannot process the request because the value of option %s is not valid: %s "),
    /** Simulator's choice: ERROR_INVALID_PARAMETER. */
    INVALID_SIGNAL("s:Sender", "w:InvalidParameter", "87",
            "The WS-Management service cannot process the request because the signal code %s is not valid. "),
    /**
     * w:MaxEnvelopeSize not a whole number or below the 8192 bytes DSP0226 requires a service to
     * accept (its EncodingLimit fault). Simulator's choice of code: ERROR_INVALID_PARAMETER.
     */
    MAX_ENVELOPE_SIZE("s:Sender", "w:EncodingLimit", "87",
            "The WS-Management service cannot process the request because the MaxEnvelopeSize %s is not valid: "
                    + "it must be a whole number of at least 8192. "),
    /** Simulator's choice of code. */
    ACTION_NOT_SUPPORTED("s:Sender", "a:ActionNotSupported", "2150858783",
            "The WS-Management service cannot process the request. The action %s is not supported. "),
    /** Simulator's choice: ERROR_INVALID_PARAMETER. */
    COMMAND_NOT_FOUND("s:Sender", "w:InvalidParameter", "87",
            "The request for the Windows Remote Shell failed because the command %s was not found in the shell. "),
    /** E_FAIL: the simulator itself failed. */
    INTERNAL_ERROR("s:Receiver", "w:InternalError", "2147500037",
            "The WS-Management service cannot process the request: %s ");

    private final String code;
    private final String subcode;
    private final String wsmanCode;
    private final String messageFormat;

    WsmanFaultKind(String code, String subcode, String wsmanCode, String messageFormat) {
        this.code = code;
        this.subcode = subcode;
        this.wsmanCode = wsmanCode;
        this.messageFormat = messageFormat;
    }

    public String code() {
        return code;
    }

    public String subcode() {
        return subcode;
    }

    /** The Code attribute of f:WSManFault. */
    public String wsmanCode() {
        return wsmanCode;
    }

    String message(Object... details) {
        return String.format(messageFormat, details);
    }
}
