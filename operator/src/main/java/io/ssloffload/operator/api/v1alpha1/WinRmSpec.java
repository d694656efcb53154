package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WinRmSpec {

    /**
     * Go-style durations as users write them: "90s", "1m", "15m", "1h30m". At most four parts of at
     * most six digits, so no value can overflow anything; each field's real range is checked by the
     * validator (the schema cannot compare durations).
     */
    public static final String DURATION_PATTERN = "^([0-9]{1,6}(ms|s|m|h)){1,4}$";

    /** The longest text {@link #DURATION_PATTERN} allows. */
    public static final int DURATION_MAX_LENGTH = 32;

    /** A Secret of type kubernetes.io/basic-auth or Opaque with the keys username and password. */
    @Required
    private SecretRef credentialsSecretRef;

    @Default("https")
    private Transport transport;

    /** Default 5986 for https, 5985 for http. */
    @Min(1)
    @Max(65535)
    private Integer port;

    @Default("ntlm")
    private Authentication authentication;

    /** A CA bundle (PEM) to trust for https; key defaults to ca.crt. */
    private SecretKeyRef caSecretRef;

    /** Explicit opt-out of certificate verification. */
    @Default("false")
    private Boolean insecureSkipTlsVerify;

    /**
     * Explicit opt-in to plain http with basic or kerberos, which winrm4j does not encrypt: the
     * credential then crosses the network in clear (Windows refuses it too unless its own
     * AllowUnencrypted is set). Labs only.
     */
    @Default("false")
    private Boolean allowUnencrypted;

    /** The WS-Management OperationTimeout of each request, 1s to 60s (Windows' default MaxTimeoutms). */
    @Pattern(DURATION_PATTERN)
    @Size(max = DURATION_MAX_LENGTH)
    @Default("60s")
    private String operationTimeout;

    public enum Transport {
        @JsonProperty("https") HTTPS,
        @JsonProperty("http") HTTP
    }

    public enum Authentication {
        @JsonProperty("ntlm") NTLM,
        @JsonProperty("kerberos") KERBEROS,
        @JsonProperty("basic") BASIC
    }

    public SecretRef getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretRef credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public Transport getTransport() {
        return transport;
    }

    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public Authentication getAuthentication() {
        return authentication;
    }

    public void setAuthentication(Authentication authentication) {
        this.authentication = authentication;
    }

    public SecretKeyRef getCaSecretRef() {
        return caSecretRef;
    }

    public void setCaSecretRef(SecretKeyRef caSecretRef) {
        this.caSecretRef = caSecretRef;
    }

    public Boolean getInsecureSkipTlsVerify() {
        return insecureSkipTlsVerify;
    }

    public void setInsecureSkipTlsVerify(Boolean insecureSkipTlsVerify) {
        this.insecureSkipTlsVerify = insecureSkipTlsVerify;
    }

    public Boolean getAllowUnencrypted() {
        return allowUnencrypted;
    }

    public void setAllowUnencrypted(Boolean allowUnencrypted) {
        this.allowUnencrypted = allowUnencrypted;
    }

    public String getOperationTimeout() {
        return operationTimeout;
    }

    public void setOperationTimeout(String operationTimeout) {
        this.operationTimeout = operationTimeout;
    }
}
