package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** New-PSSession to Microsoft.Exchange from a shell on a CAS (the second hop), and the Exchange snap-in. */
class ExchangeSessionTest {

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).credentials("CONTOSO\\exadmin", "S3cret!").build();
    private final CasServer cas01 = fleet.server("CAS01");

    /** A script with $credential built from EXCHANGE_USER/EXCHANGE_PASSWORD, as a client passes them. */
    private NativeCommand.Result withCredential(String user, String password, String script) {
        return CasPowerShell.run(cas01, """
                $password = ConvertTo-SecureString -String $env:EXCHANGE_PASSWORD -AsPlainText -Force
                $credential = New-Object System.Management.Automation.PSCredential -ArgumentList $env:EXCHANGE_USER, $password
                """ + script, Map.of("EXCHANGE_USER", user, "EXCHANGE_PASSWORD", password));
    }

    private static String newSession(String uri) {
        return "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri '" + uri
                + "' -Authentication Kerberos -Credential $credential\n";
    }

    private CasSnapshot.Sessions sessions(String server) {
        return fleet.server(server).snapshot().exchangeSessions();
    }

    @Test
    void aValidCredentialOpensANoLanguageSessionWithTheExchangeCmdletsOnly() {
        NativeCommand.Result result = withCredential("exadmin@contoso.local", "S3cret!",
                newSession("http://cas01.contoso.local/PowerShell/") + """
                $s.ComputerName
                $s.ConfigurationName
                Invoke-Command -Session $s -ScriptBlock { (Get-OutlookAnywhere -Identity 'CAS01\\Rpc (Default Web Site)').Name }
                Invoke-Command -Session $s -ScriptBlock { Get-OutlookAnywhere -Identity 'CAS01\\Rpc (Default Web Site)' } |
                    ForEach-Object { $_.Name }
                Invoke-Command -Session $s -ScriptBlock { Set-WebConfigurationProperty -Filter x -Name y }
                Invoke-Command -Session $s -ScriptBlock { Invoke-Expression 'hostname' }
                Invoke-Command -Session $s -ScriptBlock { Get-Content 'C:\\Windows\\win.ini' }
                Invoke-Command -Session $s -ScriptBlock { hostname.exe }
                Invoke-Command -Session $s -ScriptBlock { Get-Command Get-OutlookAnywhere, Select-Object } |
                    ForEach-Object { $_.Name }
                Remove-PSSession -Session $s
                """);

        assertEquals("cas01.contoso.local\r\nMicrosoft.Exchange\r\nRpc (Default Web Site)\r\n"
                + "Get-OutlookAnywhere\r\nSelect-Object\r\n", result.stdout());
        String errors = errors(result);
        assertThat(errors).contains("ScriptsNotAllowed");
        for (String hidden : new String[] {"Set-WebConfigurationProperty", "Invoke-Expression", "Get-Content",
                "hostname.exe"}) {
            assertThat(errors).contains("The term '" + hidden + "' is not recognized");
        }
        assertEquals(new CasSnapshot.Sessions(0, 1, 1), sessions("CAS01"));
    }

    @Test
    void importPSSessionBringsTheExchangeCmdletsIntoTheLocalRunspace() {
        String shown = out(withCredential("CONTOSO\\exadmin", "S3cret!", newSession("http://cas01.contoso.local/PowerShell/")
                + """
                Import-PSSession -Session $s -CommandName Get-OutlookAnywhere, Set-OutlookAnywhere -AllowClobber | Out-Null
                $identity = 'CAS01\\Rpc (Default Web Site)'
                Set-OutlookAnywhere -Identity $identity -SSLOffloading $true
                (Get-OutlookAnywhere -Identity $identity).SSLOffloading
                Remove-PSSession -Session $s
                """));

        assertEquals("True\n", shown);
        assertTrue(fleet.activeDirectory().outlookAnywhere("CAS01").orElseThrow().sslOffloading());
    }

    @Test
    void aSessionToAnotherServerCountsThereAndActsOnTheSharedDirectory() {
        out(withCredential("CONTOSO\\ExAdmin", "S3cret!", newSession("http://CAS02.contoso.local/powershell")
                + "Invoke-Command -Session $s -ScriptBlock { Set-OutlookAnywhere -Identity 'CAS01\\Rpc (Default Web Site)'"
                + " -SSLOffloading $true }"));

        assertEquals(1, sessions("CAS02").open());
        assertEquals(0, sessions("CAS01").open());
        assertTrue(fleet.activeDirectory().outlookAnywhere("CAS01").orElseThrow().sslOffloading());
    }

    @Test
    void sessionsLeftOpenWhenTheScriptEndsStayVisible() {
        out(withCredential("exadmin", "S3cret!", newSession("http://cas01.contoso.local/PowerShell/")
                + newSession("http://cas01.contoso.local/PowerShell/")));

        assertEquals(new CasSnapshot.Sessions(2, 2, 2), sessions("CAS01"));
    }

    @Test
    void aWrongPasswordIsAccessDenied() {
        NativeCommand.Result result = withCredential("exadmin", "guess", newSession("http://cas01.contoso.local/PowerShell/"));

        assertEquals(1, result.exitCode());
        assertThat(errors(result))
                .contains("Connecting to remote server cas01.contoso.local failed with the following "
                        + "error message : Access is denied.");
        assertThat(errors(result)).contains("AccessDenied,PSSessionOpenFailed");
        assertEquals(0, sessions("CAS01").totalOpened());
    }

    @Test
    void theErrorCanBeCaughtUnderErrorActionStop() {
        assertEquals("AccessDenied,PSSessionOpenFailed\n", out(withCredential("exadmin", "guess",
                "try { New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://cas01.contoso.local/PowerShell/"
                        + " -Credential $credential -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }")));
    }

    @Test
    void withoutACredentialTheSecondHopIsDenied() {
        NativeCommand.Result result = CasPowerShell.run(cas01, "New-PSSession -ConfigurationName Microsoft.Exchange "
                + "-ConnectionUri http://cas01.contoso.local/PowerShell/ -Authentication Kerberos");

        assertThat(errors(result)).contains("AccessDenied,PSSessionOpenFailed");
        assertEquals(0, sessions("CAS01").totalOpened());
    }

    @Test
    void onlyAPSCredentialIsACredential() {
        NativeCommand.Result result = withCredential("exadmin", "S3cret!", """
                $lookalike = [pscustomobject]@{ UserName = $credential.UserName; Password = $credential.Password }
                $credential = $lookalike
                """ + newSession("http://cas01.contoso.local/PowerShell/"));

        assertThat(errors(result)).contains("Cannot process argument transformation on parameter 'Credential'.");
        assertThat(errors(result)).contains("to type \"System.Management.Automation.PSCredential\"");
        assertEquals(0, sessions("CAS01").totalOpened());
    }

    @Test
    void aPlainTextPasswordWithoutForceIsRefusedByConvertToSecureString() {
        NativeCommand.Result result = CasPowerShell.run(cas01, "$p = ConvertTo-SecureString -String 'S3cret!' -AsPlainText\n"
                + "$p -eq $null");

        assertTrue(result.stdout().startsWith("True"), result.stdout());
        assertThat(errors(result)).contains("ConvertTo-SecureString");
    }

    @Test
    void anUnknownHostIsAWinRmError() {
        NativeCommand.Result result = withCredential("exadmin", "S3cret!", newSession("http://cas99.contoso.local/PowerShell/"));

        assertThat(errors(result)).contains("NetworkPathNotFound,PSSessionOpenFailed");
        assertThat(errors(result)).contains("WinRM cannot process the request");
    }

    @Test
    void theExchangeSnapInAddsTheCmdletsToTheLocalRunspace() {
        NativeCommand.Result before = CasPowerShell.run(cas01, "Get-OutlookAnywhere");
        String after = out(cas01, "Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn\n(Get-OutlookAnywhere).Count");
        NativeCommand.Result e2010 = CasPowerShell.run(cas01, "Add-PSSnapin -Name Microsoft.Exchange.Management.PowerShell.E2010");

        assertThat(errors(before)).contains("The term 'Get-OutlookAnywhere' is not recognized");
        assertEquals("2\n", after);
        assertThat(errors(e2010)).contains("is not installed");
        assertFalse(e2010.exitCode() == 0);
    }
    @Test
    void theSnapInIsAddedOnceEvenWhenAnImportedProxyHasTheNameOfOneOfItsCmdlets() {
        String shown = out(withCredential("exadmin", "S3cret!", newSession("http://cas01.contoso.local/PowerShell/")
                + """
                Import-PSSession -Session $s -CommandName Get-OutlookAnywhere | Out-Null
                Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn
                Remove-PSSession -Session $s
                Set-OutlookAnywhere -Identity 'CAS01\\Rpc (Default Web Site)' -SSLOffloading $true
                'added'
                """));
        NativeCommand.Result twice = CasPowerShell.run(cas01, """
                Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn
                Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn
                """);

        assertEquals("added\n", shown);
        assertTrue(fleet.activeDirectory().outlookAnywhere("CAS01").orElseThrow().sslOffloading(),
                "Set-OutlookAnywhere came from the snap-in, not from the session");
        assertThat(errors(twice))
                .contains("Cannot add Windows PowerShell snap-in Microsoft.Exchange.Management."
                        + "PowerShell.SnapIn because it is already added.");
    }
}
