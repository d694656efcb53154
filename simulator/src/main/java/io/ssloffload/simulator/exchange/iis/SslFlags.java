package io.ssloffload.simulator.exchange.iis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** IIS's {@code sslFlags} flags attribute: names, bit values and the canonical text IIS writes. */
public final class SslFlags {

    /** Schema order, which is the order IIS prints combined flags in. */
    private static final Map<String, Integer> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("Ssl", 8);
        FLAGS.put("SslNegotiateCert", 32);
        FLAGS.put("SslRequireCert", 64);
        FLAGS.put("Ssl128", 256);
    }

    public static final String NONE = "None";
    public static final String SSL_SSL128 = "Ssl,Ssl128";
    public static final String NEGOTIATE_CERT = "SslNegotiateCert";

    private SslFlags() {
    }

    /**
     * Canonical text of a written value: a comma list of names (any case, spaces allowed around
     * commas) or the bit mask as a number.
     *
     * @throws IllegalArgumentException with the message a user sees, when a name or bit is unknown
     */
    public static String canonical(Object value) {
        if (value instanceof Number number) {
            return format(checkedMask(number.intValue(), String.valueOf(value)));
        }
        String text = value == null ? "" : String.valueOf(value).trim();
        if (text.matches("\\d+")) {
            return format(checkedMask(Integer.parseInt(text), text));
        }
        if (text.isEmpty()) {
            throw invalid(text);
        }
        int mask = 0;
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.equalsIgnoreCase(NONE)) {
                continue;
            }
            Integer bit = FLAGS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> invalid(text));
            mask |= bit;
        }
        return format(mask);
    }

    public static boolean requiresSsl(String canonical) {
        return (mask(canonical) & FLAGS.get("Ssl")) != 0;
    }

    public static int mask(String canonical) {
        int mask = 0;
        for (String part : canonical.split(",")) {
            mask |= FLAGS.getOrDefault(part.trim(), 0);
        }
        return mask;
    }

    private static int checkedMask(int mask, String text) {
        int known = FLAGS.values().stream().mapToInt(Integer::intValue).sum();
        if (mask < 0 || (mask & ~known) != 0) {
            throw invalid(text);
        }
        return mask;
    }

    private static String format(int mask) {
        List<String> names = new ArrayList<>();
        FLAGS.forEach((name, bit) -> {
            if ((mask & bit) != 0) {
                names.add(name);
            }
        });
        return names.isEmpty() ? NONE : String.join(",", names);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "'%s' is not a valid value for sslFlags. Flags must be None or a combination of "
                        + "Ssl, SslNegotiateCert, SslRequireCert, Ssl128.", text));
    }
}
