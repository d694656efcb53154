package io.ssloffload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.exchange.SimClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The admin endpoint's cu-upgrade and extended-protection parameters, and --build / --do-not-enable-ep on the command line. */
class ExchangeTodayControlTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private record Answer(int status, JsonNode body) {
    }

    private Answer post(CasSimulator simulator, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulator.adminUrl().orElseThrow() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private static String tokenChecking(JsonNode snapshot, String path) {
        for (JsonNode location : snapshot.get("locations")) {
            if (location.get("path").asText().equals(path)) {
                return location.get("effectiveTokenChecking").asText();
            }
        }
        throw new AssertionError("no location " + path);
    }

    @Test
    void cuUpgradeTakesPresetsFullBuildsAndDoNotEnableEp() throws Exception {
        try (CasSimulator simulator = CasSimulator.builder().servers(3).credentials("Administrator", "pw").build(ExchangeBuild.EXCHANGE_2019)
                .adminPort(0).manualClock(SimClock.MANUAL_START).start()) {
            Answer cu15 = post(simulator, "/servers/CAS01/cu-upgrade?build=Exchange2019CU15");
            Answer quiet = post(simulator, "/servers/CAS02/cu-upgrade?build=15.2.2562.37&doNotEnableEP=true");
            Answer bad = post(simulator, "/servers/CAS03/cu-upgrade?build=ExchangeSE&doNotEnableEP=maybe");
            Answer otherProduct = post(simulator, "/servers/CAS03/cu-upgrade?build=CU23");

            assertEquals(200, cu15.status());
            assertEquals("15.2.1748.10", cu15.body().get("build").asText());
            assertEquals("Require", tokenChecking(cu15.body(), "Default Web Site/API"));
            assertEquals("Allow", tokenChecking(cu15.body(), "Default Web Site/EWS"));
            assertEquals("Require", tokenChecking(cu15.body(), "Exchange Back End/EWS"));
            assertEquals(200, quiet.status());
            assertEquals("15.2.2562.37", quiet.body().get("build").asText());
            assertEquals("None", tokenChecking(quiet.body(), "Default Web Site/API"));
            assertEquals(400, bad.status());
            assertEquals(400, otherProduct.status());
            assertEquals("15.2.1118.7", simulator.snapshot("CAS03").build());
        }
    }

    @Test
    void extendedProtectionOnOneLocationOrEveryVdir() throws Exception {
        try (CasSimulator simulator = CasSimulator.builder().servers(1).credentials("Administrator", "pw").build(ExchangeBuild.EXCHANGE_2016)
                .adminPort(0).manualClock(SimClock.MANUAL_START).start()) {
            Answer one = post(simulator, "/servers/CAS01/extended-protection?value=Allow&location=Default%20Web%20Site/owa");

            assertEquals(200, one.status());
            assertEquals("Allow", tokenChecking(one.body(), "Default Web Site/owa"));
            assertEquals("None", tokenChecking(one.body(), "Default Web Site/API"));
            assertEquals(400, post(simulator, "/servers/CAS01/extended-protection?value=Allow&location=Default%20Web%20Site/nope").status());

            Answer every = post(simulator, "/servers/CAS01/extended-protection?value=Require");
            assertEquals("Require", tokenChecking(every.body(), "Default Web Site/API"));
            assertEquals("None", tokenChecking(every.body(), "Exchange Back End/API"));
        }
    }

    @Test
    void commandLineBuildsAndDoNotEnableEp() throws Exception {
        try (CasSimulator simulator = CasSimulatorMain.parse("--user", "u", "--password", "p", "--servers", "3", "--port", "0",
                "--build", "ExchangeSE", "--build", "CAS03=Exchange2016CU23", "--do-not-enable-ep=CAS02")
                .manualClock(SimClock.MANUAL_START).start()) {
            assertEquals("Require", simulator.snapshot("CAS01").location("Default Web Site/owa").orElseThrow().effectiveTokenChecking());
            assertEquals("None", simulator.snapshot("CAS02").location("Default Web Site/owa").orElseThrow().effectiveTokenChecking());
            assertEquals("15.1.2507.6", simulator.snapshot("CAS03").build());
        }
        try (CasSimulator simulator = CasSimulatorMain.parse("--user", "u", "--password", "p", "--servers", "2", "--port", "0",
                "--build", "Exchange2019CU14", "--do-not-enable-ep").manualClock(SimClock.MANUAL_START).start()) {
            for (String server : List.of("CAS01", "CAS02")) {
                assertEquals("None", simulator.snapshot(server).location("Default Web Site/owa").orElseThrow().effectiveTokenChecking());
            }
        }
        assertThat(assertRefused("--do-not-enable-ep=CAS09")).contains("CAS09");
    }

    private static String assertRefused(String flag) {
        return assertThrows(CasSimulatorOptions.UsageException.class,
                () -> CasSimulatorMain.start("--user", "u", "--password", "p", "--port", "0", flag)).getMessage();
    }
}
