package io.ssloffload.operator.remote;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerEndpointTest {

    @ParameterizedTest
    @CsvSource({"cas01.contoso.local, https://cas01.contoso.local:5986/wsman",
            "10.0.0.5, https://10.0.0.5:5986/wsman",
            "fd00::10, https://[fd00::10]:5986/wsman"})
    void anIpv6AddressIsBracketedInTheUrl(String address, String url) {
        ServerEndpoint endpoint = new ServerEndpoint("CAS01", address, 5986, true, ServerEndpoint.Authentication.NTLM,
                new ServerEndpoint.Credentials("svc", "pw"), null, false, Duration.ofSeconds(60), Duration.ofSeconds(125));
        assertEquals(url, endpoint.url());
    }
}
