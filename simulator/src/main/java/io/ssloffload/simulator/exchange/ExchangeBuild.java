package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.WindowsRelease;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An Exchange build number (15.0.847.32): ExSetup.exe's file version, security update included.
 * The major/minor pair tells the product: 15.0 is Exchange 2013, 15.1 is 2016, 15.2 is 2019 and
 * Subscription Edition (SE).
 */
public record ExchangeBuild(int major, int minor, int build, int revision) {

    public static final ExchangeBuild RTM = new ExchangeBuild(15, 0, 516, 32);
    public static final ExchangeBuild SP1 = new ExchangeBuild(15, 0, 847, 32);
    public static final ExchangeBuild CU23 = new ExchangeBuild(15, 0, 1497, 2);
    /** Exchange 2016 CU23, its last cumulative update. */
    public static final ExchangeBuild EXCHANGE_2016 = new ExchangeBuild(15, 1, 2507, 6);
    /** Exchange 2019 CU12. */
    public static final ExchangeBuild EXCHANGE_2019 = new ExchangeBuild(15, 2, 1118, 7);
    /** Exchange 2019 CU14: the first build that installs with Extended Protection on. */
    public static final ExchangeBuild EXCHANGE_2019_CU14 = new ExchangeBuild(15, 2, 1544, 4);
    public static final ExchangeBuild EXCHANGE_2019_CU15 = new ExchangeBuild(15, 2, 1748, 10);
    /** Exchange Server Subscription Edition RTM: the code of 2019 CU15, installed in place over CU14/CU15. */
    public static final ExchangeBuild EXCHANGE_SE = new ExchangeBuild(15, 2, 2562, 17);

    /**
     * The presets {@code --build} and {@code cu-upgrade?build=} take, by name without case, '-' or
     * '_'; each is a cumulative update (or service pack) as released, without security updates.
     * Sources: exchange-facts.md ("Versions and prerequisites", "Exchange as it runs today"),
     * Microsoft Learn "Exchange Server build numbers and release dates"; as of 2025-07.
     */
    private static final Map<String, ExchangeBuild> PRESETS = presets();

    private static Map<String, ExchangeBuild> presets() {
        Map<String, ExchangeBuild> presets = new LinkedHashMap<>();
        presets.put("rtm", RTM);                                 // 2013 RTM, 2012-12
        presets.put("sp1", SP1);                                 // 2013 SP1, 2014-02
        presets.put("cu23", CU23);                               // 2013 CU23, 2019-06
        presets.put("exchange2016", EXCHANGE_2016);
        presets.put("exchange2016cu23", EXCHANGE_2016);          // 2022-04
        presets.put("exchange2019", EXCHANGE_2019);              // 2019 CU12, 2022-04
        presets.put("exchange2019cu14", EXCHANGE_2019_CU14);     // 2024-02-13
        presets.put("exchange2019cu15", EXCHANGE_2019_CU15);     // 2025-02
        presets.put("exchangese", EXCHANGE_SE);                  // 2025-07-01
        return presets;
    }

    /** Exchange 2016 CU3 (15.1.544.27): the first 2016 build supported on Windows Server 2016. */
    private static final int EXCHANGE_2016_CU3_BUILD = 544;

    /**
     * Parses a full build ("15.2.2562.17", also with a security update's revision "15.2.2562.37")
     * or a preset name (RTM, SP1, CU23, Exchange2016, Exchange2016CU23, Exchange2019,
     * Exchange2019CU14, Exchange2019CU15, ExchangeSE).
     */
    public static ExchangeBuild parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        ExchangeBuild preset = PRESETS.get(key);
        if (preset != null) {
            return preset;
        }
        String[] parts = text.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an Exchange build (major.minor.build.revision or one of "
                    + "RTM, SP1, CU23, Exchange2016, Exchange2016CU23, Exchange2019, Exchange2019CU14, "
                    + "Exchange2019CU15, ExchangeSE): " + text);
        }
        try {
            return new ExchangeBuild(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an Exchange build: " + text, e);
        }
    }

    public boolean isExchange2013() {
        return major == 15 && minor == 0;
    }

    /** Exchange 2016 and later publish ActiveSync with its own explicit sslFlags and have the API (REST) vdir. */
    public boolean isExchange2016OrLater() {
        return major > 15 || (major == 15 && minor >= 1);
    }

    /** Same product line (2013, 2016, 2019/SE): only these upgrade in place. */
    public boolean sameProductAs(ExchangeBuild other) {
        return major == other.major && minor == other.minor;
    }

    /** Setup of 2019 CU14 and later (SE included, security updates of them too) turns Extended Protection on. */
    public boolean installsWithExtendedProtection() {
        return major == 15 && minor == 2 && build >= EXCHANGE_2019_CU14.build;
    }

    /**
     * The cumulative update this build belongs to: a security update raises only the revision, so
     * 15.2.2562.37 belongs to SE RTM 15.2.2562.17. A build of no known preset is its own base.
     */
    public ExchangeBuild cumulativeUpdate() {
        return PRESETS.values().stream().filter(p -> p.sameProductAs(this) && p.build == build).findFirst()
                .orElse(this);
    }

    /**
     * ExSetup.exe's FileVersion (and ProductVersion) string as Windows shows it, fields zero-padded
     * ("15.02.0986.005", as in CSS-Exchange's HealthChecker test data ExSetup.xml).
     */
    public String fileVersion() {
        return String.format(Locale.ROOT, "%d.%02d.%04d.%03d", major, minor, build, revision);
    }

    /**
     * The Windows Server release this simulator gives a server of this build: the newest one that
     * Microsoft's Exchange Server supportability matrix lists for it among 2012, 2012 R2, 2016 and
     * 2019 (2013 before SP1: 2012; 2013 SP1 and later: 2012 R2; 2016 before CU3: 2012 R2; 2016 CU3
     * and later: 2016; 2019: 2019).
     */
    public WindowsRelease windowsRelease() {
        if (major == 15 && minor == 0) {
            return build < SP1.build ? WindowsRelease.WINDOWS_SERVER_2012 : WindowsRelease.WINDOWS_SERVER_2012_R2;
        }
        if (major == 15 && minor == 1) {
            return build < EXCHANGE_2016_CU3_BUILD ? WindowsRelease.WINDOWS_SERVER_2012_R2 : WindowsRelease.WINDOWS_SERVER_2016;
        }
        return WindowsRelease.WINDOWS_SERVER_2019;
    }

    /**
     * As Get-ExchangeServer shows it: "Version 15.0 (Build 847.32)". It names the cumulative
     * update; security updates do not change it (only ExSetup.exe's version shows them).
     */
    public String adminDisplayVersion() {
        ExchangeBuild cu = cumulativeUpdate();
        return "Version " + major + "." + minor + " (Build " + cu.build + "." + cu.revision + ")";
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + "." + revision;
    }
}
