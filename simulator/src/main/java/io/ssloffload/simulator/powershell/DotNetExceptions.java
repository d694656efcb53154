package io.ssloffload.simulator.powershell;

/**
 * What a .NET method or cmdlet would have thrown where this interpreter's Java code failed, so an
 * unexpected failure is a catchable PowerShell error (as in PowerShell) instead of ending the process.
 */
final class DotNetExceptions {

    record DotNetException(String typeName, String message) {
    }

    /** A .NET exception the simulated framework code throws, for its caller to wrap as PowerShell does. */
    static final class Thrown extends RuntimeException {
        private final DotNetException exception;

        private Thrown(DotNetException exception) {
            super(exception.message(), null, false, false);
            this.exception = exception;
        }

        DotNetException exception() {
            return exception;
        }
    }

    private DotNetExceptions() {
    }

    static Thrown thrown(String typeName, String message) {
        return new Thrown(new DotNetException(typeName, message));
    }

    static DotNetException of(RuntimeException e) {
        if (e instanceof Thrown t) {
            return t.exception();
        }
        if (e instanceof IndexOutOfBoundsException) {
            return new DotNetException("ArgumentOutOfRangeException", "Index was out of range. Must be non-negative "
                    + "and less than the size of the collection.\r\nParameter name: index");
        }
        if (e instanceof NumberFormatException) {
            return new DotNetException("FormatException", "Input string was not in a correct format.");
        }
        if (e instanceof ArithmeticException) {
            return new DotNetException("OverflowException", "Arithmetic operation resulted in an overflow.");
        }
        if (e instanceof IllegalArgumentException) {
            return new DotNetException("ArgumentException", e.getMessage() == null ? "Value does not fall within the "
                    + "expected range." : e.getMessage());
        }
        if (e instanceof NullPointerException) {
            return new DotNetException("NullReferenceException", "Object reference not set to an instance of an "
                    + "object.");
        }
        return new DotNetException("InvalidOperationException", e.getMessage() == null
                ? "Operation is not valid due to the current state of the object." : e.getMessage());
    }

    /** {@code Exception calling "Name" with "N" argument(s): "..."}, as a method call reports it. */
    static PsException methodCall(String method, int argumentCount, RuntimeException e) {
        DotNetException x = of(e);
        return new PsException(new PsErrorRecord("Exception calling \"" + method + "\" with \"" + argumentCount
                + "\" argument(s): \"" + x.message() + "\"", x.typeName(), "NotSpecified", null),
                "MethodInvocationException");
    }

    /**
     * A .NET exception that reached the script from the engine itself (an indexer, an array store):
     * PowerShell reports it as OperationStopped with the exception's full type name as the id.
     */
    static PsException fromEngine(String typeName, String message) {
        return new PsException(new PsErrorRecord(message, "System." + typeName, "OperationStopped", null), typeName);
    }

    /** A cmdlet that failed with an exception it did not handle: its message, NotSpecified. */
    static PsException cmdlet(String command, RuntimeException e) {
        DotNetException x = of(e);
        return new PsException(new PsErrorRecord(x.message(), "System." + x.typeName() + "," + command,
                "NotSpecified", null), x.typeName());
    }
}
