package io.ssloffload.operator.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceDeletionTest {

    @Test
    void aRestoreThatKeepsFailingIsRetriedAtDoublingIntervalsUpToFiveMinutes() {
        assertThat(IntStream.range(0, 8).mapToObj(ResourceDeletion::restoreBackoff).map(Duration::toSeconds))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
        assertThat(ResourceDeletion.restoreBackoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }
}
