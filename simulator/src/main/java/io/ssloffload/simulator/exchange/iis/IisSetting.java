package io.ssloffload.simulator.exchange.iis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration attributes this simulator models, each in its applicationHost.config
 * section. Both sections are locked at APPHOST (overrideModeDefault="Deny"), so they can only be
 * written there, in {@code <location>} tags.
 */
public enum IisSetting {

    SSL_FLAGS("system.webServer/security/access", "sslFlags", "flags"),
    EXTENDED_PROTECTION_TOKEN_CHECKING("system.webServer/security/authentication/windowsAuthentication",
            "extendedProtection.tokenChecking", "enum");

    /** Schema default of both attributes. */
    public static final String DEFAULT_VALUE = "None";

    private static final List<String> TOKEN_CHECKING = List.of("None", "Allow", "Require");

    private final String section;
    private final String attribute;
    private final String schemaType;

    IisSetting(String section, String attribute, String schemaType) {
        this.section = section;
        this.attribute = attribute;
        this.schemaType = schemaType;
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
        if (text.matches("\\d+") && Integer.parseInt(text) < TOKEN_CHECKING.size()) {
            return TOKEN_CHECKING.get(Integer.parseInt(text));
        }
        return TOKEN_CHECKING.stream().filter(v -> v.equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(String.format(Locale.ROOT,
                        "'%s' is not a valid value for extendedProtection.tokenChecking. "
                                + "Enum must be one of None, Allow, Require.", text)));
    }

    /** What a ConfigurationAttribute's Value holds for the default: the flags' number, the enum's name. */
    public Object rawDefault() {
        return this == SSL_FLAGS ? (Object) 0 : DEFAULT_VALUE;
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
