package io.ssloffload.simulator.powershell;

/** A terminating error: unwinds to the nearest {@code try}/{@code catch} or ends the script. */
public class PsException extends RuntimeException {

    private final PsErrorRecord record;

    public PsException(PsErrorRecord record) {
        super(record.message());
        this.record = record;
    }

    public PsException(String message, String errorId, String category) {
        this(new PsErrorRecord(message, errorId, category, null));
    }

    public PsErrorRecord record() {
        return record;
    }
}
