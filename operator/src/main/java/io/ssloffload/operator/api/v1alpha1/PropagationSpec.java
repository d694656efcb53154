package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * How long Outlook Anywhere may take to reach IIS (the Service Host runs every 15 minutes by
 * default) and how often to look meanwhile.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PropagationSpec {

    /** 1s to 24h. */
    @Pattern(WinRmSpec.DURATION_PATTERN)
    @Size(max = WinRmSpec.DURATION_MAX_LENGTH)
    @Default("15m")
    private String timeout;

    /** 1s to 1h. */
    @Pattern(WinRmSpec.DURATION_PATTERN)
    @Size(max = WinRmSpec.DURATION_MAX_LENGTH)
    @Default("1m")
    private String pollInterval;

    @Default("Wait")
    private PropagationStrategy strategy;

    public PropagationStrategy getStrategy() {
        return strategy;
    }

    public void setStrategy(PropagationStrategy strategy) {
        this.strategy = strategy;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(String pollInterval) {
        this.pollInterval = pollInterval;
    }
}
