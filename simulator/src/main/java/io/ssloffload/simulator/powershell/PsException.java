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

    /**
     * "The term 'x' is not recognized as the name of a cmdlet...": CommandNotFoundException.
     *
     * @param command the command reporting it, appended to the error id, or null for the engine's own lookup
     */
    public static PsException commandNotFound(String name, String command) {
        return new PsException(new PsErrorRecord("The term '" + name + "' is not recognized as the name of a cmdlet, "
                + "function, script file, or operable program. Check the spelling of the name, or if a path was "
                + "included, verify that the path is correct and try again.",
                "CommandNotFoundException" + (command == null ? "" : "," + command), "ObjectNotFound", name),
                "CommandNotFoundException");
    }

    /**
     * "Cannot find path 'p' because it does not exist.": a provider's ItemNotFoundException.
     *
     * @param command the command as its error id names it, e.g. Microsoft.PowerShell.Commands.GetContentCommand
     */
    public static PsException pathNotFound(String path, String command) {
        return new PsException(new PsErrorRecord("Cannot find path '" + path + "' because it does not exist.",
                "PathNotFound," + command, "ObjectNotFound", path), "ItemNotFoundException");
    }

    public PsErrorRecord record() {
        return record;
    }

    public String exceptionType() {
        return exceptionType;
    }
}
