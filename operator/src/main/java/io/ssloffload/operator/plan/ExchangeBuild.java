package io.ssloffload.operator.plan;

import java.util.Comparator;

/** An Exchange build number such as 15.0.847.32 (Exchange 2013 SP1). */
public record ExchangeBuild(int major, int minor, int build, int revision) implements Comparable<ExchangeBuild> {

    /** Exchange 2013 SP1: the oldest build that supports SSL offloading. */
    public static final ExchangeBuild EXCHANGE_2013_SP1 = new ExchangeBuild(15, 0, 847, 32);

    private static final Comparator<ExchangeBuild> ORDER = Comparator.comparingInt(ExchangeBuild::major)
            .thenComparingInt(ExchangeBuild::minor)
            .thenComparingInt(ExchangeBuild::build)
            .thenComparingInt(ExchangeBuild::revision);

    /** @throws IllegalArgumentException unless the text is four dot-separated numbers */
    public static ExchangeBuild parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an Exchange build number: " + text);
        }
        try {
            return new ExchangeBuild(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an Exchange build number: " + text, e);
        }
    }

    public boolean supportsSslOffloading() {
        return compareTo(EXCHANGE_2013_SP1) >= 0;
    }

    @Override
    public int compareTo(ExchangeBuild other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + "." + revision;
    }
}
