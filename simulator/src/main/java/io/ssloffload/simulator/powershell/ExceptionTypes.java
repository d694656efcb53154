package io.ssloffload.simulator.powershell;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Exception type names usable in a typed {@code catch [X]}. */
final class ExceptionTypes {

    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String shortName : List.of("Exception", "SystemException", "RuntimeException", "CommandNotFoundException",
                "ParameterBindingException", "ItemNotFoundException", "ActionPreferenceStopException",
                "MethodInvocationException", "InvalidOperationException", "ArgumentException", "FormatException",
                "WriteErrorException", "RemoteException", "PSArgumentException", "DivideByZeroException",
                "IndexOutOfRangeException", "ArgumentOutOfRangeException")) {
            String full = ErrorRecordObject.fullExceptionName(shortName);
            if (shortName.equals("SystemException")) {
                full = "System.SystemException";
            }
            NAMES.put(full.toLowerCase(Locale.ROOT), full);
            NAMES.put(full.substring(full.indexOf('.') + 1).toLowerCase(Locale.ROOT), full);
            if (full.startsWith("System.Management.Automation.")) {
                NAMES.put(full.substring("System.Management.Automation.".length()).toLowerCase(Locale.ROOT), full);
            }
        }
    }

    private ExceptionTypes() {
    }

    static String resolve(String lowerName) {
        return NAMES.get(lowerName);
    }
}
