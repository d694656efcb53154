package io.ssloffload.simulator.powershell;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The .NET type names the interpreter knows: resolution of {@code [name]}, -is, casts. */
final class Types {

    static final String STRING = "System.String";
    static final String INT = "System.Int32";
    static final String LONG = "System.Int64";
    static final String BOOL = "System.Boolean";
    static final String DOUBLE = "System.Double";
    static final String DECIMAL = "System.Decimal";
    static final String BYTE = "System.Byte";
    static final String CHAR = "System.Char";
    static final String OBJECT = "System.Object";
    static final String ARRAY = "System.Array";
    static final String OBJECT_ARRAY = "System.Object[]";
    static final String STRING_ARRAY = "System.String[]";
    static final String INT_ARRAY = "System.Int32[]";
    static final String BYTE_ARRAY = "System.Byte[]";
    static final String HASHTABLE = "System.Collections.Hashtable";
    static final String ORDERED = "System.Collections.Specialized.OrderedDictionary";
    static final String PSCUSTOMOBJECT = "System.Management.Automation.PSCustomObject";
    static final String PSOBJECT = "System.Management.Automation.PSObject";
    static final String VOID = "System.Void";
    static final String SWITCH = "System.Management.Automation.SwitchParameter";
    static final String SECURESTRING = "System.Security.SecureString";
    static final String PSCREDENTIAL = "System.Management.Automation.PSCredential";
    static final String DATETIME = "System.DateTime";
    static final String SCRIPTBLOCK = "System.Management.Automation.ScriptBlock";
    static final String ARRAYLIST = "System.Collections.ArrayList";
    static final String CONVERT = "System.Convert";
    static final String ENCODING = "System.Text.Encoding";
    static final String ENVIRONMENT = "System.Environment";
    static final String MATH = "System.Math";
    static final String ERROR_RECORD = "System.Management.Automation.ErrorRecord";

    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String t : List.of(STRING, INT, LONG, BOOL, DOUBLE, DECIMAL, BYTE, CHAR, OBJECT, ARRAY, OBJECT_ARRAY,
                STRING_ARRAY, INT_ARRAY, BYTE_ARRAY, HASHTABLE, ORDERED, PSCUSTOMOBJECT, PSOBJECT, VOID, SWITCH,
                SECURESTRING, PSCREDENTIAL, DATETIME, SCRIPTBLOCK, ARRAYLIST, CONVERT, ENCODING, ENVIRONMENT, MATH,
                ERROR_RECORD, CompressedText.MEMORY_STREAM, CompressedText.GZIP_STREAM, CompressedText.STREAM_READER,
                CompressedText.COMPRESSION_MODE)) {
            NAMES.put(t.toLowerCase(Locale.ROOT), t);
            if (t.startsWith("System.")) {
                NAMES.put(t.substring(7).toLowerCase(Locale.ROOT), t);
            }
        }
        for (String[] alias : new String[][] {{"string", STRING}, {"int", INT}, {"long", LONG}, {"bool", BOOL},
                {"double", DOUBLE}, {"decimal", DECIMAL}, {"byte", BYTE}, {"char", CHAR}, {"object", OBJECT},
                {"array", ARRAY}, {"hashtable", HASHTABLE}, {"ordered", ORDERED}, {"pscustomobject", PSCUSTOMOBJECT},
                {"psobject", PSOBJECT}, {"void", VOID}, {"switch", SWITCH}, {"securestring", SECURESTRING},
                {"pscredential", PSCREDENTIAL}, {"datetime", DATETIME}, {"scriptblock", SCRIPTBLOCK},
                {"string[]", STRING_ARRAY}, {"int[]", INT_ARRAY}, {"byte[]", BYTE_ARRAY}, {"object[]", OBJECT_ARRAY},
                {"int32[]", INT_ARRAY}, {"errorrecord", ERROR_RECORD}}) {
            NAMES.put(alias[0], alias[1]);
        }
    }

    private Types() {
    }

    /** The canonical name for a type literal's text, or null when PowerShell would not find it. */
    static String resolve(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        String known = NAMES.get(key);
        if (known != null) {
            return known;
        }
        return ExceptionTypes.resolve(key);
    }

    static String typeNameOf(Object v) {
        if (v == null) {
            return OBJECT;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof Integer) {
            return INT;
        }
        if (v instanceof Long) {
            return LONG;
        }
        if (v instanceof Double) {
            return DOUBLE;
        }
        if (v instanceof BigDecimal) {
            return DECIMAL;
        }
        if (v instanceof Boolean) {
            return BOOL;
        }
        if (v instanceof Character) {
            return CHAR;
        }
        if (v instanceof Byte) {
            return BYTE;
        }
        if (v instanceof byte[]) {
            return BYTE_ARRAY;
        }
        if (v instanceof Object[]) {
            return OBJECT_ARRAY;
        }
        if (v instanceof ArrayList<?>) {
            return ARRAYLIST;
        }
        if (v instanceof PsHashtable h) {
            return h.isOrdered() ? ORDERED : HASHTABLE;
        }
        if (v instanceof PsObject o) {
            return o.typeNames().isEmpty() ? PSCUSTOMOBJECT : o.typeNames().get(0);
        }
        if (v instanceof ScriptBlock) {
            return SCRIPTBLOCK;
        }
        if (v instanceof PsSecureString) {
            return SECURESTRING;
        }
        if (v instanceof PsDateTime) {
            return DATETIME;
        }
        if (v instanceof StaticType) {
            return "System.RuntimeType";
        }
        if (v instanceof CompressedText.Stream stream) {
            return stream.typeName();
        }
        if (v instanceof CompressedText.Reader) {
            return CompressedText.STREAM_READER;
        }
        if (v instanceof CompressedText.CompressionMode) {
            return CompressedText.COMPRESSION_MODE;
        }
        return v.getClass().getName();
    }

    static boolean isInstance(Object v, String type) {
        if (v == null) {
            return false;
        }
        return switch (type) {
            case OBJECT, PSOBJECT -> true;
            case ARRAY -> v instanceof Object[] || v instanceof byte[];
            case OBJECT_ARRAY -> v instanceof Object[];
            case STRING_ARRAY, INT_ARRAY -> false;
            default -> v instanceof PsObject o ? o.typeNames().contains(type) : typeNameOf(v).equals(type);
        };
    }

    /** A type used as a value ({@code [Convert]}, {@code [string]}) for static member access. */
    record StaticType(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
