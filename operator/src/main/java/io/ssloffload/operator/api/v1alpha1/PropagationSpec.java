package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/**
 * How long Outlook Anywhere may take to reach IIS (the Service Host runs every 15 minutes by
 * default) and how often to look meanwhile.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PropagationSpec {

    @Pattern(WinRmSpec.DURATION_PATTERN)
    @Default("15m")
    private String timeout;

    @Pattern(WinRmSpec.DURATION_PATTERN)
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
