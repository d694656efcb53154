package io.ssloffload.simulator.windows;

import java.util.Locale;
import java.util.Map;

/**
 * cmd.exe's first parsing phase for a command line (not a batch file): {@code %NAME%} becomes the
 * variable's value, also inside quotes. An undefined name is left as typed, and scanning resumes at
 * its closing '%', so {@code %NOPE%PATH%} keeps {@code %NOPE} and expands {@code %PATH%}.
 * Supports the {@code :~start,length} substring and {@code :old=new} substitution modifiers.
 */
final class PercentExpansion {

    private PercentExpansion() {
    }

    static String expand(String line, Map<String, String> environment) {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            int close = c == '%' ? line.indexOf('%', i + 1) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            String reference = line.substring(i + 1, close);
            String value = reference.isEmpty() ? null : resolve(reference, environment);
            if (value == null) {
                out.append('%').append(reference);
                i = close;
            } else {
                out.append(value);
                i = close + 1;
            }
        }
        return out.toString();
    }

    private static String resolve(String reference, Map<String, String> environment) {
        int colon = reference.indexOf(':');
        if (colon < 0) {
            return environment.get(reference);
        }
        String value = environment.get(reference.substring(0, colon));
        if (value == null) {
            return null;
        }
        String modifier = reference.substring(colon + 1);
        if (modifier.startsWith("~")) {
            return substring(value, modifier.substring(1));
        }
        int equals = modifier.indexOf('=');
        if (equals <= 0) {
            return null;
        }
        return substitute(value, modifier.substring(0, equals), modifier.substring(equals + 1));
    }

    private static String substring(String value, String range) {
        String[] parts = range.split(",", 2);
        try {
            int start = clamp(Integer.parseInt(parts[0].trim()), value.length());
            int end = value.length();
            if (parts.length == 2) {
                int length = Integer.parseInt(parts[1].trim());
                end = length < 0 ? Math.max(start, value.length() + length) : Math.min(value.length(), start + length);
            }
            return value.substring(start, Math.max(start, end));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int clamp(int offset, int length) {
        int position = offset < 0 ? length + offset : offset;
        return Math.max(0, Math.min(length, position));
    }

    /** {@code *old=new} replaces everything up to and including the first match. */
    private static String substitute(String value, String old, String replacement) {
        boolean throughFirst = old.startsWith("*");
        String needle = (throughFirst ? old.substring(1) : old).toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return value;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(needle);
        if (throughFirst) {
            return at < 0 ? value : replacement + value.substring(at + needle.length());
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (at >= 0) {
            out.append(value, from, at).append(replacement);
            from = at + needle.length();
            at = lower.indexOf(needle, from);
        }
        return out.append(value.substring(from)).toString();
    }
}
