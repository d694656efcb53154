package io.ssloffload.operator.cli;

import io.ssloffload.operator.validation.DurationRange;
import io.ssloffload.operator.validation.GoDuration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Flag value types: Go-style durations (as in the resource) and counts, both positive, and TCP ports. */
final class Converters {

    private Converters() {
    }

    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 5m or 1h30m");
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new TypeConversionException("must be positive, not " + value);
            }
            return duration;
        }
    }

    /** {@code --drift-interval}: within {@link DurationRange#DRIFT_INTERVAL}, as the resource's durations are bounded. */
    static final class DriftInterval implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationRange.DRIFT_INTERVAL.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PositiveCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("must be a positive whole number, not " + value);
        }
    }

    /** A TCP port (1-65535); a flag left out stays 0, "none", which a user cannot give. */
    static final class TcpPort implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("must be a TCP port (1-65535), not " + value);
        }
    }
}
