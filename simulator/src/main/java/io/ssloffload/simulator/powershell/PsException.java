package io.ssloffload.simulator.powershell;

/** A terminating error: unwinds to the nearest {@code try}/{@code catch} or ends the script. */
public class PsException extends RuntimeException {

    private final PsErrorRecord record;
    private final String exceptionType;

    public PsException(PsErrorRecord record) {
        this(record, "RuntimeException");
    }

    /**
     * @param exceptionType the .NET exception's type name as CategoryInfo shows it, e.g.
     *                      {@code ItemNotFoundException}, {@code ManagementObjectNotFoundException}
     */
    public PsException(PsErrorRecord record, String exceptionType) {
        super(record.message(), null, false, false);
        this.record = record;
        this.exceptionType = exceptionType;
    }

    public PsErrorRecord record() {
        return record;
    }

    public String exceptionType() {
        return exceptionType;
    }
}
