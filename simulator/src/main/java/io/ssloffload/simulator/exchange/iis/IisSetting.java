package io.ssloffload.simulator.exchange.iis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration attributes this simulator models, each in its applicationHost.config
 * section. Every section is locked at APPHOST (overrideModeDefault="Deny"), so they can only be
 * written there, in {@code <location>} tags. Windows authentication's providers are a collection,
 * read as {@code -Name Collection} (one element with a {@code value} per provider); only the
 * Exchange Service Host writes them here.
 */
public enum IisSetting {

    SSL_FLAGS("system.webServer/security/access", "sslFlags", "flags", "None"),
    EXTENDED_PROTECTION_TOKEN_CHECKING("system.webServer/security/authentication/windowsAuthentication",
            "extendedProtection.tokenChecking", "enum", "None"),
    BASIC_AUTHENTICATION_ENABLED("system.webServer/security/authentication/basicAuthentication", "enabled", "bool",
            "false"),
    WINDOWS_AUTHENTICATION_ENABLED("system.webServer/security/authentication/windowsAuthentication", "enabled", "bool",
            "false"),
    /** Comma-separated provider names in order ({@code Negotiate,NTLM}); IIS's default list. */
    WINDOWS_AUTHENTICATION_PROVIDERS("system.webServer/security/authentication/windowsAuthentication/providers",
            "Collection", "collection", "Negotiate,NTLM");

    /** Schema default of sslFlags and tokenChecking. */
    public static final String DEFAULT_VALUE = "None";

    private static final List<String> TOKEN_CHECKING = List.of("None", "Allow", "Require");

    private final String section;
    private final String attribute;
    private final String schemaType;
    private final String schemaDefault;

    IisSetting(String section, String attribute, String schemaType, String schemaDefault) {
        this.section = section;
        this.attribute = attribute;
        this.schemaType = schemaType;
        this.schemaDefault = schemaDefault;
    }

    /** The canonical value a location has when nothing above it sets one. */
    public String schemaDefault() {
        return schemaDefault;
    }

    public boolean isBoolean() {
        return schemaType.equals("bool");
    }

    public boolean isCollection() {
        return schemaType.equals("collection");
    }

    public String attribute() {
        return attribute;
    }

    /** The section path, e.g. {@code system.webServer/security/access}. */
    public String section() {
        return section;
    }

    public String schemaType() {
        return schemaType;
    }

    /** The last part of the section path, as appcmd's {@code /section:access} short form names it. */
    public String shortSectionName() {
        return section.substring(section.lastIndexOf('/') + 1);
    }

    /**
     * Canonical text of a value to write.
     *
     * @throws IllegalArgumentException with the message a user sees
     */
    public String canonical(Object value) {
        if (this == SSL_FLAGS) {
            return SslFlags.canonical(value);
        }
        String text = value == null ? "" : String.valueOf(value).trim();
        if (isBoolean()) {
            if (text.equalsIgnoreCase("true") || text.equals("1")) {
                return "true";
            }
            if (text.equalsIgnoreCase("false") || text.equals("0")) {
                return "false";
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "'%s' is not a valid value for %s. Value must be true or false.", text, attribute));
        }
        if (isCollection()) {
            throw new IllegalArgumentException("Set-WebConfigurationProperty cannot replace the " + attribute
                    + " of " + section + " in this simulator (Add-/Remove-WebConfigurationProperty are not modelled)");
        }
        if (text.matches("\\d+") && Integer.parseInt(text) < TOKEN_CHECKING.size()) {
            return TOKEN_CHECKING.get(Integer.parseInt(text));
        }
        return TOKEN_CHECKING.stream().filter(v -> v.equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(String.format(Locale.ROOT,
                        "'%s' is not a valid value for extendedProtection.tokenChecking. "
                                + "Enum must be one of None, Allow, Require.", text)));
    }

    /** What a ConfigurationAttribute's Value holds for the default: the flags' number, the enum's name, a Boolean. */
    public Object rawDefault() {
        return rawValue(schemaDefault);
    }

    /** What a ConfigurationAttribute's Value holds for a canonical value ({@code None} flags are 0). */
    public Object rawValue(String canonical) {
        if (isBoolean()) {
            return Boolean.parseBoolean(canonical);
        }
        return this == SSL_FLAGS && DEFAULT_VALUE.equals(canonical) ? (Object) 0 : canonical;
    }

    /** The section a filter names ({@code /system.webServer/security/access}, any case), if modelled. */
    public static boolean isKnownSection(String filter) {
        String wanted = normaliseSection(filter);
        return Arrays.stream(values()).anyMatch(s -> s.section.equalsIgnoreCase(wanted)
                || (s.attribute.contains(".") && (s.section + "/" + s.attribute.substring(0, s.attribute.lastIndexOf('.')))
                .equalsIgnoreCase(wanted)));
    }

    /**
     * The attribute a filter and a name address. A child element can be named either way:
     * filter {@code .../windowsAuthentication} with name {@code extendedProtection.tokenChecking},
     * or filter {@code .../windowsAuthentication/extendedProtection} with name {@code tokenChecking}.
     */
    public static Optional<IisSetting> find(String filter, String name) {
        String wanted = normaliseSection(filter);
        String attr = name == null ? "" : name.trim();
        for (IisSetting s : values()) {
            if (s.section.equalsIgnoreCase(wanted) && s.attribute.equalsIgnoreCase(attr)) {
                return Optional.of(s);
            }
            int dot = s.attribute.lastIndexOf('.');
            if (dot > 0 && (s.section + "/" + s.attribute.substring(0, dot)).equalsIgnoreCase(wanted)
                    && s.attribute.substring(dot + 1).equalsIgnoreCase(attr)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A section by full path or by appcmd's short name ({@code access}). */
    public static Optional<String> resolveSection(String nameOrShort) {
        String wanted = normaliseSection(nameOrShort);
        return Arrays.stream(values())
                .filter(s -> s.section.equalsIgnoreCase(wanted) || s.shortSectionName().equalsIgnoreCase(wanted))
                .map(s -> s.section).findFirst();
    }

    public static String normaliseSection(String filter) {
        String f = filter == null ? "" : filter.trim();
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        return f;
    }
}
