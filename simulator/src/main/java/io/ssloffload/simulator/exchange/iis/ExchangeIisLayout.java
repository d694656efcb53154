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

    private static final List<String> FRONT_END_APPLICATIONS = List.of("owa", "owa/Integrated", "owa/oma",
            "owa/Calendar", "ecp", "EWS", "Autodiscover", "OAB", "Microsoft-Server-ActiveSync", "mapi", "Rpc",
            "PowerShell");
    private static final List<String> BACK_END_APPLICATIONS = List.of("owa", "owa/Calendar", "ecp", "EWS",
            "Autodiscover", "OAB", "Microsoft-Server-ActiveSync", "mapi", "mapi/emsmdb", "mapi/nspi", "Rpc",
            "RpcWithCert", "PowerShell");

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

    /** A freshly installed server of this build. */
    public static IisConfiguration freshInstall(ExchangeBuild build) {
        IisConfiguration config = new IisConfiguration();
        config.addSite(FRONT_END);
        FRONT_END_APPLICATIONS.forEach(app -> config.addLocation(FRONT_END + "/" + app));
        config.addSite(BACK_END);
        BACK_END_APPLICATIONS.forEach(app -> config.addLocation(BACK_END + "/" + app));
        resetFrontEnd(config, build);
        rpcAuthentication(INSTALLED_RPC_AUTHENTICATION).forEach((setting, value) -> config.setExplicit(RPC, setting, value));
        config.setExplicit(BACK_END, IisSetting.SSL_FLAGS, SslFlags.SSL_SSL128);
        config.setExplicit(BACK_END + "/PowerShell", IisSetting.SSL_FLAGS, "Ssl,SslNegotiateCert,Ssl128");
        return config;
    }

    /**
     * What setup (or a CU) writes to Default Web Site: every location gets its install-time
     * sslFlags back, inherited ones lose any explicit value; Extended Protection is turned on only
     * by builds that install with it.
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
            if (build.installsWithExtendedProtection() && !location.equals(FRONT_END)) {
                config.setExplicit(location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING, "Require");
            }
        }
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
        // Require SSL is unticked on Rpc at install, matching Outlook Anywhere's SSLOffloading $true
        values.put("Rpc", SslFlags.NONE);
        values.put("PowerShell", SslFlags.NEGOTIATE_CERT);
        if (build.isExchange2016OrLater()) {
            values.put("Microsoft-Server-ActiveSync", SslFlags.SSL_SSL128);
        }
        return values;
    }
}
