package io.ssloffload.operator.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of per-protocol facts (exchange-facts.md): where each protocol lives in
 * Default Web Site, which app pool serves it, and whether it can be offloaded at all.
 * The JSON names are the values users write in {@code spec.protocols}.
 */
public enum Protocol {
    @JsonProperty("owa") OWA("owa", "owa", "MSExchangeOWAAppPool"),
    @JsonProperty("ecp") ECP("ecp", "ecp", "MSExchangeECPAppPool"),
    @JsonProperty("oab") OAB("oab", "OAB", "MSExchangeOABAppPool"),
    @JsonProperty("eas") EAS("eas", "Microsoft-Server-ActiveSync", "MSExchangeSyncAppPool"),
    @JsonProperty("ews") EWS("ews", "EWS", "MSExchangeServicesAppPool"),
    @JsonProperty("autodiscover") AUTODISCOVER("autodiscover", "Autodiscover", "MSExchangeAutodiscoverAppPool"),
    @JsonProperty("mapi") MAPI("mapi", "mapi", "MSExchangeMapiFrontEndAppPool"),
    /**
     * The REST API (Exchange 2016 CU3 and later; Exchange 2013 has no such vdir, which observation
     * finds and reports as not present there).
     */
    @JsonProperty("api") API("api", "API", "MSExchangeRestFrontEndAppPool"),
    /**
     * RPC over HTTP: configured in Active Directory with Set-OutlookAnywhere; the Exchange Service
     * Host copies it to the Rpc vdir's sslFlags on its next pass, so the operator never writes Rpc.
     */
    @JsonProperty("outlookAnywhere") OUTLOOK_ANYWHERE("outlookAnywhere", "Rpc", "MSExchangeRpcProxyFrontEndAppPool"),
    /** Runs under EWS and needs signed/encrypted traffic: SSL offloading is not supported. */
    @JsonProperty("mrsProxy") MRS_PROXY("mrsProxy", null, null);

    /** The only site the operator may change; "Exchange Back End" is never touched. */
    public static final String SITE = "Default Web Site";

    /** What Exchange ships on every offloadable location (explicitly or inherited from the site root). */
    public static final String SHIPPED_SSL_FLAGS = "Ssl,Ssl128";

    private final String specName;
    private final String vdir;
    private final String appPool;

    Protocol(String specName, String vdir, String appPool) {
        this.specName = specName;
        this.vdir = vdir;
        this.appPool = appPool;
    }

    public String specName() {
        return specName;
    }

    /** The IIS configuration location, e.g. {@code Default Web Site/owa}; empty for MRSProxy. */
    public Optional<String> location() {
        return Optional.ofNullable(vdir).map(v -> SITE + "/" + v);
    }

    /** The app pool to recycle after this protocol's settings changed; empty for MRSProxy. */
    public Optional<String> appPool() {
        return Optional.ofNullable(appPool);
    }

    public boolean offloadable() {
        return this != MRS_PROXY;
    }

    /**
     * Whether Exchange answers {@code /<vdir>/healthcheck.htm} for it: Microsoft's load-balancing
     * guidance lists it for every offloadable protocol but the REST API.
     */
    public boolean answersHealthCheck() {
        return offloadable() && this != API;
    }

    /** Protocols whose sslFlags the operator writes directly in IIS. */
    public boolean configuredInIis() {
        return offloadable() && this != OUTLOOK_ANYWHERE;
    }

    /** The default scope of a resource that names no protocols: every offloadable one. */
    public static Set<Protocol> offloadableProtocols() {
        EnumSet<Protocol> all = EnumSet.allOf(Protocol.class);
        all.removeIf(p -> !p.offloadable());
        return all;
    }

    /** Exchange's identity of a server's Outlook Anywhere vdir: {@code CAS01\Rpc (Default Web Site)}. */
    public static String outlookAnywhereIdentity(String server) {
        return server + "\\" + OUTLOOK_ANYWHERE.vdir + " (" + SITE + ")";
    }

    public static Optional<Protocol> fromSpecName(String name) {
        return Arrays.stream(values()).filter(p -> p.specName.equals(name)).findFirst();
    }
}
