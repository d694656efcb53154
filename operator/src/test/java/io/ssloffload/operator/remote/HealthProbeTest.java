package io.ssloffload.operator.remote;

import io.ssloffload.operator.protocol.Protocol;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthProbeTest {

    @Test
    void probesTheProtocolsPageOnDefaultWebSite() {
        assertEquals("http://cas01.contoso.local:80/owa/healthcheck.htm",
                HealthProbe.url("cas01.contoso.local", 80, Protocol.OWA).toString());
    }

    @Test
    void anIpv6AddressGoesInBrackets() {
        var url = HealthProbe.url("fd00::10", 8080, Protocol.OWA);
        assertEquals("fd00::10", url.getHost().replace("[", "").replace("]", ""));
        assertEquals(8080, url.getPort());
        assertEquals("http://[fd00::10]:8080/owa/healthcheck.htm", url.toString());
    }
}
