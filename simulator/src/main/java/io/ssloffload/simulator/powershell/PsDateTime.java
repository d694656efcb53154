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
            default -> DateTimeFormatter.ofPattern(format.replace("tt", "a").replace('f', 'S').replace("K", "xxx"), Locale.US)
                    .format(value);
        };
    }

    @Override
    public String toString() {
        return GENERAL.format(value);
    }
}
