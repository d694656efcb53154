package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.List;

/** Set-OutlookAnywhere's parameters; {@code -SSLOffloading $true} is always added by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutlookAnywhereSpec {

    @Pattern(ServerSpec.HOST_PATTERN)
    private String externalHostname;

    @Pattern(ServerSpec.HOST_PATTERN)
    private String internalHostname;

    private AuthenticationMethod externalClientAuthenticationMethod;

    private AuthenticationMethod internalClientAuthenticationMethod;

    private Boolean externalClientsRequireSsl;

    private Boolean internalClientsRequireSsl;

    @Size(min = 1, max = 3)
    private List<AuthenticationMethod> iisAuthenticationMethods;

    public String getExternalHostname() {
        return externalHostname;
    }

    public void setExternalHostname(String externalHostname) {
        this.externalHostname = externalHostname;
    }

    public String getInternalHostname() {
        return internalHostname;
    }

    public void setInternalHostname(String internalHostname) {
        this.internalHostname = internalHostname;
    }

    public AuthenticationMethod getExternalClientAuthenticationMethod() {
        return externalClientAuthenticationMethod;
    }

    public void setExternalClientAuthenticationMethod(AuthenticationMethod method) {
        this.externalClientAuthenticationMethod = method;
    }

    public AuthenticationMethod getInternalClientAuthenticationMethod() {
        return internalClientAuthenticationMethod;
    }

    public void setInternalClientAuthenticationMethod(AuthenticationMethod method) {
        this.internalClientAuthenticationMethod = method;
    }

    public Boolean getExternalClientsRequireSsl() {
        return externalClientsRequireSsl;
    }

    public void setExternalClientsRequireSsl(Boolean externalClientsRequireSsl) {
        this.externalClientsRequireSsl = externalClientsRequireSsl;
    }

    public Boolean getInternalClientsRequireSsl() {
        return internalClientsRequireSsl;
    }

    public void setInternalClientsRequireSsl(Boolean internalClientsRequireSsl) {
        this.internalClientsRequireSsl = internalClientsRequireSsl;
    }

    public List<AuthenticationMethod> getIisAuthenticationMethods() {
        return iisAuthenticationMethods;
    }

    public void setIisAuthenticationMethods(List<AuthenticationMethod> iisAuthenticationMethods) {
        this.iisAuthenticationMethods = iisAuthenticationMethods;
    }
}
