package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.powershell.PsObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Service Host copying Outlook Anywhere's SSLOffloading from AD into the Rpc vdir. */
class ServiceHostTest {

    private final CasFleet fleet = CasFleet.builder().servers(2).build();
    private final CasServer cas01 = fleet.server("CAS01");
    private final Shell shell = Shell.on(cas01);

    private String rpcSslFlags(CasServer server) {
        return server.snapshot().location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags();
    }

    private void offload(String server) {
        fleet.activeDirectory().change(server, OutlookAnywhereChange.sslOffloading(true));
    }

    private List<Integer> eventIds(CasServer server) {
        return server.snapshot().eventLog().stream().map(EventLogEntry::eventId).toList();
    }

    @Test
    void rpcFollowsTheDirectoryOnlyAtTheNextPeriodicPass() {
        offload("CAS01");

        fleet.advanceClock(Duration.ofMinutes(14));
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));

        fleet.advanceClock(Duration.ofMinutes(1));
        assertEquals("None", rpcSslFlags(cas01));
        assertEquals("Ssl,Ssl128", rpcSslFlags(fleet.server("CAS02")), "CAS02's directory object did not change");
        assertEquals(List.of(3037, 3025), eventIds(cas01));
        assertEquals(fleet.clock().now().toString(), cas01.snapshot().serviceHostLastPass());
    }

    @Test
    void aPassOverwritesAManualEditOfRpc() {
        shell.run("Set-WebConfigurationProperty", "PSPath", "IIS:\\", "Location", "Default Web Site/Rpc",
                "Filter", "system.webServer/security/access", "Name", "sslFlags", "Value", "None");
        assertEquals("None", rpcSslFlags(cas01));

        fleet.advanceClock(Duration.ofHours(3));

        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
    }

    @Test
    void restartingTheServiceHostRunsAPassAtOnce() {
        offload("CAS01");

        shell.run("Restart-Service", "Name", "MSExchangeServiceHost");

        assertEquals("None", rpcSslFlags(cas01));
        assertEquals(List.of(3037, 3037, 3025), eventIds(cas01));
    }

    @Test
    void iisresetDoesNotSpeedUpPropagation() {
        offload("CAS01");

        cas01.nativeCommand("iisreset").orElseThrow().run(List.of("/noforce"), java.util.Map.of());

        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
    }

    @Test
    void aStoppedServiceHostRunsNoPassesUntilStarted() {
        shell.run("Stop-Service", "Name", "MSExchangeServiceHost");
        offload("CAS01");

        fleet.advanceClock(Duration.ofHours(1));
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
        assertEquals("Stopped", ((PsObject) shell.run("Get-Service", "Name", "MSExchangeServiceHost").single()).get("Status"));

        shell.run("Start-Service", "Name", "msexchangeservicehost");
        assertEquals("None", rpcSslFlags(cas01));
    }

    @Test
    void pollingZeroDisablesPeriodicPasses() {
        cas01.setPeriodicPollingMinutes(0);
        offload("CAS01");

        fleet.advanceClock(Duration.ofDays(2));

        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
        PsObject registry = (PsObject) shell.run("Get-ItemProperty", "Path",
                "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeServiceHost\\RpcHttpConfigurator").single();
        assertEquals(0, registry.get("PeriodicPollingMinutes"));
    }

    @Test
    void aShorterPollingIntervalCountsFromTheLastPass() {
        cas01.setPeriodicPollingMinutes(5);
        offload("CAS01");

        fleet.advanceClock(Duration.ofMinutes(4));
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
        fleet.advanceClock(Duration.ofMinutes(1));
        assertEquals("None", rpcSslFlags(cas01));
    }

    @Test
    void aCumulativeUpdateResetsIisButNotTheDirectory() {
        offload("CAS01");
        shell.run("Restart-Service", "Name", "MSExchangeServiceHost");
        for (String vdir : List.of("owa", "ecp", "OAB", "Microsoft-Server-ActiveSync")) {
            shell.run("Set-WebConfigurationProperty", "PSPath", "IIS:\\", "Location", "Default Web Site/" + vdir,
                    "Filter", "system.webServer/security/access", "Name", "sslFlags", "Value", "None");
        }

        cas01.cumulativeUpdate(ExchangeBuild.CU23);

        CasSnapshot after = cas01.snapshot();
        assertEquals("Ssl,Ssl128", after.location("Default Web Site/owa").orElseThrow().effectiveSslFlags());
        assertEquals(null, after.location("Default Web Site/owa").orElseThrow().explicitSslFlags());
        assertEquals("Ssl,Ssl128", after.location("Default Web Site/OAB").orElseThrow().explicitSslFlags());
        assertEquals("Ssl,Ssl128", after.location("Default Web Site/Microsoft-Server-ActiveSync").orElseThrow()
                .effectiveSslFlags());
        assertEquals(true, after.outlookAnywhere().sslOffloading());
        assertEquals("None", rpcSslFlags(cas01), "setup restarts the Service Host, which re-derives Rpc from AD");
        assertEquals("15.0.1497.2", after.build());
        PsObject setup = (PsObject) shell.run("Get-ItemProperty", "Path", "hklm:/software/microsoft/exchangeserver/v15/setup",
                "Name", new Object[]{"MsiBuildMajor", "MsiBuildMinor"}).single();
        assertEquals(1497, setup.get("MsiBuildMajor"));
        assertEquals(2, setup.get("MsiBuildMinor"));
    }

    @Test
    void getEventLogReadsTheAutoconfigEventsNewestFirst() {
        offload("CAS01");
        fleet.advanceClock(Duration.ofMinutes(15));

        List<Object> events = shell.run("Get-EventLog", "LogName", "Application",
                "Source", "MSExchange RPC Over HTTP Autoconfig", "Newest", 1).output();

        assertEquals(1, events.size());
        assertEquals(3025, ((PsObject) events.get(0)).get("EventID"));
        assertTrue(shell.run("Get-EventLog", "LogName", "Application", "Source", "MSExchange RPC Over HTTP Autoconfig",
                "InstanceId", 3036).singleError().message().contains("No matches found"));
    }

    @Test
    void changedIisAuthenticationMethodsAreWrittenAndLogged() {
        fleet.activeDirectory().change("CAS01", new OutlookAnywhereChange(false, null, false, null, null, null,
                null, null, List.of(io.ssloffload.simulator.exchange.ad.AuthenticationMethod.Ntlm), null));

        fleet.advanceClock(Duration.ofMinutes(15));

        assertEquals(List.of("Ntlm"), cas01.snapshot().rpcIisAuthenticationMethods());
        assertEquals(List.of(3037, 3036), eventIds(cas01));
    }
}
