package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.AuthenticationMethod;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static io.ssloffload.simulator.exchange.CasPowerShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Service Host copying Outlook Anywhere's SSLOffloading from AD into the Rpc vdir. A new
 * server has SSLOffloading $true and Rpc at None, so most tests turn offloading off in AD, as an
 * admin would with Set-OutlookAnywhere -SSLOffloading $false, and watch Rpc follow.
 */
class ServiceHostTest {

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).build();
    private final CasServer cas01 = fleet.server("CAS01");

    private String rpcSslFlags(CasServer server) {
        return server.snapshot().location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags();
    }

    private void stopOffloading(String server) {
        fleet.activeDirectory().change(server, OutlookAnywhereChange.sslOffloading(false));
    }

    private List<Integer> eventIds(CasServer server) {
        return server.snapshot().eventLog().stream().map(EventLogEntry::eventId).toList();
    }

    @Test
    void rpcFollowsTheDirectoryOnlyAtTheNextPeriodicPass() {
        stopOffloading("CAS01");

        fleet.advanceClock(Duration.ofMinutes(14));
        assertEquals("None", rpcSslFlags(cas01));

        fleet.advanceClock(Duration.ofMinutes(1));
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
        assertEquals("None", rpcSslFlags(fleet.server("CAS02")), "CAS02's directory object did not change");
        assertEquals(List.of(3037, 3025), eventIds(cas01));
        assertEquals(fleet.clock().now().toString(), cas01.snapshot().serviceHostLastPass());
    }

    /** exchange-facts.md: the pass "rewrites the Rpc authentication settings" from IISAuthenticationMethods. */
    @Test
    void theIisAuthenticationOfRpcFollowsTheDirectoryAtTheNextPass() {
        String read = """
                $at = @{ PSPath = 'IIS:\\'; Location = 'Default Web Site/Rpc' }
                $basic = Get-WebConfigurationProperty @at -Filter system.webServer/security/authentication/basicAuthentication -Name enabled
                $windows = Get-WebConfigurationProperty @at -Filter system.webServer/security/authentication/windowsAuthentication -Name enabled
                $providers = Get-WebConfigurationProperty @at -Filter system.webServer/security/authentication/windowsAuthentication/providers -Name Collection
                "$($basic.Value) $($windows.Value) $(@($providers | ForEach-Object { $_.value }) -join ',')"
                """;
        assertEquals("True True Negotiate,NTLM\n", out(cas01, read), "as setup leaves it");
        fleet.activeDirectory().change("CAS01", new OutlookAnywhereChange(false, null, false, null, null, null, null, null,
                List.of(AuthenticationMethod.Ntlm), null));

        fleet.advanceClock(Duration.ofMinutes(14));
        assertEquals("True True Negotiate,NTLM\n", out(cas01, read), "IIS waits for the Service Host");
        fleet.advanceClock(Duration.ofMinutes(1));

        assertEquals("False True NTLM\n", out(cas01, read));
        assertEquals(List.of("Ntlm"), cas01.snapshot().rpcIisAuthenticationMethods());
        assertEquals(List.of(3037, 3036), eventIds(cas01));
        assertThat(errors(run(cas01, "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/Rpc' " + "-Filter system.webServer/security/authentication/basicAuthentication -Name enabled -Value maybe")))
                .contains("'maybe' is not a valid value for enabled");
    }

    @Test
    void aPassOverwritesAManualEditOfRpc() {
        out(cas01, "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/Rpc' "
                + "-Filter system.webServer/security/access -Name sslFlags -Value 'Ssl,Ssl128'");
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));

        fleet.advanceClock(Duration.ofHours(3));

        assertEquals("None", rpcSslFlags(cas01));
    }

    @Test
    void restartingTheServiceHostRunsAPassAtOnce() {
        stopOffloading("CAS01");

        out(cas01, "Restart-Service -Name MSExchangeServiceHost");

        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
        assertEquals(List.of(3037, 3037, 3025), eventIds(cas01));
    }

    @Test
    void iisresetDoesNotSpeedUpPropagation() {
        stopOffloading("CAS01");

        out(cas01, "iisreset /noforce");

        assertEquals("None", rpcSslFlags(cas01));
    }

    @Test
    void aStoppedServiceHostRunsNoPassesUntilStarted() {
        out(cas01, "Stop-Service -Name MSExchangeServiceHost");
        stopOffloading("CAS01");

        fleet.advanceClock(Duration.ofHours(1));
        assertEquals("None", rpcSslFlags(cas01));
        assertEquals("Stopped\n", out(cas01, "(Get-Service -Name MSExchangeServiceHost).Status"));

        out(cas01, "Get-Service -Name msexchangeservicehost | Start-Service");
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
    }

    @Test
    void pollingZeroDisablesPeriodicPasses() {
        cas01.setPeriodicPollingMinutes(0);
        stopOffloading("CAS01");

        fleet.advanceClock(Duration.ofDays(2));

        assertEquals("None", rpcSslFlags(cas01));
        assertEquals("0\n", out(cas01, "(Get-ItemProperty -Path "
                + "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeServiceHost\\RpcHttpConfigurator)"
                + ".PeriodicPollingMinutes"));
    }

    @Test
    void aShorterPollingIntervalCountsFromTheLastPass() {
        cas01.setPeriodicPollingMinutes(5);
        stopOffloading("CAS01");

        fleet.advanceClock(Duration.ofMinutes(4));
        assertEquals("None", rpcSslFlags(cas01));
        fleet.advanceClock(Duration.ofMinutes(1));
        assertEquals("Ssl,Ssl128", rpcSslFlags(cas01));
    }

    @Test
    void aCumulativeUpdateResetsIisButNotTheDirectory() {
        out(cas01, """
                foreach ($vdir in 'owa', 'ecp', 'OAB', 'Microsoft-Server-ActiveSync') {
                    Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location "Default Web Site/$vdir" `
                        -Filter system.webServer/security/access -Name sslFlags -Value None
                }
                """);

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
        assertEquals("1497.2\n", out(cas01, "$setup = Get-ItemProperty -Path hklm:/software/microsoft/exchangeserver/v15/setup "
                + "-Name MsiBuildMajor, MsiBuildMinor\n\"$($setup.MsiBuildMajor).$($setup.MsiBuildMinor)\""));
    }

    @Test
    void getEventLogReadsTheAutoconfigEventsNewestFirst() {
        stopOffloading("CAS01");
        fleet.advanceClock(Duration.ofMinutes(15));

        assertEquals("3025\n", out(cas01, "Get-EventLog -LogName Application -Source 'MSExchange RPC Over HTTP Autoconfig' "
                + "-Newest 1 | ForEach-Object { $_.EventID }"));
        var none = run(cas01, "Get-EventLog Application 3036 -Source 'MSExchange RPC Over HTTP Autoconfig'");
        assertThat(errors(none)).contains("No matches found");
        assertEquals("", none.stdout());
    }

    @Test
    void getEventLogEntriesCarryADateTimeAndNewestBindsAsAnInteger() {
        stopOffloading("CAS01");
        fleet.advanceClock(Duration.ofMinutes(15));

        assertEquals("1\n" + fleet.clock().now().atZone(cas01.clock().getZone()).getYear() + "\n",
                out(cas01, "$e = Get-EventLog Application -Newest 1.0\n@($e).Count\n$e.TimeGenerated.Year"));
        assertThat(errors(run(cas01, "Get-EventLog Application -Newest -1")))
                .contains("Cannot validate argument on "
                        + "parameter 'Newest'. The -1 argument is less than the minimum allowed range of 0.");
        assertThat(errors(run(cas01, "Get-EventLog Application -Newest many")))
                .contains("Cannot bind parameter "
                        + "'Newest'. Cannot convert value \"many\" to type \"System.Int32\".");
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
