package io.ssloffload.simulator.powershell;

import java.util.regex.Pattern;

/** {@code [Convert]::ToInt32}: Int32.Parse for a string, ParseNumbers for a string in base 2, 8, 10 or 16. */
final class ConvertToInt32 {

    private static final Pattern DECIMAL = Pattern.compile("\\s*[+-]?\\d+\\s*");
    private static final String OVERFLOW = "Value was either too large or too small for an Int32.";

    private ConvertToInt32() {
    }

    /** ToInt32(String) parses; other values are converted, rounding half to even, within Int32's range. */
    static int from(Object value) {
        if (value instanceof String s) {
            if (!DECIMAL.matcher(s).matches()) {
                throw DotNetExceptions.thrown("FormatException", "Input string was not in a correct format.");
            }
            return checked(new java.math.BigInteger(s.trim()).doubleValue());
        }
        Number n = LanguagePrimitives.toNumber(value);
        return checked(n instanceof Double d ? Math.rint(d) : n.doubleValue());
    }

    private static int checked(double d) {
        if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE || Double.isNaN(d)) {
            throw DotNetExceptions.thrown("OverflowException", OVERFLOW);
        }
        return (int) d;
    }

    /**
     * ToInt32(String, Int32): no whitespace, a sign only in base 10, 0x allowed in base 16, and a
     * number above Int32.MaxValue in another base is its two's complement (FFFFFFFF is -1).
     */
    static int fromBase(Object value, int base) {
        if (base != 2 && base != 8 && base != 10 && base != 16) {
            throw DotNetExceptions.thrown("ArgumentException", "Invalid Base.");
        }
        if (value == null) {
            return 0;
        }
        String s = LanguagePrimitives.toStr(value);
        if (s.isEmpty()) {
            throw DotNetExceptions.thrown("ArgumentOutOfRangeException", "Index was out of range. Must be "
                    + "non-negative and less than the size of the collection.\r\nParameter name: startIndex");
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-') {
            if (base != 10) {
                throw DotNetExceptions.thrown("ArgumentException", "String cannot contain a minus sign if the base is "
                        + "not 10.");
            }
            negative = true;
            i++;
        } else if (s.charAt(0) == '+') {
            i++;
        }
        if (base == 16 && i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            i += 2;
        }
        int digitsStart = i;
        long result = 0;
        while (i < s.length() && Character.digit(s.charAt(i), base) >= 0 && s.charAt(i) < 128) {
            result = result * base + Character.digit(s.charAt(i), base);
            if (result > 0xFFFFFFFFL) {
                throw DotNetExceptions.thrown("OverflowException", OVERFLOW);
            }
            i++;
        }
        if (i == digitsStart) {
            throw DotNetExceptions.thrown("FormatException", "Could not find any recognizable digits.");
        }
        if (i < s.length()) {
            throw DotNetExceptions.thrown("FormatException", "Additional non-parsable characters are at the end of "
                    + "the string.");
        }
        if (base == 10) {
            long signed = negative ? -result : result;
            if (signed > Integer.MAX_VALUE || signed < Integer.MIN_VALUE) {
                throw DotNetExceptions.thrown("OverflowException", OVERFLOW);
            }
            return (int) signed;
        }
        return (int) result;
    }
}
