package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;

import java.util.List;

/**
 * Outlook Anywhere as held in Active Directory for one server (what Get-OutlookAnywhere reports
 * and Set-OutlookAnywhere takes). Null fields are unset.
 */
public record OutlookAnywhereSettings(
        String externalHostname,
        String internalHostname,
        Boolean externalClientsRequireSsl,
        Boolean internalClientsRequireSsl,
        AuthenticationMethod externalClientAuthenticationMethod,
        AuthenticationMethod internalClientAuthenticationMethod,
        List<AuthenticationMethod> iisAuthenticationMethods,
        boolean sslOffloading) {

    public OutlookAnywhereSettings {
        iisAuthenticationMethods = iisAuthenticationMethods == null ? List.of() : List.copyOf(iisAuthenticationMethods);
    }
}
