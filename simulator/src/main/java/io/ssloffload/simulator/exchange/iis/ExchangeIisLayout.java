package io.ssloffload.simulator.exchange.iis;

import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.exchange.ad.AuthenticationMethod;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IIS sites, applications and sslFlags an Exchange setup writes (exchange-facts.md). */
public final class ExchangeIisLayout {

    public static final String FRONT_END = "Default Web Site";
    public static final String BACK_END = "Exchange Back End";
    public static final String RPC = FRONT_END + "/Rpc";

    /** Applications (and ActiveSync's Proxy location) of every build, as CSS-Exchange's applicationHost.config test data has them. */
    private static final List<String> FRONT_END_APPLICATIONS = List.of("owa", "owa/Integrated", "owa/oma",
            "owa/Calendar", "ecp", "EWS", "Autodiscover", "OAB", "Microsoft-Server-ActiveSync",
            "Microsoft-Server-ActiveSync/Proxy", "mapi", "Rpc", "PowerShell");
    private static final List<String> BACK_END_APPLICATIONS = List.of("owa", "owa/Calendar", "ecp", "EWS",
            "Autodiscover", "OAB", "Microsoft-Server-ActiveSync", "Microsoft-Server-ActiveSync/Proxy", "mapi",
            "mapi/emsmdb", "mapi/nspi", "Rpc", "RpcWithCert", "PowerShell", "PushNotifications");
    /** The REST API vdir of 2016 and later (pools MSExchangeRestFrontEndAppPool / MSExchangeRestAppPool); 2013 has none. */
    public static final String API = "API";

    /**
     * Extended Protection (windowsAuthentication/extendedProtection/@tokenChecking) as Microsoft
     * recommends it and 2019 CU14+ Setup writes it, per location of both sites. Sources: Microsoft
     * Learn "Configure Windows Extended Protection in Exchange Server" (2025-04-30, the table of
     * recommended values) and CSS-Exchange Shared/IISFunctions/ExtendedProtection/
     * Get-ExtendedProtectionConfigurationResult.ps1. Locations not listed inherit from their parent.
     */
    private static final Map<String, String> RECOMMENDED_TOKEN_CHECKING = Map.ofEntries(
            Map.entry(FRONT_END + "/API", "Require"),
            Map.entry(FRONT_END + "/Autodiscover", "None"),
            Map.entry(FRONT_END + "/ecp", "Require"),
            Map.entry(FRONT_END + "/EWS", "Allow"),
            Map.entry(FRONT_END + "/Microsoft-Server-ActiveSync", "Allow"),
            Map.entry(FRONT_END + "/Microsoft-Server-ActiveSync/Proxy", "Allow"),
            Map.entry(FRONT_END + "/OAB", "Allow"),
            Map.entry(FRONT_END + "/PowerShell", "None"),
            Map.entry(FRONT_END + "/owa", "Require"),
            Map.entry(FRONT_END + "/Rpc", "Require"),
            Map.entry(FRONT_END + "/mapi", "Require"),
            Map.entry(BACK_END + "/API", "Require"),
            Map.entry(BACK_END + "/Autodiscover", "None"),
            Map.entry(BACK_END + "/ecp", "Require"),
            Map.entry(BACK_END + "/EWS", "Require"),
            Map.entry(BACK_END + "/Microsoft-Server-ActiveSync", "Require"),
            Map.entry(BACK_END + "/Microsoft-Server-ActiveSync/Proxy", "Require"),
            Map.entry(BACK_END + "/OAB", "Require"),
            Map.entry(BACK_END + "/PowerShell", "Require"),
            Map.entry(BACK_END + "/owa", "Require"),
            Map.entry(BACK_END + "/Rpc", "Require"),
            Map.entry(BACK_END + "/PushNotifications", "Require"),
            Map.entry(BACK_END + "/RpcWithCert", "Require"),
            Map.entry(BACK_END + "/mapi/emsmdb", "Require"),
            Map.entry(BACK_END + "/mapi/nspi", "Require"));

    /** Outlook Anywhere's IISAuthenticationMethods at install, which setup also writes to Rpc. */
    public static final List<AuthenticationMethod> INSTALLED_RPC_AUTHENTICATION =
            List.of(AuthenticationMethod.Basic, AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate);

    private ExchangeIisLayout() {
    }

    /**
     * What the Service Host writes to the Rpc vdir for Outlook Anywhere's IISAuthenticationMethods:
     * Basic authentication on for Basic, Windows authentication on for Ntlm or Negotiate, with
     * those providers (Negotiate first, as IIS lists them).
     */
    public static Map<IisSetting, String> rpcAuthentication(List<AuthenticationMethod> methods) {
        Map<IisSetting, String> values = new EnumMap<>(IisSetting.class);
        values.put(IisSetting.BASIC_AUTHENTICATION_ENABLED, String.valueOf(methods.contains(AuthenticationMethod.Basic)));
        List<String> providers = new ArrayList<>();
        if (methods.contains(AuthenticationMethod.Negotiate)) {
            providers.add("Negotiate");
        }
        if (methods.contains(AuthenticationMethod.Ntlm)) {
            providers.add("NTLM");
        }
        values.put(IisSetting.WINDOWS_AUTHENTICATION_ENABLED, String.valueOf(!providers.isEmpty()));
        values.put(IisSetting.WINDOWS_AUTHENTICATION_PROVIDERS, String.join(",", providers));
        return values;
    }

