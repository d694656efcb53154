package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerSpec {

    /** A NetBIOS computer name: 1-15 letters, digits or hyphens, not starting with a hyphen. */
    public static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9-]{0,14}$";

    /** A DNS name: labels of letters, digits, hyphens (a dotted IPv4 address is one). */
    private static final String DNS_NAME =
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";

    /** A DNS name (labels of letters, digits, hyphens) or a dotted IPv4 address. */
    public static final String HOST_PATTERN = "^(" + DNS_NAME + ")$";

    /** The Exchange server name, as in {@code -Identity 'CAS01\Rpc (Default Web Site)'}. */
    @Required
    @Pattern(NAME_PATTERN)
    private String name;

    /** An IPv6 address, written without brackets (they are added in URLs); zone ids are not taken. */
    public static final String IPV6_PATTERN = "[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}";

    /** A DNS name, a dotted IPv4 address or an IPv6 address. */
    public static final String ADDRESS_PATTERN = "^(" + DNS_NAME + "|" + IPV6_PATTERN + ")$";

    /** The WinRM host. */
    @Required
    @Pattern(ADDRESS_PATTERN)
    private String address;

    /** WinRM port for this server; default {@code spec.winrm.port}. */
    @Min(1)
    @Max(65535)
    private Integer port;

    /** Where the load balancer probes healthcheck.htm; default the address, port 80. */
    private HealthCheckSpec healthCheck;

    public HealthCheckSpec getHealthCheck() {
        return healthCheck;
    }

    public void setHealthCheck(HealthCheckSpec healthCheck) {
        this.healthCheck = healthCheck;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
