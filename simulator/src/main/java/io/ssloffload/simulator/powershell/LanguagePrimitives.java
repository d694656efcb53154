package io.ssloffload.simulator.powershell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** PowerShell's conversions and operator semantics over the interpreter's plain Java values. */
public final class LanguagePrimitives {

    private LanguagePrimitives() {
    }

    static PsException error(String message, String errorId, String category) {
        return new PsException(new PsErrorRecord(message, errorId, category, null), "RuntimeException");
    }

    // ---------------------------------------------------------------- enumeration

    /** True for values the pipeline unrolls (arrays, lists), not strings or hashtables. */
    public static boolean isEnumerable(Object v) {
        return v instanceof Object[] || v instanceof Collection<?> || v instanceof byte[];
    }

    /** The elements a pipeline or foreach sees: arrays unrolled, $null is no element, a scalar is one. */
    public static List<Object> enumerate(Object v) {
        List<Object> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof Object[] a) {
            out.addAll(java.util.Arrays.asList(a));
        } else if (v instanceof Collection<?> c) {
            out.addAll(c);
        } else if (v instanceof byte[] b) {
            for (byte x : b) {
                out.add((int) x & 0xff);
            }
        } else {
            out.add(v);
        }
        return out;
    }

    /** Like {@link #enumerate} but a $null scalar is one element (foreach over $null runs zero times though). */
    static List<Object> asList(Object v) {
        if (isEnumerable(v)) {
            return enumerate(v);
        }
        List<Object> one = new ArrayList<>();
        one.add(v);
        return one;
    }

    /** How a collected pipeline result is stored: nothing → $null, one → itself, more → object[]. */
    public static Object collapse(List<Object> items) {
        if (items.isEmpty()) {
            return null;
        }
        return items.size() == 1 ? items.get(0) : items.toArray();
    }

    // ---------------------------------------------------------------- conversions

    public static String toStr(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (isEnumerable(v)) {
            StringBuilder sb = new StringBuilder();
            for (Object o : enumerate(v)) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(toStr(o));
            }
            return sb.toString();
        }
        if (v instanceof PsObject o && !o.hasStringValue() && o.typeNames().contains(Types.PSCUSTOMOBJECT)) {
            StringBuilder sb = new StringBuilder("@{");
            List<String> names = o.propertyNames();
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(names.get(i)).append('=').append(toStr(o.get(names.get(i))));
            }
            return sb.append('}').toString();
        }
        return v.toString();
    }

    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        if (Math.abs(d) >= 1e15 || Math.abs(d) < 1e-5) {
            String s = String.format("%.14E", d);
            String[] parts = s.split("E");
            String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            int exp = Integer.parseInt(parts[1]);
            return mantissa + "E" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return new BigDecimal(Double.toString(d)).round(new java.math.MathContext(15)).stripTrailingZeros()
                .toPlainString();
    }

    /**
     * The argument of a [bool] or [switch] parameter. Unlike a cast, PowerShell's binder takes
     * only Booleans and numbers: any other value, the text "True" and $null included, is an
     * argument-transformation error naming the value's type.
     *
     * @param type the parameter's type as the message names it, {@link Types#BOOL} or {@link Types#SWITCH}
     */
    public static boolean toBooleanArgument(Object value, String parameter, String command, String type) {
        Object v = value instanceof Object[] array && array.length == 1 ? array[0] : value;
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        throw new PsException(new PsErrorRecord("Cannot process argument transformation on parameter '" + parameter
                + "'. Cannot convert value \"" + (v == null ? "" : Types.typeNameOf(v)) + "\" to type \"" + type
                + "\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
                "ParameterArgumentTransformationError," + command, "InvalidData", v),
                "ParameterBindingArgumentTransformationException");
    }

    /** The .NET type name PowerShell shows for a value in conversion errors, e.g. System.String. */
    public static String typeName(Object v) {
        return Types.typeNameOf(v);
    }

    public static boolean toBool(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Integer i) {
            return i != 0;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        if (isEnumerable(v)) {
            List<Object> items = enumerate(v);
            if (items.isEmpty()) {
                return false;
            }
            return items.size() > 1 || toBool(items.get(0));
        }
        return true;
    }

    public static boolean isNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof BigDecimal
                || v instanceof Byte;
    }

    /** Parses a number the way PowerShell converts strings in arithmetic, or returns null. */
    static Number parseNumber(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            if (t.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                boolean neg = t.startsWith("-");
                long v = Long.parseLong(t.replaceFirst("^[+-]?0[xX]", ""), 16);
                return narrow(neg ? -v : v);
            }
            if (t.matches("[+-]?\\d+")) {
                return narrow(Long.parseLong(t));
            }
            if (t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                return Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    static Number narrow(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Number) (int) v : (Number) v;
    }

    /** A value as a number for arithmetic, failing like PowerShell when a string is not numeric. */
    static Number toNumber(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof BigDecimal) {
            return (Number) v;
        }
        if (v instanceof Byte b) {
            return b & 0xff;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Character c) {
            return (int) c;
        }
        if (v instanceof String s) {
            Number n = parseNumber(s);
            if (n != null) {
                return n;
            }
        }
        throw castError(v, Types.INT, "Input string was not in a correct format.");
    }

    static PsException castError(Object v, String type, String detail) {
        String msg = v instanceof String
                ? "Cannot convert value \"" + v + "\" to type \"" + type + "\". Error: \"" + detail + "\""
                : "Cannot convert the \"" + toStr(v) + "\" value of type \"" + Types.typeNameOf(v) + "\" to type \""
                + type + "\".";
        String id = v instanceof String && type.equals(Types.INT) ? "InvalidCastFromStringToInteger"
                : "ConvertToFinalInvalidCastException";
        return new PsException(new PsErrorRecord(msg, id, "InvalidArgument", null), "RuntimeException");
    }

    static int toInt(Object v) {
        Number n = toNumber(v);
        if (n instanceof Double || n instanceof BigDecimal) {
            double rounded = n instanceof Double d ? Math.rint(d)
                    : ((BigDecimal) n).setScale(0, RoundingMode.HALF_EVEN).doubleValue();
            if (Double.isNaN(rounded) || rounded > Integer.MAX_VALUE || rounded < Integer.MIN_VALUE) {
                throw castError(v, Types.INT, "Value was either too large or too small for an Int32.");
            }
            return (int) rounded;
        }
        long l = n.longValue();
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw castError(v, Types.INT, "Value was either too large or too small for an Int32.");
        }
        return (int) l;
    }

    static long toLong(Object v) {
        Number n = toNumber(v);
        if (n instanceof Double d) {
            return Math.round(Math.rint(d));
        }
        return n.longValue();
    }

    static double toDouble(Object v) {
        return toNumber(v).doubleValue();
    }

    /**
     * A cmdlet parameter's argument converted to {@code type} (e.g. System.Int32) as the binder
     * does, failing with its "Cannot bind parameter" error.
     */
    public static Object toArgument(Object value, String type, String parameter, String command) {
        Object v = value instanceof Object[] array && array.length == 1 ? array[0] : value;
        try {
            return convertTo(v, type);
        } catch (PsException e) {
            throw new PsException(new PsErrorRecord("Cannot bind parameter '" + parameter + "'. " + e.getMessage(),
                    "CannotConvertArgumentNoMessage," + command, "InvalidArgument", null), "ParameterBindingException");
        }
    }

    /**
     * The argument of an [int] parameter declared {@code [ValidateRange(0, [int]::MaxValue)]}, converted
     * and validated as the binder does.
     *
     * @param command the command as its error ids name it
     */
    public static int toNonNegativeIntArgument(Object value, String parameter, String command) {
        int n = (Integer) toArgument(value, Types.INT, parameter, command);
        if (n < 0) {
            throw new PsException(new PsErrorRecord("Cannot validate argument on parameter '" + parameter + "'. The "
                    + n + " argument is less than the minimum allowed range of 0. Supply an argument that is greater "
                    + "than or equal to 0 and then try the command again.", "ParameterArgumentValidationError,"
                    + command, "InvalidData", null), "ParameterBindingValidationException");
        }
        return n;
    }

    /** {@code [type]value}: PowerShell's cast to one of the known types. */
    static Object convertTo(Object v, String type) {
        switch (type) {
            case Types.OBJECT, Types.PSOBJECT:
                return v;
            case Types.STRING:
                return v == null ? "" : toStr(v);
            case Types.INT:
                return v == null ? 0 : toInt(v);
            case Types.LONG:
                return v == null ? 0L : toLong(v);
            case Types.DOUBLE:
                return v == null ? 0.0 : toDouble(v);
            case Types.DECIMAL:
                return v == null ? BigDecimal.ZERO : new BigDecimal(toStr(toNumber(v)));
            case Types.BOOL, Types.SWITCH:
                return toBool(v);
            case Types.BYTE: {
                int i = toInt(v);
                if (i < 0 || i > 255) {
                    throw castError(v, Types.BYTE, "Value was either too large or too small for an unsigned byte.");
                }
                return i;
            }
            case Types.CHAR: {
                String s = toStr(v);
                if (v instanceof String && s.length() != 1) {
                    throw castError(v, Types.CHAR, "String must be exactly one character long.");
                }
                return v instanceof String ? s.charAt(0) : (char) toInt(v);
            }
            case Types.ARRAY, Types.OBJECT_ARRAY:
                return v == null ? null : enumerate(v).toArray();
            case Types.STRING_ARRAY:
                return v == null ? null : enumerate(v).stream().map(LanguagePrimitives::toStr).toArray();
            case Types.INT_ARRAY:
                return v == null ? null : enumerate(v).stream().map(LanguagePrimitives::toInt).toArray();
            case Types.BYTE_ARRAY: {
                if (v == null || v instanceof byte[]) {
                    return v;
                }
                List<Object> items = enumerate(v);
                byte[] out = new byte[items.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) (int) (Integer) convertTo(items.get(i), Types.BYTE);
                }
                return out;
            }
            case Types.ARRAYLIST:
                return new ArrayList<>(enumerate(v));
            case Types.HASHTABLE:
                if (v instanceof PsHashtable h) {
                    return h;
                }
                break;
            case Types.ORDERED:
                if (v instanceof PsHashtable h && h.isOrdered()) {
                    return h;
                }
                break;
            case Types.PSCUSTOMOBJECT:
                if (v instanceof Map<?, ?> m) {
                    PsObject o = new PsObject();
                    m.forEach((k, val) -> o.with(toStr(k), val));
                    return o;
                }
                return v;
            case Types.VOID:
                return null;
            case Types.SECURESTRING:
                if (v instanceof PsSecureString) {
                    return v;
                }
                break;
            case Types.DATETIME:
                if (v instanceof PsDateTime) {
                    return v;
                }
                if (v instanceof String s) {
                    try {
                        return new PsDateTime(java.time.ZonedDateTime.parse(s));
                    } catch (java.time.format.DateTimeParseException e) {
                        throw castError(v, type, "String was not recognized as a valid DateTime.");
                    }
                }
                break;
            default:
                if (Types.isInstance(v, type)) {
                    return v;
                }
                break;
        }
        if (v == null) {
            return null;
        }
        if (Types.isInstance(v, type)) {
            return v;
        }
        throw castError(v, type, "");
    }

    // ---------------------------------------------------------------- comparison

    /** {@code -eq}: the right operand is converted to the left one's type. */
    public static boolean equal(Object l, Object r, boolean caseSensitive) {
        if (l == null || r == null) {
            return l == null && r == null;
        }
        if (l instanceof String s) {
            String rs = toStr(r);
            return caseSensitive ? s.equals(rs) : s.equalsIgnoreCase(rs);
        }
        if (l instanceof Character c) {
            String rs = toStr(r);
            return caseSensitive ? String.valueOf(c).equals(rs) : String.valueOf(c).equalsIgnoreCase(rs);
        }
        if (isNumber(l) || l instanceof Character) {
            Number rn = tryNumber(r);
            return rn != null && compareNumbers(toNumber(l), rn) == 0;
        }
        if (l instanceof Boolean b) {
            return b == toBool(r);
        }
        if (l instanceof PsDateTime d && r instanceof PsDateTime e) {
            return d.value().toInstant().equals(e.value().toInstant());
        }
        return l == r || (l.getClass() == r.getClass() && !(l instanceof PsObject) && Objects.equals(l, r));
    }

    private static Number tryNumber(Object v) {
        if (v instanceof String s) {
            return s.isBlank() ? null : parseNumber(s);
        }
        if (isNumber(v) || v instanceof Boolean || v instanceof Character) {
            return toNumber(v);
        }
        return null;
    }

    static int compareNumbers(Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        return Long.compare(a.longValue(), b.longValue());
    }

    /** {@code -lt/-gt}: ordering with the right operand converted to the left one's type. */
    public static int compare(Object l, Object r, boolean caseSensitive) {
        if (l == null) {
            return r == null ? 0 : -1;
        }
        if (r == null) {
            return 1;
        }
        if (l instanceof String s) {
            String rs = toStr(r);
            return caseSensitive ? s.compareTo(rs) : s.compareToIgnoreCase(rs);
        }
        if (isNumber(l) || l instanceof Boolean) {
            Number rn = tryNumber(r);
            if (rn == null) {
                throw castError(r, Types.typeNameOf(l), "Input string was not in a correct format.");
            }
            return compareNumbers(toNumber(l), rn);
        }
        if (l instanceof PsDateTime d && r instanceof PsDateTime e) {
            return d.value().compareTo(e.value());
        }
        String msg = "Cannot compare \"" + toStr(l) + "\" because it is not IComparable.";
        throw error(msg, "NotIcomparable", "InvalidOperation");
    }

    // ---------------------------------------------------------------- patterns

    /** A -like wildcard ({@code * ? [a-z]}, backtick escapes) as a regex. */
    public static Pattern wildcard(String pattern, boolean caseSensitive) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        re.append('[').append(pattern.substring(i + 1, end).replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                case '`' -> {
                    if (i + 1 < pattern.length()) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return Pattern.compile(re.toString(), flags);
    }

    /** WildcardPattern.ContainsWildcardCharacters: an unescaped *, ?, [ or ]. */
    public static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']') {
                return true;
            }
            if (c == '`') {
                i++;
            }
        }
        return false;
    }

    public static boolean like(Object value, String pattern, boolean caseSensitive) {
        return wildcard(pattern, caseSensitive).matcher(toStr(value)).matches();
    }

    /** A .NET regular expression; the dialects agree on what scripts use (classes, groups, anchors). */
    static Pattern regex(String pattern, boolean caseSensitive) {
        try {
            return Pattern.compile(pattern, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw error("The regular expression pattern " + pattern + " is not valid.", "InvalidRegularExpression",
                    "InvalidOperation");
        }
    }

    /** A .NET replacement string ($1, ${name}, $$) in java.util.regex syntax. */
    static String dotNetReplacement(String replacement) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '$') {
                char n = i + 1 < replacement.length() ? replacement.charAt(i + 1) : 0;
                if (n == '$') {
                    sb.append("\\$");
                    i++;
                } else if (Character.isDigit(n) || n == '{') {
                    sb.append('$');
                } else {
                    sb.append("\\$");
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
