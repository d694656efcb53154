package io.ssloffload.operator.plan;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one table of Exchange releases: which product and update a build is, when its line's support
 * ends, and the newest update of each line. Builds are Microsoft's published RTM/CU/SP builds
 * (exchange-facts.md, "Versions and prerequisites" and "Exchange as it runs today"); a security
 * update raises only the revision, so a build is named by its build number (15.2.1748.43 is
 * 2019 CU15 with an SU).
 */
public final class ExchangeProduct {

    /** The day this table was last brought up to date: a newer update may exist after it. */
    public static final LocalDate KNOWN_AS_OF = LocalDate.of(2026, 12, 7);

    /**
     * One product line. {@code firstBuild} tells SE from 2019, which share 15.2 (SE is build 2562 on).
     *
     * @param supportEnds the first day without support; null while the line is supported
     */
    record Line(String name, int minor, int firstBuild, LocalDate supportEnds, List<Update> updates) {
    }

    /** @param build the third part of the version, e.g. 1748 for 15.2.1748.10 */
    record Update(String name, int build, int revision) {
    }

    private static final LocalDate EXCHANGE_2013_END = LocalDate.of(2023, 4, 11);
    private static final LocalDate EXCHANGE_2016_2019_END = LocalDate.of(2025, 10, 14);

    private static final List<Line> LINES = List.of(
            new Line("Exchange Server 2013", 0, 0, EXCHANGE_2013_END, List.of(
                    new Update("RTM", 516, 32), new Update("CU1", 620, 29), new Update("CU2", 712, 24),
                    new Update("CU3", 775, 38), new Update("SP1", 847, 32), new Update("CU5", 913, 22),
                    new Update("CU6", 995, 29), new Update("CU7", 1044, 25), new Update("CU8", 1076, 9),
                    new Update("CU9", 1104, 5), new Update("CU10", 1130, 7), new Update("CU11", 1156, 6),
                    new Update("CU12", 1178, 4), new Update("CU13", 1210, 3), new Update("CU14", 1236, 3),
                    new Update("CU15", 1263, 5), new Update("CU16", 1293, 2), new Update("CU17", 1320, 4),
                    new Update("CU18", 1347, 2), new Update("CU19", 1365, 1), new Update("CU20", 1367, 3),
                    new Update("CU21", 1395, 4), new Update("CU22", 1473, 3), new Update("CU23", 1497, 2))),
            new Line("Exchange Server 2016", 1, 0, EXCHANGE_2016_2019_END, List.of(
                    new Update("CU23", 2507, 6))),
            new Line("Exchange Server 2019", 2, 0, EXCHANGE_2016_2019_END, List.of(
                    new Update("CU12", 1118, 7), new Update("CU13", 1258, 12), new Update("CU14", 1544, 4),
                    new Update("CU15", 1748, 10))),
            new Line("Exchange Server SE", 2, 2562, null, List.of(
                    new Update("RTM", 2562, 17))));

    private ExchangeProduct() {
    }

    /** "Exchange Server 2019 CU15", or the line and the build when the update is not in the table. */
    public static String describe(ExchangeBuild build) {
        Optional<Line> line = line(build);
        if (line.isEmpty()) {
            return "Exchange build " + build;
        }
        return update(line.get(), build).map(u -> line.get().name() + " " + u.name())
                .orElse(line.get().name() + " (build " + build + ")");
    }

    /**
     * Why this build wants attention, empty when it is the newest known update of a supported line:
     * out of support on {@code today}, or older than the newest update of its line in this table.
     * A warning only: SSL offloading works on any build from 2013 SP1 on.
     */
    public static Optional<Warning> supportWarning(ExchangeBuild build, LocalDate today) {
        Optional<Line> found = line(build);
        if (found.isEmpty()) {
            return Optional.of(new Warning(Warning.UNKNOWN_BUILD,
                    "%s is no Exchange build this operator knows (table as of %s)".formatted(build, KNOWN_AS_OF)));
        }
        Line line = found.get();
        Update newest = line.updates().stream().max(Comparator.comparingInt(Update::build)).orElseThrow();
        String newestName = line.name() + " " + newest.name() + " (15." + line.minor() + "." + newest.build() + "."
                + newest.revision() + ")";
        if (line.supportEnds() != null && !today.isBefore(line.supportEnds())) {
            return Optional.of(new Warning(Warning.OUT_OF_SUPPORT,
                    "%s is out of support since %s: Microsoft publishes no security updates for it;%s"
                    .formatted(describe(build), line.supportEnds(), build.build() < newest.build()
                            ? " its last update is " + newestName + ";" : "")
                    + " move to Exchange Server SE"));
        }
        if (build.build() < newest.build()) {
            return Optional.of(new Warning(Warning.UPDATE_AVAILABLE, "%s is older than %s, the newest update of its line known on %s"
                    .formatted(describe(build), newestName, KNOWN_AS_OF)));
        }
        return Optional.empty();
    }

    /** @param reason CamelCase, for a condition */
    public record Warning(String reason, String message) {
        public static final String OUT_OF_SUPPORT = "OutOfSupport";
        public static final String UPDATE_AVAILABLE = "UpdateAvailable";
        public static final String UNKNOWN_BUILD = "UnknownBuild";
    }

    private static Optional<Line> line(ExchangeBuild build) {
        if (build.major() != 15) {
            return Optional.empty();
        }
        return LINES.stream()
                .filter(l -> l.minor() == build.minor() && build.build() >= l.firstBuild())
                .max(Comparator.comparingInt(Line::firstBuild));
    }

    private static Optional<Update> update(Line line, ExchangeBuild build) {
        return line.updates().stream().filter(u -> u.build() == build.build()).findFirst();
    }
}
