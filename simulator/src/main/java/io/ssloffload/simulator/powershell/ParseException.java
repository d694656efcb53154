package io.ssloffload.simulator.powershell;

/** A ParserError: the script does not parse, so nothing of it runs. */
public final class ParseException extends RuntimeException {

    private final String errorId;
    private final Extent extent;

    public ParseException(String message, String errorId, Extent extent) {
        super(message, null, false, false);
        this.errorId = errorId;
        this.extent = extent;
    }

    public String errorId() {
        return errorId;
    }

    public Extent extent() {
        return extent;
    }

    /** The lines PowerShell 5.1 prints for a parse error. */
    public java.util.List<String> render() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("At line:" + extent.line() + " char:" + extent.column());
        lines.addAll(java.util.List.of(extent.positionLines()));
        lines.add(getMessage());
        lines.add("    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException");
        lines.add("    + FullyQualifiedErrorId : " + errorId);
        lines.add(" ");
        return lines;
    }
}
