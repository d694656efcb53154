package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasFleet;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.List;

/** Finds Outlook Anywhere objects by identity and shows them as Exchange does. */
final class OutlookAnywhereObjects {

    private OutlookAnywhereObjects() {
    }

    /**
     * Objects an identity names: {@code CAS01\Rpc (Default Web Site)}, with wildcards
     * ({@code CAS01\Rpc*}), or without a server part (the name on every server).
     */
    static List<OutlookAnywhereSettings> matching(CasFleet fleet, String identity) {
        String pattern = identity.trim();
        return fleet.activeDirectory().allOutlookAnywhere().stream()
                .filter(oa -> pattern.contains("\\")
                        ? LanguagePrimitives.like(oa.identity(), pattern, false)
                        : LanguagePrimitives.like(OutlookAnywhereSettings.VIRTUAL_DIRECTORY_NAME, pattern, false))
                .toList();
    }

    static PsObject toObject(CasFleet fleet, OutlookAnywhereSettings oa) {
        String fqdn = fleet.find(oa.server()).map(s -> s.fqdn()).orElse(oa.server());
        return new PsObject(List.of("Microsoft.Exchange.Data.Directory.SystemConfiguration.ADRpcHttpVirtualDirectory",
                "System.Object"), oa.identity())
                .with("Identity", oa.identity())
                .with("Server", oa.server())
                .with("Name", OutlookAnywhereSettings.VIRTUAL_DIRECTORY_NAME)
                .with("ExternalHostname", oa.externalHostname())
                .with("InternalHostname", oa.internalHostname())
                .with("ExternalClientsRequireSsl", oa.externalClientsRequireSsl())
                .with("InternalClientsRequireSsl", oa.internalClientsRequireSsl())
                .with("ExternalClientAuthenticationMethod", oa.externalClientAuthenticationMethod().name())
                .with("InternalClientAuthenticationMethod", oa.internalClientAuthenticationMethod().name())
                .with("IISAuthenticationMethods", oa.iisAuthenticationMethods().stream().map(Enum::name).toArray())
                .with("SSLOffloading", oa.sslOffloading())
                .with("MetabasePath", "IIS://" + fqdn + "/W3SVC/1/ROOT/Rpc")
                .with("Path", "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\rpc");
    }
}
