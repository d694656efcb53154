package io.ssloffload.operator.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "90s,    PT1M30S",
            "1m,     PT1M",
            "15m,    PT15M",
            "1h30m,  PT1H30M",
            "500ms,  PT0.5S",
            "1m500ms, PT1M0.5S",
            "0s,     PT0S",
            "2h,     PT2H",
            "1s1h,   PT1H1S"})
    void parsesWhatTheSchemaAllows(String text, Duration expected) {
        assertEquals(expected, GoDuration.parse(text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"15", "m", "1.5h", "-1m", "1d", "15 m", " 15m", "1us", "1h30", "fifteen minutes",
            "99999999999999999999h", "9223372036854775807h"})
    void rejectsGarbage(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }
}
