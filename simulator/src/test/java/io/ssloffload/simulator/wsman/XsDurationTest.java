package io.ssloffload.simulator.wsman;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class XsDurationTest {

    @Test
    void parsesTheFormsClientsSend() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), XsDuration.parse("PT60S"));
        assertEquals(Optional.of(Duration.ofMillis(20_500)), XsDuration.parse("PT20.5S"));
        assertEquals(Optional.of(Duration.ofMillis(1_234)), XsDuration.parse("PT1.234S"));
        assertEquals(Optional.of(Duration.ofMinutes(1)), XsDuration.parse("PT1M"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), XsDuration.parse("P0DT0H1M30S"));
        assertEquals(Optional.of(Duration.ofDays(1)), XsDuration.parse("P1D"));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String text : new String[]{"P", "PT", "60", "PTS", "-PT5S", "PT5", "T5S", "PT1.S"}) {
            assertEquals(Optional.empty(), XsDuration.parse(text), text);
        }
    }

    @Test
    void durationsTooLongForJavaAreEmptySoTheClientGetsInvalidOperationTimeout() {
        for (String text : new String[]{"PT99999999999999999999S", "PT9223372036854775807S", "P99999999999999999Y",
                "P9223372036854775807D", "PT9223372036854775807H"}) {
            assertEquals(Optional.empty(), XsDuration.parse(text), text);
        }
        assertEquals(Optional.of(Duration.ofSeconds(1)), XsDuration.parse("PT1.0000000001S"));
    }
}
