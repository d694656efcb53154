package io.ssloffload.simulator.exchange.ad;

import java.util.List;

/**
 * The parameters of one Set-OutlookAnywhere call. A null field was not given; hostnames carry a
 * separate "given" flag because {@code -InternalHostname $null} clears the value.
 */
public record OutlookAnywhereChange(boolean externalHostnameGiven, String externalHostname,
                                    boolean internalHostnameGiven, String internalHostname,
                                    Boolean externalClientsRequireSsl, Boolean internalClientsRequireSsl,
                                    AuthenticationMethod externalClientAuthenticationMethod,
                                    AuthenticationMethod internalClientAuthenticationMethod,
                                    List<AuthenticationMethod> iisAuthenticationMethods,
                                    Boolean sslOffloading) {

    public static OutlookAnywhereChange sslOffloading(boolean value) {
        return new OutlookAnywhereChange(false, null, false, null, null, null, null, null, null, value);
    }
}
