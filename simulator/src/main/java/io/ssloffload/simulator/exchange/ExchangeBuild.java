package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.WindowsRelease;

import java.util.Locale;

/**
 * An Exchange build number (15.0.847.32). The major/minor pair tells the product: 15.0 is
 * Exchange 2013, 15.1 is 2016, 15.2 is 2019/SE.
 */
public record ExchangeBuild(int major, int minor, int build, int revision) {

    public static final ExchangeBuild RTM = new ExchangeBuild(15, 0, 516, 32);
    public static final ExchangeBuild SP1 = new ExchangeBuild(15, 0, 847, 32);
    public static final ExchangeBuild CU23 = new ExchangeBuild(15, 0, 1497, 2);
    public static final ExchangeBuild EXCHANGE_2016 = new ExchangeBuild(15, 1, 2507, 6);
    public static final ExchangeBuild EXCHANGE_2019 = new ExchangeBuild(15, 2, 1118, 7);
    /** Exchange 2019 CU14: the first build that installs with Extended Protection on. */
    public static final ExchangeBuild EXCHANGE_2019_CU14 = new ExchangeBuild(15, 2, 1544, 4);

    /** Exchange 2016 CU3 (15.1.544.27): the first 2016 build supported on Windows Server 2016. */
    private static final int EXCHANGE_2016_CU3_BUILD = 544;

    /** Parses "15.0.847.32" or a preset name (RTM, SP1, CU23, Exchange2016, Exchange2019, Exchange2019CU14). */
    public static ExchangeBuild parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        switch (key) {
            case "rtm": return RTM;
            case "sp1": return SP1;
            case "cu23": return CU23;
            case "exchange2016": return EXCHANGE_2016;
            case "exchange2019": return EXCHANGE_2019;
            case "exchange2019cu14": return EXCHANGE_2019_CU14;
            default: break;
        }
        String[] parts = text.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an Exchange build (major.minor.build.revision or a preset): " + text);
        }
        try {
            return new ExchangeBuild(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an Exchange build: " + text, e);
        }
    }

    /** Exchange 2016 and later publish ActiveSync with its own explicit sslFlags. */
    public boolean isExchange2016OrLater() {
        return major > 15 || (major == 15 && minor >= 1);
    }

    public boolean installsWithExtendedProtection() {
        return compareTo(EXCHANGE_2019_CU14) >= 0;
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

    /** As Get-ExchangeServer shows it: "Version 15.0 (Build 847.32)". */
    public String adminDisplayVersion() {
        return "Version " + major + "." + minor + " (Build " + build + "." + revision + ")";
    }

    private int compareTo(ExchangeBuild other) {
        int[] mine = {major, minor, build, revision};
        int[] theirs = {other.major, other.minor, other.build, other.revision};
        for (int i = 0; i < mine.length; i++) {
            if (mine[i] != theirs[i]) {
                return Integer.compare(mine[i], theirs[i]);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + "." + revision;
    }
}
