package io.ssloffload.operator.validation;

import java.time.Duration;

/**
 * The durations a field accepts, inclusive, and why its maximum is what it is. Bounding every
 * duration keeps deadlines, sleeps and {@code Instant} arithmetic far from overflow.
 */
public record DurationRange(Duration minimum, Duration maximum, String why) {

    /** WS-Management OperationTimeout: Windows refuses more than its MaxTimeoutms, 60s by default. */
    public static final DurationRange OPERATION_TIMEOUT = new DurationRange(Duration.ofSeconds(1), Duration.ofSeconds(60),
            "Windows' WinRM refuses longer OperationTimeouts unless its MaxTimeoutms was raised, and a longer"
                    + " held Receive gains nothing");
    /** The Service Host runs every 15 minutes by default; a day covers any sane PeriodicPollingMinutes. */
    public static final DurationRange PROPAGATION_TIMEOUT = new DurationRange(Duration.ofSeconds(1), Duration.ofHours(24),
            "the Service Host copies Outlook Anywhere to IIS every 15 minutes by default");
    public static final DurationRange POLL_INTERVAL = new DurationRange(Duration.ofSeconds(1), Duration.ofHours(1),
            "a longer wait between looks only delays Ready");
    public static final DurationRange DRIFT_INTERVAL = new DurationRange(Duration.ofSeconds(1), Duration.ofHours(24),
            "a cumulative update's reset should be found the same day");

    /** @throws IllegalArgumentException saying what is wrong: not a duration, too short or too long */
    public Duration parse(String text) {
        Duration value = GoDuration.parse(text);
        if (value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("'" + text + "' is shorter than the minimum " + GoDuration.format(minimum));
        }
        if (value.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than the maximum " + GoDuration.format(maximum) + " (" + why + ")");
        }
        return value;
    }
}
