package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.Map;
import java.util.Optional;

/**
 * What one observation of a server found.
 *
 * @param sslFlags           effective sslFlags in Default Web Site per protocol in scope
 *                           ({@link Protocol#OUTLOOK_ANYWHERE} → the Rpc vdir, as the Service Host left it)
 * @param extendedProtection {@code extendedProtection.tokenChecking} (None, Allow, Require) per protocol in scope
 * @param outlookAnywhere    the AD settings, present only when they were read (it costs an Exchange session)
 */
public record ServerObservation(
        ExchangeBuild build,
        Map<Protocol, SslFlags> sslFlags,
        Map<Protocol, String> extendedProtection,
        Optional<OutlookAnywhereSettings> outlookAnywhere) {

    public ServerObservation {
        sslFlags = Map.copyOf(sslFlags);
        extendedProtection = Map.copyOf(extendedProtection);
    }

    public ServerObservation withOutlookAnywhere(OutlookAnywhereSettings settings) {
        return new ServerObservation(build, sslFlags, extendedProtection, Optional.of(settings));
    }
}
