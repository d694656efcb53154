package io.ssloffload.operator.remote;

import java.time.Duration;
import java.time.Instant;

/**
 * The deadline of the command a session is running. winrm4j asks, after every WS-Management
 * TimedOut fault, whether to send another Receive; answering from here ends its otherwise
 * endless loop once the command's deadline has passed.
 */
final class DeadlineClock {

    private volatile Instant deadline;

    void start(Duration limit) {
        deadline = Instant.now().plus(limit);
    }

    boolean allowsAnotherReceive() {
        Instant d = deadline;
        // Left in place after a timeout, so an abandoned command's Receive loop also stops.
        return d == null || Instant.now().isBefore(d);
    }
}
