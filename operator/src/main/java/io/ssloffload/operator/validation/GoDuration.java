package io.ssloffload.operator.validation;

import java.time.Duration;

/**
 * Durations as Kubernetes users write them, Go style ("90s", "1m", "15m", "1h30m", "500ms"):
 * one or more whole numbers each followed by a unit, as {@code WinRmSpec.DURATION_PATTERN} allows.
 * Go's fractions, signs and µs/ns are not accepted because the CRD schema does not accept them.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /** @throws IllegalArgumentException with a message saying what is wrong */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration; write e.g. 90s, 15m or 1h30m");
        }
        long millis = 0;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: expected a whole number at position "
                        + (start + 1) + "; write e.g. 90s, 15m or 1h30m");
            }
            String number = text.substring(start, i);
            long unitMillis;
            if (text.startsWith("ms", i)) {
                unitMillis = 1;
                i += 2;
            } else if (i < text.length() && "smh".indexOf(text.charAt(i)) >= 0) {
                unitMillis = switch (text.charAt(i)) {
                    case 's' -> 1_000L;
                    case 'm' -> 60_000L;
                    default -> 3_600_000L;
                };
                i++;
            } else {
                throw new IllegalArgumentException("'" + text + "' is not a duration: " + number
                        + " needs a unit (ms, s, m or h)");
            }
            try {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(number), unitMillis));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
            }
        }
        return Duration.ofMillis(millis);
    }

    /** The inverse of {@link #parse}: {@code 1h30m}, {@code 20s}, {@code 1500ms}; whole units only. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 1_000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1_000;
        StringBuilder text = new StringBuilder();
        if (seconds >= 3_600) {
            text.append(seconds / 3_600).append('h');
        }
        if (seconds % 3_600 >= 60) {
            text.append(seconds % 3_600 / 60).append('m');
        }
        if (seconds % 60 != 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