    /** The authentication methods a location's effective IIS settings allow, in enum order. */
    public static List<AuthenticationMethod> authenticationMethods(IisConfiguration config, String location) {
        List<AuthenticationMethod> methods = new ArrayList<>();
        if (Boolean.parseBoolean(config.effective(location, IisSetting.BASIC_AUTHENTICATION_ENABLED).value())) {
            methods.add(AuthenticationMethod.Basic);
        }
        if (Boolean.parseBoolean(config.effective(location, IisSetting.WINDOWS_AUTHENTICATION_ENABLED).value())) {
            List<String> providers = List.of(config.effective(location, IisSetting.WINDOWS_AUTHENTICATION_PROVIDERS)
                    .value().split(","));
            if (providers.stream().anyMatch("NTLM"::equalsIgnoreCase)) {
                methods.add(AuthenticationMethod.Ntlm);
            }
            if (providers.stream().anyMatch("Negotiate"::equalsIgnoreCase)) {
                methods.add(AuthenticationMethod.Negotiate);
            }
        }
        return methods;
    }

    /**
     * A freshly installed server of this build, without Extended Protection (Setup turns it on
     * afterwards with {@link #enableExtendedProtection}).
     */
    public static IisConfiguration freshInstall(ExchangeBuild build) {
        IisConfiguration config = new IisConfiguration();
        config.addSite(FRONT_END);
        FRONT_END_APPLICATIONS.forEach(app -> config.addLocation(FRONT_END + "/" + app));
        config.addSite(BACK_END);
        BACK_END_APPLICATIONS.forEach(app -> config.addLocation(BACK_END + "/" + app));
        if (build.isExchange2016OrLater()) {
            config.addLocation(FRONT_END + "/" + API);
            config.addLocation(BACK_END + "/" + API);
        }
        resetFrontEnd(config, build);
        rpcAuthentication(INSTALLED_RPC_AUTHENTICATION).forEach((setting, value) -> config.setExplicit(RPC, setting, value));
        config.setExplicit(BACK_END, IisSetting.SSL_FLAGS, SslFlags.SSL_SSL128);
        config.setExplicit(BACK_END + "/PowerShell", IisSetting.SSL_FLAGS, "Ssl,SslNegotiateCert,Ssl128");
        if (build.isExchange2016OrLater()) {
            config.setExplicit(BACK_END + "/" + API, IisSetting.SSL_FLAGS, SslFlags.SSL_SSL128);
        }
        return config;
    }

    /**
     * What setup (or a CU) writes to Default Web Site's sslFlags: every location gets its
     * install-time value back, inherited ones lose any explicit value.
     */
    public static void resetFrontEnd(IisConfiguration config, ExchangeBuild build) {
        Map<String, String> defaults = frontEndSslFlags(build);
        for (String location : config.locationsOfSite(FRONT_END)) {
            String value = defaults.get(location.substring(FRONT_END.length()).replaceFirst("^/", ""));
            if (value == null) {
                config.clearExplicit(location, IisSetting.SSL_FLAGS);
            } else {
                config.setExplicit(location, IisSetting.SSL_FLAGS, value);
            }
        }
    }

    /**
     * What 2019 CU14+ Setup writes unless run with /DoNotEnableEP: Microsoft's recommended
     * tokenChecking on every listed location of both sites, overwriting what was there.
     *
     * @return the locations whose explicit value changed, with the value before (null: none)
     */
    public static Map<String, String> enableExtendedProtection(IisConfiguration config) {
        Map<String, String> before = new LinkedHashMap<>();
        RECOMMENDED_TOKEN_CHECKING.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                config.find(entry.getKey()).ifPresent(location -> {
                    String old = config.setExplicit(location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING, entry.getValue());
                    if (!entry.getValue().equals(old)) {
                        before.put(location, old);
                    }
                }));
        return before;
    }

    /** Explicit install-time sslFlags of Default Web Site by application ("" is the site root). */
    static Map<String, String> frontEndSslFlags(ExchangeBuild build) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("", SslFlags.SSL_SSL128);
        values.put("owa/Integrated", SslFlags.SSL_SSL128);
        values.put("owa/oma", SslFlags.SSL_SSL128);
        values.put("owa/Calendar", SslFlags.NONE);
        values.put("OAB", SslFlags.SSL_SSL128);
        values.put("mapi", SslFlags.SSL_SSL128);
        values.put(API, SslFlags.SSL_SSL128);
        // Require SSL is unticked on Rpc at install, matching Outlook Anywhere's SSLOffloading $true
        values.put("Rpc", SslFlags.NONE);
        values.put("PowerShell", SslFlags.NEGOTIATE_CERT);
        if (build.isExchange2016OrLater()) {
            values.put("Microsoft-Server-ActiveSync", SslFlags.SSL_SSL128);
        }
        return values;
    }
}
