package io.ssloffload.simulator.powershell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/** .NET composite formatting for {@code -f} and {@code [string]::Format}. */
final class Formatting {

    private Formatting() {
    }

    static String format(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '{') {
                if (i + 1 < format.length() && format.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int end = format.indexOf('}', i);
                if (end < 0) {
                    throw formatError();
                }
                String spec = format.substring(i + 1, end);
                String fmt = null;
                int colon = spec.indexOf(':');
                if (colon >= 0) {
                    fmt = spec.substring(colon + 1);
                    spec = spec.substring(0, colon);
                }
                int align = 0;
                int comma = spec.indexOf(',');
                if (comma >= 0) {
                    align = Integer.parseInt(spec.substring(comma + 1).trim());
                    spec = spec.substring(0, comma);
                }
                int index;
                try {
                    index = Integer.parseInt(spec.trim());
                } catch (NumberFormatException e) {
                    throw formatError();
                }
                if (index < 0 || index >= args.size()) {
                    throw new PsException(new PsErrorRecord("Error formatting a string: Index (zero based) must be "
                            + "greater than or equal to zero and less than the size of the argument list..",
                            "FormatError", "InvalidOperation", format), "RuntimeException");
                }
                String text = formatValue(args.get(index), fmt);
                if (Math.abs(align) > text.length()) {
                    String pad = " ".repeat(Math.abs(align) - text.length());
                    text = align > 0 ? pad + text : text + pad;
                }
                out.append(text);
                i = end + 1;
            } else if (c == '}') {
                if (i + 1 < format.length() && format.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw formatError();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static PsException formatError() {
        return new PsException(new PsErrorRecord("Error formatting a string: Input string was not in a correct format..",
                "FormatError", "InvalidOperation", null), "RuntimeException");
    }

    /** A value's ToString(format) for the standard numeric formats (D, N, F, X, P) and 0/# patterns. */
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
        Number n = (Number) v;
        char kind = Character.toUpperCase(fmt.charAt(0));
        String digits = fmt.substring(1);
        if (digits.matches("\\d*") && "DNFXP".indexOf(kind) >= 0) {
            int precision = digits.isEmpty() ? -1 : Integer.parseInt(digits);
            switch (kind) {
                case 'D': {
                    String s = Long.toString(Math.abs(n.longValue()));
                    if (precision > s.length()) {
                        s = "0".repeat(precision - s.length()) + s;
                    }
                    return (n.longValue() < 0 ? "-" : "") + s;
                }
                case 'X': {
                    String s = Long.toHexString(n.longValue());
                    if (n instanceof Integer) {
                        s = Integer.toHexString(n.intValue());
                    }
                    if (precision > s.length()) {
                        s = "0".repeat(precision - s.length()) + s;
                    }
                    return fmt.charAt(0) == 'X' ? s.toUpperCase(Locale.ROOT) : s;
                }
                case 'N':
                case 'F': {
                    int p = precision < 0 ? 2 : precision;
                    BigDecimal b = new BigDecimal(n.toString()).setScale(p, RoundingMode.HALF_EVEN);
                    if (kind == 'F') {
                        return b.toPlainString();
                    }
                    DecimalFormat df = new DecimalFormat("#,##0" + (p > 0 ? "." + "0".repeat(p) : ""),
                            DecimalFormatSymbols.getInstance(Locale.US));
                    return df.format(b);
                }
                default: {
                    int p = precision < 0 ? 2 : precision;
                    BigDecimal b = new BigDecimal(n.toString()).multiply(BigDecimal.valueOf(100))
                            .setScale(p, RoundingMode.HALF_EVEN);
                    return b.toPlainString() + " %";
                }
            }
        }
        return new DecimalFormat(fmt, DecimalFormatSymbols.getInstance(Locale.US)).format(n);
    }
}
