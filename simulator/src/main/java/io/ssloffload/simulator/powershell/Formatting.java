package io.ssloffload.simulator.powershell;

import java.util.List;

/** .NET composite formatting for {@code -f} and {@code [string]::Format}. */
final class Formatting {

    private Formatting() {
    }

    /**
     * String.Format, parsed as .NET Framework parses it: {@code {index[,alignment][:format]}}, spaces
     * only after the index and around the alignment. A malformed item is .NET's FormatException.
     */
    static String format(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int len = format.length();
        while (i < len) {
            char c = format.charAt(i++);
            if (c == '}') {
                if (i < len && format.charAt(i) == '}') {
                    out.append('}');
                    i++;
                    continue;
                }
                throw formatError();
            }
            if (c != '{') {
                out.append(c);
                continue;
            }
            if (i < len && format.charAt(i) == '{') {
                out.append('{');
                i++;
                continue;
            }
            if (i == len || !isDigit(format.charAt(i))) {
                throw formatError();
            }
            int index = 0;
            while (i < len && isDigit(format.charAt(i)) && index < 1_000_000) {
                index = index * 10 + format.charAt(i++) - '0';
            }
            if (i == len) {
                throw formatError();
            }
            if (index >= args.size()) {
                throw DotNetExceptions.thrown("FormatException", "Index (zero based) must be greater than or equal to "
                        + "zero and less than the size of the argument list.");
            }
            i = skipSpaces(format, i);
            int width = 0;
            boolean leftJustify = false;
            if (i < len && format.charAt(i) == ',') {
                i = skipSpaces(format, i + 1);
                if (i < len && format.charAt(i) == '-') {
                    leftJustify = true;
                    i++;
                }
                if (i == len || !isDigit(format.charAt(i))) {
                    throw formatError();
                }
                while (i < len && isDigit(format.charAt(i)) && width < 1_000_000) {
                    width = width * 10 + format.charAt(i++) - '0';
                }
            }
            i = skipSpaces(format, i);
            String itemFormat = null;
            if (i < len && format.charAt(i) == ':') {
                StringBuilder f = new StringBuilder();
                i++;
                while (true) {
                    if (i == len) {
                        throw formatError();
                    }
                    char fc = format.charAt(i++);
                    boolean doubled = i < len && format.charAt(i) == fc;
                    if (fc == '{' && !doubled) {
                        throw formatError();
                    }
                    if (fc == '}' && !doubled) {
                        i--;
                        break;
                    }
                    i += fc == '{' || fc == '}' ? 1 : 0;
                    f.append(fc);
                }
                itemFormat = f.toString();
            }
            if (i == len || format.charAt(i) != '}') {
                throw formatError();
            }
            i++;
            String text = formatValue(args.get(index), itemFormat);
            String pad = " ".repeat(Math.max(0, width - text.length()));
            out.append(leftJustify ? text + pad : pad + text);
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static DotNetExceptions.Thrown formatError() {
        return DotNetExceptions.thrown("FormatException", "Input string was not in a correct format.");
    }

    /** The -f operator: a FormatException from String.Format is PowerShell's FormatError on the format string. */
    static String formatOperator(String format, List<Object> args) {
        try {
            return format(format, args);
        } catch (DotNetExceptions.Thrown e) {
            throw new PsException(new PsErrorRecord("Error formatting a string: " + e.getMessage() + ".",
                    "FormatError", "InvalidOperation", format), "RuntimeException");
        }
    }

    /** A value's ToString(format): a date's or a number's format, other values as they are. */
    static String formatValue(Object v, String fmt) {
        if (fmt == null || fmt.isEmpty()) {
            return LanguagePrimitives.toStr(v);
        }
        if (v instanceof PsDateTime d) {
            return d.format(fmt);
        }
        if (!LanguagePrimitives.isNumber(v)) {
            return LanguagePrimitives.toStr(v);
        }
        return NumericFormat.format((Number) v, fmt);
    }
}
