package io.ssloffload.simulator.wsman;

import java.time.Duration;

final class Pause {

    private Pause() {
    }

    static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    }
}
