package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Where a load balancer reaches one server's {@code /<vdir>/healthcheck.htm} over plain HTTP;
 * the operator probes the same place after offloading.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthCheckSpec {

    /** Default: the server's {@code address}. */
    @Pattern(ServerSpec.HOST_PATTERN)
    private String host;

    /** Default: 80. */
    @Min(1)
    @Max(65535)
    private Integer port;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
