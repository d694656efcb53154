package io.ssloffload.operator.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeProductTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "15.0.847.32   | Exchange Server 2013 SP1",
            "15.0.1497.2   | Exchange Server 2013 CU23",
            "15.1.2507.6   | Exchange Server 2016 CU23",
            "15.2.1118.7   | Exchange Server 2019 CU12",
            "15.2.1544.4   | Exchange Server 2019 CU14",
            "15.2.1748.10  | Exchange Server 2019 CU15",
            "15.2.1748.43  | Exchange Server 2019 CU15",
            "15.2.2562.17  | Exchange Server SE RTM",
            "15.2.2562.37  | Exchange Server SE RTM",
            "15.1.2375.7   | Exchange Server 2016 (build 15.1.2375.7)",
            "14.3.123.4    | Exchange build 14.3.123.4"})
    void namesTheProductAndUpdate(String build, String words) {
        assertThat(ExchangeProduct.describe(ExchangeBuild.parse(build))).isEqualTo(words);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "15.0.1497.2  | OutOfSupport    | Exchange Server 2013 CU23 is out of support since 2023-04-11",
            "15.1.2507.6  | OutOfSupport    | Exchange Server 2016 CU23 is out of support since 2025-10-14",
            "15.2.1748.10 | OutOfSupport    | Exchange Server 2019 CU15 is out of support since 2025-10-14",
            "15.2.1544.4  | OutOfSupport    | its last update is Exchange Server 2019 CU15 (15.2.1748.10)",
            "16.0.1.1     | UnknownBuild    | 16.0.1.1 is no Exchange build this operator knows"})
    void warnsAboutOutOfSupportBuilds(String build, String reason, String message) {
        ExchangeProduct.Warning warning = ExchangeProduct.supportWarning(ExchangeBuild.parse(build), TODAY).orElseThrow();

        assertThat(warning.reason()).isEqualTo(reason);
        assertThat(warning.message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource({"15.2.2562.17", "15.2.2562.37"})
    void theNewestSeUpdateIsSupported(String build) {
        assertThat(ExchangeProduct.supportWarning(ExchangeBuild.parse(build), TODAY)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2025-10-13, UpdateAvailable", "2025-10-14, OutOfSupport"})
    void a2019BuildOlderThanItsNewestUpdateWarnsEvenWhileSupported(LocalDate day, String reason) {
        assertThat(ExchangeProduct.supportWarning(ExchangeBuild.parse("15.2.1258.12"), day).orElseThrow().reason())
                .isEqualTo(reason);
    }
}
