package io.ssloffload.operator.plan;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Times as Kubernetes writes them ("2026-11-27T20:00:00Z"). Whole seconds only, so that a time
 * that went through the status comes back equal to the one that was written.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    public static Instant truncate(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
    }

    public static String format(Instant time) {
        return truncate(time).toString();
    }

    /** Empty for null, blank or unparsable text. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(truncate(Instant.parse(text.trim())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
