package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ControlApiTest {

    @Test
    void aSnapshotIsPlainJson() throws Exception {
        CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(3).domain("fabrikam.local").build();

        JsonNode json = new ObjectMapper().valueToTree(fleet.server("CAS03").snapshot());

        assertEquals("cas03.fabrikam.local", json.get("fqdn").asText());
        assertEquals("Version 15.0 (Build 847.32)", json.get("adminDisplayVersion").asText());
        assertEquals("Ntlm", json.get("outlookAnywhere").get("externalClientAuthenticationMethod").asText());
        assertEquals("Running", json.get("services").get("MSExchangeServiceHost").asText());
        JsonNode rpc = json.get("locations").findParents("path").stream()
                .filter(l -> l.get("path").asText().equals("Default Web Site/Rpc")).findFirst().orElseThrow();
        assertEquals("None", rpc.get("effectiveSslFlags").asText(), "SSL offloading is on at install");
        assertEquals(3037, json.get("eventLog").get(0).get("eventId").asInt());
    }

    @Test
    void buildsParseFromPresetsAndNumbers() {
        assertEquals(ExchangeBuild.CU23, ExchangeBuild.parse("cu23"));
        assertEquals(ExchangeBuild.EXCHANGE_2019_CU14, ExchangeBuild.parse("Exchange2019-CU14"));
        assertEquals(new ExchangeBuild(15, 0, 1044, 25), ExchangeBuild.parse("15.0.1044.25"));
        assertThrows(IllegalArgumentException.class, () -> ExchangeBuild.parse("CU99"));
    }
}
