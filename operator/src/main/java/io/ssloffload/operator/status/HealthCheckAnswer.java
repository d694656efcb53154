package io.ssloffload.operator.status;

import java.util.Objects;

/**
 * What a protocol's healthcheck.htm answered the probe a load balancer makes, as status shows it.
 *
 * @param verdict CamelCase, e.g. Passing, SslRequired, Failing
 * @param answer  what the server said, or why nothing was said
 */
public record HealthCheckAnswer(boolean passing, String verdict, String answer) {

    public HealthCheckAnswer {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(answer, "answer");
    }
}
