package io.ssloffload.simulator.powershell;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A System.DateTime value (local kind, as Get-Date returns). */
public record PsDateTime(ZonedDateTime value) {

    private static final DateTimeFormatter ROUND_TRIP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSxxx", Locale.ROOT);
    private static final DateTimeFormatter GENERAL =
            DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    /** {@code ToString(format)} for the standard formats o, s, u and .NET custom patterns. */
    public String format(String format) {
        return switch (format) {
            case "o", "O" -> ROUND_TRIP.format(value);
            case "s" -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).format(value);
            case "u" -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
                    .format(value.withZoneSameInstant(java.time.ZoneOffset.UTC));
            default -> DateTimeFormatter.ofPattern(javaPattern(format), Locale.US).format(value);
        };
    }

    /**
     * A .NET custom format as a java.time pattern: its specifiers mapped, every other letter
     * (such as the T of {@code yyyy-MM-ddTHH:mm}) and quoted or escaped text kept literally.
     */
    private static String javaPattern(String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            int run = 1;
            while (i + run < format.length() && format.charAt(i + run) == c) {
                run++;
            }
            if (c == '\\' && i + 1 < format.length()) {
                appendLiteral(out, String.valueOf(format.charAt(++i)));
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = format.indexOf(c, i + 1);
                end = end < 0 ? format.length() : end;
                appendLiteral(out, format.substring(i + 1, end));
                i = end;
                continue;
            }
            String token = format.substring(i, i + run);
            switch (c) {
                case 'd', 'h', 'H', 'm', 'M', 's', 'y' -> out.append(token);
                case 'f', 'F' -> out.append("S".repeat(run));
                case 't' -> out.append('a');
                case 'K' -> out.append("xxx");
                case 'z' -> out.append(run >= 3 ? "xxx" : "x");
                default -> appendLiteral(out, token);
            }
            i += run - 1;
        }
        return out.toString();
    }

    /** Quoted text, joined to a literal just before it ('' inside quotes would be a quote character). */
    private static void appendLiteral(StringBuilder out, String text) {
        if (text.isEmpty()) {
            return;
        }
        boolean afterLiteral = out.length() > 0 && out.charAt(out.length() - 1) == '\'';
        if (afterLiteral) {
            out.setLength(out.length() - 1);
        } else {
            out.append('\'');
        }
        out.append(text.replace("'", "''")).append('\'');
    }

    @Override
    public String toString() {
        return GENERAL.format(value);
    }
}
