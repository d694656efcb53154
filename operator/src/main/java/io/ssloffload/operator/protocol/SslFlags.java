package io.ssloffload.operator.protocol;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * IIS {@code system.webServer/security/access} sslFlags. IIS writes them comma-separated with no
 * spaces ("Ssl,Ssl128"); reading may also give "None", spaces, or the numeric value.
 */
public record SslFlags(Set<Flag> flags) {

    public static final SslFlags NONE = new SslFlags(EnumSet.noneOf(Flag.class));

    public enum Flag {
        Ssl(8), SslNegotiateCert(32), SslRequireCert(64), Ssl128(256);

        private final int bit;

        Flag(int bit) {
            this.bit = bit;
        }
    }

    public SslFlags {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    }

    /**
     * Parses what Get-WebConfigurationProperty yields after normalisation: a flag list, "None",
     * or the integer value (the ConfigurationAttribute quirk).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SslFlags parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("None")) {
            return NONE;
        }
        if (trimmed.chars().allMatch(Character::isDigit)) {
            int value = Integer.parseInt(trimmed);
            EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
            for (Flag f : Flag.values()) {
                if ((value & f.bit) != 0) {
                    set.add(f);
                    value &= ~f.bit;
                }
            }
            if (value != 0) {
                throw new IllegalArgumentException("unknown sslFlags bits in " + text);
            }
            return new SslFlags(set);
        }
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        for (String part : trimmed.split(",")) {
            String name = part.trim();
            if (name.equalsIgnoreCase("None")) {
                continue;
            }
            set.add(java.util.Arrays.stream(Flag.values())
                    .filter(f -> f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown sslFlags value '" + name + "'")));
        }
        return new SslFlags(set);
    }

    /** True when plain HTTP is refused (403.4), i.e. the location cannot sit behind an offloader. */
    public boolean requiresSsl() {
        return flags.contains(Flag.Ssl);
    }

    /** The flags with "Require SSL" (and its 128-bit variant) removed; client-certificate flags kept. */
    public SslFlags withoutSslRequirement() {
        EnumSet<Flag> set = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        set.remove(Flag.Ssl);
        set.remove(Flag.Ssl128);
        return new SslFlags(set);
    }

    /** The form IIS writes: "None" or "Ssl,Ssl128" (declaration order, no spaces). */
    @Override
    public String toString() {
        return flags.isEmpty() ? "None" : flags.stream().map(Flag::name).collect(Collectors.joining(","));
    }
}
