package io.ssloffload.simulator.exchange.ad;

import java.util.List;

/**
 * One server's Outlook Anywhere virtual directory object in Active Directory
 * ({@code CAS01\Rpc (Default Web Site)}). Hostnames are null when not configured.
 */
public record OutlookAnywhereSettings(String server, String externalHostname, String internalHostname,
                                      boolean externalClientsRequireSsl, boolean internalClientsRequireSsl,
                                      AuthenticationMethod externalClientAuthenticationMethod,
                                      AuthenticationMethod internalClientAuthenticationMethod,
                                      List<AuthenticationMethod> iisAuthenticationMethods,
                                      boolean sslOffloading) {

    public static final String VIRTUAL_DIRECTORY_NAME = "Rpc (Default Web Site)";

    public OutlookAnywhereSettings {
        iisAuthenticationMethods = List.copyOf(iisAuthenticationMethods);
    }

    /**
     * As a new Exchange 2013 server has it. SSL offloading is on: Microsoft's page on SSL
     * offloading says "SSL offloading is enabled by default" for Outlook Anywhere.
     */
    public static OutlookAnywhereSettings installDefaults(String server, String externalHostname) {
        return new OutlookAnywhereSettings(server, externalHostname, null, true, false,
                AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm,
                List.of(AuthenticationMethod.Basic, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate), true);
    }

    public String identity() {
        return server + "\\" + VIRTUAL_DIRECTORY_NAME;
    }

    /**
     * The object after a Set-OutlookAnywhere, checked by the cmdlet's own rules (2013 CU23).
     *
     * @throws IllegalArgumentException with the cmdlet's message; nothing is changed then
     */
    public OutlookAnywhereSettings apply(OutlookAnywhereChange change) {
        if (change.externalHostnameGiven() && change.externalHostname() != null) {
            if (change.externalClientsRequireSsl() == null) {
                throw new IllegalArgumentException("The ExternalClientsRequireSsl parameter must be specified "
                        + "when the ExternalHostname parameter is specified.");
            }
            if (change.externalClientAuthenticationMethod() == null) {
                throw new IllegalArgumentException("The ExternalClientAuthenticationMethod parameter must be "
                        + "specified when the ExternalHostname parameter is specified.");
            }
        }
        if (change.internalHostnameGiven() && change.internalHostname() != null
                && change.internalClientsRequireSsl() == null) {
            throw new IllegalArgumentException("The InternalClientsRequireSsl parameter must be specified "
                    + "when the InternalHostname parameter is specified.");
        }
        OutlookAnywhereSettings next = new OutlookAnywhereSettings(server,
                change.externalHostnameGiven() ? change.externalHostname() : externalHostname,
                change.internalHostnameGiven() ? change.internalHostname() : internalHostname,
                orElse(change.externalClientsRequireSsl(), externalClientsRequireSsl),
                orElse(change.internalClientsRequireSsl(), internalClientsRequireSsl),
                orElse(change.externalClientAuthenticationMethod(), externalClientAuthenticationMethod),
                orElse(change.internalClientAuthenticationMethod(), internalClientAuthenticationMethod),
                orElse(change.iisAuthenticationMethods(), iisAuthenticationMethods),
                orElse(change.sslOffloading(), sslOffloading));
        if (next.externalHostname == null && next.internalHostname == null) {
            throw new IllegalArgumentException("At least one of the ExternalHostname or InternalHostname "
                    + "parameters must be specified for Outlook Anywhere.");
        }
        if (next.externalHostname != null && next.externalClientAuthenticationMethod == AuthenticationMethod.Basic
                && !next.externalClientsRequireSsl) {
            throw new IllegalArgumentException("Basic authentication can't be used for external clients when "
                    + "ExternalClientsRequireSsl is $false.");
        }
        if (next.internalHostname != null && next.internalClientAuthenticationMethod == AuthenticationMethod.Basic
                && !next.internalClientsRequireSsl) {
            throw new IllegalArgumentException("Basic authentication can't be used for internal clients when "
                    + "InternalClientsRequireSsl is $false.");
        }
        if (Boolean.FALSE.equals(change.sslOffloading())
                && ((next.externalHostname != null && !next.externalClientsRequireSsl)
                || (next.internalHostname != null && !next.internalClientsRequireSsl))) {
            throw new IllegalArgumentException("SSLOffloading can't be set to $false unless ClientsRequireSsl is "
                    + "$true for every configured host name (ExternalClientsRequireSsl for ExternalHostname, "
                    + "InternalClientsRequireSsl for InternalHostname).");
        }
        return next;
    }

    private static <T> T orElse(T given, T current) {
        return given != null ? given : current;
    }
}
