package io.ssloffload.simulator.wsman;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** xs:duration as WS-Management timeouts use it: PT60S, PT20.5S, PT1M, P0DT0H1M0S. */
final class XsDuration {

    private static final Pattern FORMAT = Pattern.compile(
            "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)D)?(?:T(?=\\d)(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

    private XsDuration() {
    }

    /** Empty for anything that is not a non-negative duration, or one too long for {@link Duration}. */
    static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        Matcher m = FORMAT.matcher(trimmed);
        if (!m.matches() || trimmed.equals("P")) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.ZERO
                    .plusDays(Math.multiplyExact(365L, number(m.group(1))))
                    .plusDays(Math.multiplyExact(30L, number(m.group(2))))
                    .plusDays(number(m.group(3)))
                    .plusHours(number(m.group(4)))
                    .plusMinutes(number(m.group(5)));
            if (m.group(6) != null) {
                // digits below a nanosecond are dropped rather than refused
                d = d.plusNanos(new BigDecimal(m.group(6)).movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact());
            }
            return Optional.of(d);
        } catch (ArithmeticException | NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
