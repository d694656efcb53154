package io.ssloffload.simulator.powershell;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number's {@code ToString(format)} as .NET Framework does it in en-US: a letter with up to two
 * digits is a standard format (an unknown letter is a FormatException), anything else a custom
 * pattern, where characters that are not specifiers are copied, so a custom pattern never fails.
 */
final class NumericFormat {

    private static final Pattern STANDARD = Pattern.compile("([A-Za-z])(\\d{0,2})");

    private NumericFormat() {
    }

    static String format(Number n, String fmt) {
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return LanguagePrimitives.toStr(d);
        }
        Matcher m = STANDARD.matcher(fmt);
        if (m.matches()) {
            return standard(n, m.group(1).charAt(0), m.group(2).isEmpty() ? -1 : Integer.parseInt(m.group(2)));
        }
        return custom(n, fmt);
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Byte;
    }

    /** The digits .NET formats: a double carries 15 significant digits. */
    private static BigDecimal decimal(Number n) {
        if (n instanceof Double d) {
            return new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_EVEN));
        }
        return n instanceof BigDecimal b ? b : BigDecimal.valueOf(n.longValue());
    }

    private static String standard(Number n, char letter, int precision) {
        BigDecimal v = decimal(n);
        switch (Character.toUpperCase(letter)) {
            case 'D': {
                requireIntegral(n);
                String s = v.abs().toPlainString();
                return (v.signum() < 0 ? "-" : "") + "0".repeat(Math.max(0, precision - s.length())) + s;
            }
            case 'X': {
                requireIntegral(n);
                String s = n instanceof Long ? Long.toHexString(n.longValue())
                        : n instanceof Byte ? Integer.toHexString(n.byteValue() & 0xff) : Integer.toHexString(n.intValue());
                s = "0".repeat(Math.max(0, precision - s.length())) + s;
                return letter == 'X' ? s.toUpperCase(Locale.ROOT) : s;
            }
            case 'F':
                return fixed(v, precision < 0 ? 2 : precision, false);
            case 'N':
                return fixed(v, precision < 0 ? 2 : precision, true);
            case 'P':
                return fixed(v.movePointRight(2), precision < 0 ? 2 : precision, true) + " %";
            case 'C': {
                String amount = fixed(v.abs(), precision < 0 ? 2 : precision, true);
                return roundsToZero(v, precision < 0 ? 2 : precision) || v.signum() >= 0 ? "$" + amount
                        : "($" + amount + ")";
            }
            case 'E':
                return scientific(v, precision < 0 ? 6 : precision, letter, 3);
            case 'G':
                return general(n, v, precision, letter);
            case 'R':
                if (n instanceof Double) {
                    return LanguagePrimitives.toStr(n);
                }
                throw invalidSpecifier();
            default:
                throw invalidSpecifier();
        }
    }

    private static void requireIntegral(Number n) {
        if (!integral(n)) {
            throw invalidSpecifier();
        }
    }

    private static DotNetExceptions.Thrown invalidSpecifier() {
        return DotNetExceptions.thrown("FormatException", "Format specifier was invalid.");
    }

    private static boolean roundsToZero(BigDecimal v, int places) {
        return v.setScale(places, RoundingMode.HALF_UP).signum() == 0;
    }

    /** .NET rounds half away from zero when it formats; grouped with commas for N, P and C. */
    private static String fixed(BigDecimal v, int places, boolean grouped) {
        BigDecimal r = v.setScale(places, RoundingMode.HALF_UP);
        String plain = r.abs().toPlainString();
        int point = plain.indexOf('.');
        String whole = point < 0 ? plain : plain.substring(0, point);
        String fraction = point < 0 ? "" : plain.substring(point);
        return (r.signum() < 0 ? "-" : "") + (grouped ? group(whole) : whole) + fraction;
    }

    private static String group(String digits) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            int fromRight = digits.length() - i;
            if (i > 0 && fromRight % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    private static String scientific(BigDecimal v, int places, char e, int exponentDigits) {
        if (v.signum() == 0) {
            return fixed(BigDecimal.ZERO, places, false) + e + "+" + "0".repeat(exponentDigits);
        }
        BigDecimal r = v.round(new MathContext(places + 1, RoundingMode.HALF_UP));
        int exponent = r.precision() - r.scale() - 1;
        String mantissa = fixed(r.movePointLeft(exponent), places, false);
        String digits = Integer.toString(Math.abs(exponent));
        return mantissa + e + (exponent < 0 ? "-" : "+") + "0".repeat(Math.max(0, exponentDigits - digits.length()))
                + digits;
    }

    /** G: the shortest of fixed and scientific for the precision (15 digits for a double, all for an integer). */
    private static String general(Number n, BigDecimal v, int precision, char letter) {
        if (precision <= 0) {
            return LanguagePrimitives.toStr(n);
        }
        if (v.signum() == 0) {
            return "0";
        }
        BigDecimal r = v.round(new MathContext(precision, RoundingMode.HALF_UP));
        int exponent = r.precision() - r.scale() - 1;
        if (exponent > -5 && exponent < precision) {
            return r.stripTrailingZeros().toPlainString();
        }
        BigDecimal significant = r.stripTrailingZeros();
        return scientific(significant, Math.max(0, significant.precision() - 1), letter == 'g' ? 'e' : 'E', 2);
    }

    // ------------------------------------------------------------------ custom patterns

    private static String custom(Number n, String fmt) {
        List<String> sections = sections(fmt);
        BigDecimal v = decimal(n);
        String section = sections.get(0);
        boolean minus = v.signum() < 0;
        if (v.signum() < 0 && sections.size() > 1 && !sections.get(1).isEmpty()) {
            section = sections.get(1);
            v = v.negate();
            minus = false;
        } else if (v.signum() == 0 && sections.size() > 2 && !sections.get(2).isEmpty()) {
            section = sections.get(2);
        }
        return new CustomPattern(section).format(v, minus);
    }

    /** The pattern's ';'-separated sections (positive, negative, zero), quotes and escapes respected. */
    private static List<String> sections(String fmt) {
        List<String> sections = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\'' || c == '"') {
                int end = fmt.indexOf(c, i + 1);
                i = end < 0 ? fmt.length() : end;
            } else if (c == ';' && sections.size() < 2) {
                sections.add(fmt.substring(start, i));
                start = i + 1;
            }
        }
        sections.add(fmt.substring(Math.min(start, fmt.length())));
        return sections;
    }

    /** One section of a custom pattern, read as .NET reads it. */
    private static final class CustomPattern {
        private final String pattern;
        private int integerPlaceholders;
        private int firstIntegerZero = -1;
        private int fractionPlaceholders;
        private int lastFractionZero;
        private boolean hasPoint;
        private boolean grouping;
        private int scaleCommas;
        private int percent;
        private int permille;
        private int exponentDigits = -1;

        CustomPattern(String pattern) {
            this.pattern = pattern;
            int pendingCommas = 0;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                switch (c) {
                    case '\\' -> i++;
                    case '\'', '"' -> {
                        int end = pattern.indexOf(c, i + 1);
                        i = end < 0 ? pattern.length() : end;
                    }
                    case '0', '#' -> {
                        if (hasPoint) {
                            fractionPlaceholders++;
                            if (c == '0') {
                                lastFractionZero = fractionPlaceholders;
                            }
                        } else {
                            if (pendingCommas > 0) {
                                grouping = true;
                                pendingCommas = 0;
                            }
                            if (c == '0' && firstIntegerZero < 0) {
                                firstIntegerZero = integerPlaceholders;
                            }
                            integerPlaceholders++;
                        }
                    }
                    case ',' -> {
                        if (!hasPoint && integerPlaceholders > 0) {
                            pendingCommas++;
                        }
                    }
                    case '.' -> {
                        if (!hasPoint) {
                            hasPoint = true;
                            scaleCommas += pendingCommas;
                            pendingCommas = 0;
                        }
                    }
                    case '%' -> percent++;
                    case '\u2030' -> permille++;
                    case 'E', 'e' -> {
                        int digits = exponentZeros(i);
                        if (digits > 0) {
                            exponentDigits = exponentDigits < 0 ? digits : exponentDigits;
                            i += digits + (isSign(pattern.charAt(i + 1)) ? 1 : 0);
                        }
                    }
                    default -> {
                    }
                }
            }
            scaleCommas += hasPoint ? 0 : pendingCommas;
        }

        /** How many 0s follow an E (after an optional sign), or 0 when this E is a literal. */
        private int exponentZeros(int at) {
            int i = at + 1;
            if (i < pattern.length() && isSign(pattern.charAt(i))) {
                i++;
            }
            int zeros = 0;
            while (i + zeros < pattern.length() && pattern.charAt(i + zeros) == '0') {
                zeros++;
            }
            return zeros;
        }

        private static boolean isSign(char c) {
            return c == '+' || c == '-';
        }

        String format(BigDecimal value, boolean minus) {
            BigDecimal v = value.abs().movePointRight(2 * percent + 3 * permille - 3 * scaleCommas);
            int exponent = 0;
            if (exponentDigits > 0 && v.signum() != 0) {
                v = v.round(new MathContext(Math.max(1, integerPlaceholders) + fractionPlaceholders, RoundingMode.HALF_UP));
                exponent = v.precision() - v.scale() - Math.max(1, integerPlaceholders);
                v = v.movePointLeft(exponent);
            }
            v = v.setScale(fractionPlaceholders, RoundingMode.HALF_UP);
            String plain = v.toPlainString();
            int point = plain.indexOf('.');
            String whole = point < 0 ? plain : plain.substring(0, point);
            String fraction = point < 0 ? "" : plain.substring(point + 1);
            if (whole.equals("0")) {
                whole = "";
            }
            int minimumWhole = firstIntegerZero < 0 ? 0 : integerPlaceholders - firstIntegerZero;
            whole = "0".repeat(Math.max(0, minimumWhole - whole.length())) + whole;
            int keep = fraction.length();
            while (keep > lastFractionZero && fraction.charAt(keep - 1) == '0') {
                keep--;
            }
            fraction = fraction.substring(0, keep);
            StringBuilder out = new StringBuilder(minus && v.signum() != 0 ? "-" : "");
            emit(out, whole, fraction, exponent);
            return out.toString();
        }

        private void emit(StringBuilder out, String whole, String fraction, int exponent) {
            int excess = whole.length() - integerPlaceholders;
            int integerSeen = 0;
            int fractionSeen = 0;
            boolean pointSeen = false;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                switch (c) {
                    case '\\' -> {
                        if (i + 1 < pattern.length()) {
                            out.append(pattern.charAt(++i));
                        }
                    }
                    case '\'', '"' -> {
                        int end = pattern.indexOf(c, i + 1);
                        end = end < 0 ? pattern.length() : end;
                        out.append(pattern, i + 1, end);
                        i = end;
                    }
                    case '0', '#' -> {
                        if (pointSeen) {
                            if (fractionSeen < fraction.length()) {
                                out.append(fraction.charAt(fractionSeen));
                            }
                            fractionSeen++;
                        } else {
                            int from = integerSeen == 0 ? 0 : excess + integerSeen;
                            int to = excess + integerSeen + 1;
                            for (int d = Math.max(0, from); d < to; d++) {
                                appendDigit(out, whole, d);
                            }
                            integerSeen++;
                        }
                    }
                    case ',' -> {
                    }
                    case '.' -> {
                        if (!pointSeen) {
                            pointSeen = true;
                            if (integerPlaceholders == 0) {
                                for (int d = 0; d < whole.length(); d++) {
                                    appendDigit(out, whole, d);
                                }
                            }
                            if (!fraction.isEmpty()) {
                                out.append('.');
                            }
                        }
                    }
                    case '%' -> out.append('%');
                    case 'E', 'e' -> {
                        int zeros = exponentZeros(i);
                        if (zeros == 0) {
                            out.append(c);
                        } else {
                            boolean plus = pattern.charAt(i + 1) == '+';
                            boolean signed = isSign(pattern.charAt(i + 1));
                            String digits = Integer.toString(Math.abs(exponent));
                            out.append(c).append(exponent < 0 ? "-" : plus ? "+" : "")
                                    .append("0".repeat(Math.max(0, zeros - digits.length()))).append(digits);
                            i += zeros + (signed ? 1 : 0);
                        }
                    }
                    default -> out.append(c);
                }
            }
        }

        private void appendDigit(StringBuilder out, String whole, int index) {
            out.append(whole.charAt(index));
            int fromRight = whole.length() - 1 - index;
            if (grouping && fromRight > 0 && fromRight % 3 == 0) {
                out.append(',');
            }
        }
    }
}
