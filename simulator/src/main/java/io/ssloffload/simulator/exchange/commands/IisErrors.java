package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.iis.ExchangeIisLayout;

import java.util.Locale;

/**
 * The IIS configuration system's error texts (approximations of the COM errors it reports:
 * "Filename: ... Error: ..." for path problems, the lock message for sections locked at APPHOST).
 */
final class IisErrors {

    private IisErrors() {
    }

    static String unknownPath(String configPath) {
        return "Filename: \r\nError: Unrecognized configuration path '" + configPath + "'\r\n\r\n";
    }

    static String unknownSection(String section, String configPath) {
        return "Target configuration object '" + section + "' is not found at path '" + configPath + "'.";
    }

    static String unknownAttribute(String attribute, String section) {
        return "Property " + attribute + " is not found on /" + section + ".";
    }

    static String lockedSection(String location) {
        return "Filename: \\\\?\\" + physicalWebConfig(location) + "\r\nLine number: 0\r\nError: This configuration "
                + "section cannot be used at this path. This happens when the section is locked at a parent level. "
                + "Locking is either by default (overrideModeDefault=\"Deny\"), or set explicitly by a location tag "
                + "with overrideMode=\"Deny\" or the legacy allowOverride=\"false\".\r\n\r\n";
    }

    /** Where the web.config of a location lives on an Exchange server. */
    private static String physicalWebConfig(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        String front = ExchangeIisLayout.FRONT_END.toLowerCase(Locale.ROOT) + "/";
        String back = ExchangeIisLayout.BACK_END.toLowerCase(Locale.ROOT) + "/";
        if (lower.startsWith(front)) {
            return "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\"
                    + location.substring(front.length()).replace('/', '\\') + "\\web.config";
        }
        if (lower.startsWith(back)) {
            return "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\ClientAccess\\"
                    + location.substring(back.length()).replace('/', '\\') + "\\web.config";
        }
        return "C:\\inetpub\\wwwroot\\web.config";
    }
}
