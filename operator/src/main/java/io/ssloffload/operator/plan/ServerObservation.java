package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one observation of a server found.
 *
 * @param sslFlags           effective sslFlags in Default Web Site per protocol in scope
 *                           ({@link Protocol#OUTLOOK_ANYWHERE} → the Rpc vdir, as the Service Host left it)
 * @param extendedProtection {@code extendedProtection.tokenChecking} (None, Allow, Require) per protocol in scope
 * @param rpcAuthentication  the authentication methods Rpc's IIS settings allow (Basic authentication;
 *                           Windows authentication's NTLM and Negotiate providers), as the Service Host
 *                           left them; present when Outlook Anywhere is in scope
 * @param outlookAnywhere    the AD settings, present only when they were read (it costs an Exchange session)
 * @param notPresent         protocols in scope whose vdir does not exist on this server (the API vdir on
 *                           Exchange 2013); they have no sslFlags and no Extended Protection here
 */
public record ServerObservation(
        ExchangeBuild build,
        Map<Protocol, SslFlags> sslFlags,
        Map<Protocol, String> extendedProtection,
        Optional<Set<AuthenticationMethod>> rpcAuthentication,
        Optional<OutlookAnywhereSettings> outlookAnywhere,
        Set<Protocol> notPresent) {

    /** A server on which every protocol in scope has its vdir. */
    public ServerObservation(ExchangeBuild build, Map<Protocol, SslFlags> sslFlags, Map<Protocol, String> extendedProtection,
                             Optional<Set<AuthenticationMethod>> rpcAuthentication,
                             Optional<OutlookAnywhereSettings> outlookAnywhere) {
        this(build, sslFlags, extendedProtection, rpcAuthentication, outlookAnywhere, Set.of());
    }

    public ServerObservation {
        sslFlags = Map.copyOf(sslFlags);
        extendedProtection = Map.copyOf(extendedProtection);
        rpcAuthentication = rpcAuthentication.map(methods -> Collections.unmodifiableSet(methods.isEmpty()
                ? EnumSet.noneOf(AuthenticationMethod.class) : EnumSet.copyOf(methods)));
        notPresent = Collections.unmodifiableSet(notPresent.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(notPresent));
    }

    public ServerObservation withOutlookAnywhere(OutlookAnywhereSettings settings) {
        return new ServerObservation(build, sslFlags, extendedProtection, rpcAuthentication, Optional.of(settings), notPresent);
    }
}
