package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ErrorRecord as scripts see it ({@code $_} in catch, {@code $Error[0]}, {@code 2>&1} output):
 * {@code .Exception.Message}, {@code .FullyQualifiedErrorId}, {@code .CategoryInfo},
 * {@code .TargetObject}, {@code .InvocationInfo}; {@code "$_"} is the message.
 */
public final class ErrorRecordObject extends PsObject {

    private static final Map<String, String> EXCEPTION_NAMESPACES = Map.ofEntries(
            Map.entry("InvalidOperationException", "System."), Map.entry("ArgumentException", "System."),
            Map.entry("FormatException", "System."), Map.entry("Exception", "System."),
            Map.entry("DivideByZeroException", "System."), Map.entry("InvalidCastException", "System."),
            Map.entry("IndexOutOfRangeException", "System."), Map.entry("ArgumentOutOfRangeException", "System."),
            Map.entry("WriteErrorException", "Microsoft.PowerShell.Commands."),
            Map.entry("IOException", "System.IO."));

    private final PsErrorRecord record;
    private final String exceptionType;
    private final String prefix;
    private final String activity;
    private final Extent position;
    private String computerName;

    /**
     * @param prefix   the command named before " : " in the rendering, or null (throw, runtime errors)
     * @param activity the command in CategoryInfo's brackets, or null
     */
    public ErrorRecordObject(PsErrorRecord record, String exceptionType, String prefix, String activity,
                             Extent position) {
        super(List.of("System.Management.Automation.ErrorRecord", "System.Object"), record.message());
        this.record = record;
        this.exceptionType = exceptionType;
        this.prefix = prefix == null ? "" : prefix;
        this.activity = activity == null ? "" : activity;
        this.position = position;
        PsObject exception = new PsObject(exceptionTypeNames(exceptionType), record.message())
                .with("Message", record.message());
        PsObject category = new PsObject(List.of("System.Management.Automation.ErrorCategoryInfo", "System.Object"),
                categoryLine()).with("Category", record.category()).with("Activity", this.activity)
                .with("Reason", exceptionType).with("TargetName", targetName()).with("TargetType", targetType());
        PsObject invocation = new PsObject(List.of("System.Management.Automation.InvocationInfo", "System.Object"), null)
                .with("ScriptLineNumber", position == null ? 0 : position.line())
                .with("OffsetInLine", position == null ? 0 : position.column())
                .with("Line", position == null ? "" : position.lineText())
                .with("PositionMessage", position == null ? "" : String.join("\n", positionMessage()));
        with("Exception", exception).with("FullyQualifiedErrorId", record.errorId()).with("CategoryInfo", category)
                .with("TargetObject", record.targetObject()).with("InvocationInfo", invocation)
                .with("ErrorDetails", null).with("ScriptStackTrace", "");
    }

    /** An error a command raised: "Command : message", CategoryInfo [Command]. */
    public static ErrorRecordObject ofCommand(PsException e, String command, Extent position) {
        return new ErrorRecordObject(e.record(), e.exceptionType(), command, command, position);
    }

    public ErrorRecordObject withPosition(Extent newPosition) {
        ErrorRecordObject e = new ErrorRecordObject(record, exceptionType, prefix, activity, newPosition);
        e.computerName = computerName;
        return e;
    }

    /** The same error as it arrives from a remote session: no local position, tagged with the computer. */
    public ErrorRecordObject fromComputer(String computer) {
        ErrorRecordObject e = new ErrorRecordObject(record, exceptionType, null, activity, null);
        e.computerName = computer;
        e.with("PSComputerName", computer);
        return e;
    }

    /** Full type names, most specific first, so a typed {@code catch} can match a base class. */
    static List<String> exceptionTypeNames(String shortName) {
        List<String> names = new ArrayList<>();
        names.add(fullExceptionName(shortName));
        if (!EXCEPTION_NAMESPACES.containsKey(shortName) || shortName.equals("WriteErrorException")) {
            if (!shortName.equals("RuntimeException")) {
                names.add("System.Management.Automation.RuntimeException");
            }
        } else if (shortName.equals("ArgumentOutOfRangeException")) {
            names.add("System.ArgumentException");
        }
        if (!shortName.equals("Exception")) {
            // every exception modelled here but Exception itself derives from SystemException
            names.add("System.SystemException");
            names.add("System.Exception");
        }
        names.add("System.Object");
        return names;
    }

    static String fullExceptionName(String shortName) {
        if (shortName.contains(".")) {
            return shortName;
        }
        return EXCEPTION_NAMESPACES.getOrDefault(shortName, "System.Management.Automation.") + shortName;
    }

    public PsErrorRecord record() {
        return record;
    }

    public String exceptionType() {
        return exceptionType;
    }

    public Extent position() {
        return position;
    }

    private String targetName() {
        return record.targetObject() == null ? "" : LanguagePrimitives.toStr(record.targetObject());
    }

    private String targetType() {
        Object t = record.targetObject();
        if (t == null) {
            return "";
        }
        String full = Types.typeNameOf(t);
        return full.substring(full.lastIndexOf('.') + 1);
    }

    /** {@code ObjectNotFound: (X:String) [Get-Content], ItemNotFoundException}. */
    public String categoryLine() {
        return record.category() + ": (" + targetName() + ":" + targetType() + ") [" + activity + "], " + exceptionType;
    }

    private List<String> positionMessage() {
        List<String> lines = new ArrayList<>();
        lines.add("At line:" + position.line() + " char:" + position.column());
        lines.addAll(List.of(position.positionLines()));
        return lines;
    }

    /** The lines the console prints for this error (PowerShell 5.1's NormalView). */
    public List<String> render() {
        List<String> lines = new ArrayList<>();
        String message = record.message();
        String first = prefix.isEmpty() ? message : prefix + " : " + message;
        lines.addAll(List.of(first.split("\r?\n", -1)));
        if (position != null) {
            lines.addAll(positionMessage());
        }
        lines.add("    + CategoryInfo          : " + categoryLine());
        lines.add("    + FullyQualifiedErrorId : " + record.errorId());
        if (computerName != null) {
            lines.add("    + PSComputerName        : " + computerName);
        }
        lines.add(" ");
        return lines;
    }
}
