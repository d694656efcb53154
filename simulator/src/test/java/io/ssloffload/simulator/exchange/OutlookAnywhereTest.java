package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Exchange cmdlets as an administrator's script uses them: imported from a Microsoft.Exchange session. */
class OutlookAnywhereTest {

    private static final String CAS01_RPC = "'CAS01\\Rpc (Default Web Site)'";

    /** Credential from the environment, session to the local endpoint, the Exchange cmdlets imported. */
    private static final String IMPORT_EXCHANGE = """
            $password = ConvertTo-SecureString -String $env:EXCHANGE_PASSWORD -AsPlainText -Force
            $credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $env:EXCHANGE_USER, $password
            $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
                -Authentication Kerberos -Credential $credential -ErrorAction Stop
            Import-PSSession -Session $session -AllowClobber -DisableNameChecking | Out-Null
            """;

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).credentials("CONTOSO\\exadmin", "S3cret!").build();
    private final CasServer cas01 = fleet.server("CAS01");

    private NativeCommand.Result exchange(CasServer server, String script) {
        return CasPowerShell.run(server, IMPORT_EXCHANGE + script,
                Map.of("EXCHANGE_USER", "CONTOSO\\exadmin", "EXCHANGE_PASSWORD", "S3cret!"));
    }

    private OutlookAnywhereSettings ad(String server) {
        return fleet.activeDirectory().outlookAnywhere(server).orElseThrow();
    }

    @Test
    void getOutlookAnywhereShowsTheDirectoryObjectOfEveryServer() {
        String shown = out(exchange(cas01, """
                (Get-OutlookAnywhere).Count
                $oa = Get-OutlookAnywhere -Server cas02.contoso.local
                $oa.Identity
                $oa.Name
                $oa.ExternalHostname
                $null -eq $oa.InternalHostname
                $oa.SSLOffloading
                $oa.IISAuthenticationMethods -join ','
                $oa.PSObject.TypeNames[0]
                """));

        assertEquals("""
                2
                CAS02\\Rpc (Default Web Site)
                Rpc (Default Web Site)
                mail.contoso.local
                True
                True
                Basic,Ntlm,Negotiate
                Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADRpcHttpVirtualDirectory
                """, shown);
    }

    @Test
    void pipingWhatGetFoundIntoSetDoesNothingWhenItFoundNothing() {
        List<OutlookAnywhereSettings> before = fleet.activeDirectory().allOutlookAnywhere();

        String shown = out(exchange(cas01, """
                Get-OutlookAnywhere | Where-Object { $_.Name -eq 'Nothing' } | Set-OutlookAnywhere -SSLOffloading $true
                "ok: $?"
                """));

        assertEquals("ok: True\n", shown);
        assertEquals(before, fleet.activeDirectory().allOutlookAnywhere());
    }

    @Test
    void everyPipedObjectIsSetByItsIdentity() {
        out(exchange(cas01, "Get-OutlookAnywhere | Set-OutlookAnywhere -SSLOffloading $false"));

        assertTrue(fleet.activeDirectory().allOutlookAnywhere().stream().noneMatch(OutlookAnywhereSettings::sslOffloading));
        assertTrue(fleet.activeDirectory().allOutlookAnywhere().size() > 1);
    }

    @Test
    void setOutlookAnywhereChangesTheDirectoryAtOnceButNotIis() {
        String shown = out(exchange(cas01, """
                Set-OutlookAnywhere -Identity 'CAS02\\Rpc*' -SSLOffloading $false
                (Get-OutlookAnywhere -Identity 'CAS02\\Rpc (Default Web Site)').SSLOffloading
                """));

        assertEquals("False\n", shown);
        assertTrue(ad("CAS01").sslOffloading(), "only the named server changes");
        assertEquals("None", fleet.server("CAS02").snapshot().location("Default Web Site/Rpc").orElseThrow()
                .effectiveSslFlags(), "IIS waits for the Service Host");
    }

    @Test
    void aValidHostnameChangeIsStored() {
        out(exchange(cas01, "$changes = @{ InternalHostname = 'cas01.contoso.local'; InternalClientsRequireSsl = $false;"
                + " InternalClientAuthenticationMethod = 'negotiate'; IISAuthenticationMethods = @('Ntlm', 'Negotiate') }\n"
                + "Set-OutlookAnywhere -Identity " + CAS01_RPC + " @changes"));

        OutlookAnywhereSettings after = ad("CAS01");
        assertEquals("cas01.contoso.local", after.internalHostname());
        assertFalse(after.internalClientsRequireSsl());
        assertEquals("Negotiate", after.internalClientAuthenticationMethod().name());
        assertEquals("[Ntlm, Negotiate]", after.iisAuthenticationMethods().toString());
    }

    /** Each of the cmdlet's own rules, as the arguments a script passes; the message part expected. */
    /** A character no row holds: CSV quoting off. */
    private static final char NO_QUOTE = '`';

    /** Rows of expected message | arguments, read with {@link #NO_QUOTE}: PowerShell's own quotes
     *  stay in both columns (JUnit 6's CSV reader refuses text after a closing quote). */
    private static final String REJECTED_CALLS = """
            ExternalClientsRequireSsl | -ExternalHostname owa.contoso.com -ExternalClientAuthenticationMethod Ntlm
            ExternalClientAuthenticationMethod | -ExternalHostname owa.contoso.com -ExternalClientsRequireSsl $true
            InternalClientsRequireSsl | -InternalHostname cas01.contoso.local
            At least one | -ExternalHostname $null
            Basic | -ExternalHostname owa.contoso.com -ExternalClientsRequireSsl $false -ExternalClientAuthenticationMethod Basic
            SSLOffloading | -InternalHostname cas01.contoso.local -InternalClientsRequireSsl $false -SSLOffloading $false
            Cannot bind parameter 'ExternalClientAuthenticationMethod' | -ExternalHostname owa.contoso.com -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Kerberos
            Cannot convert value "System.String" to type "System.Boolean" | -SSLOffloading yes
            Cannot convert value "System.String" to type "System.Boolean" | -SSLOffloading 'True'
            Cannot convert value "System.String" to type "System.Boolean" | -InternalClientsRequireSsl False
            couldn't be found on 'dc.contoso.local' | -Identity 'CAS09\\Rpc (Default Web Site)'
            matches multiple entries | -Identity 'CAS*\\Rpc*' -SSLOffloading $true
            'mail contoso.com' isn't a valid host name | -ExternalHostname 'mail contoso.com' -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Ntlm
            'https://mail.contoso.com' isn't a valid host name | -ExternalHostname 'https://mail.contoso.com' -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Ntlm
            Cannot convert value "" to type "Microsoft.Exchange.Data.Hostname" | -InternalHostname '' -InternalClientsRequireSsl $false
            The value "Ntlm" is already present in the collection. | -IISAuthenticationMethods Ntlm,Negotiate,ntlm
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = NO_QUOTE, textBlock = REJECTED_CALLS)
    void underErrorActionStopEachRuleEndsTheScriptAndChangesNothing(String expectedMessage, String arguments) {
        List<OutlookAnywhereSettings> before = fleet.activeDirectory().allOutlookAnywhere();

        NativeCommand.Result result = exchange(cas01, "$ErrorActionPreference = 'Stop'\n"
                + "Set-OutlookAnywhere " + withIdentity(arguments) + "\n'went on'");

        assertEquals(1, result.exitCode());
        assertThat(result.stdout()).doesNotContain("went on");
        assertTrue(result.stderr().startsWith("#< CLIXML"), result.stderr());
        assertThat(errors(result)).contains(expectedMessage);
        assertEquals(before, fleet.activeDirectory().allOutlookAnywhere());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = NO_QUOTE, textBlock = REJECTED_CALLS)
    void otherwiseEachRuleIsAnErrorRecordAndTheScriptGoesOn(String expectedMessage, String arguments) {
        List<OutlookAnywhereSettings> before = fleet.activeDirectory().allOutlookAnywhere();

        NativeCommand.Result result = exchange(cas01, "Set-OutlookAnywhere " + withIdentity(arguments)
                + "\n\"went on: $?\"");

        assertEquals(0, result.exitCode(), "the last statement succeeded");
        assertEquals("went on: False\r\n", result.stdout());
        assertThat(errors(result)).contains(expectedMessage);
        assertEquals(before, fleet.activeDirectory().allOutlookAnywhere());
    }

    private static String withIdentity(String arguments) {
        return arguments.contains("-Identity") ? arguments : "-Identity " + CAS01_RPC + " " + arguments;
    }

    @Test
    void sslOffloadingFalseIsAcceptedWhenEveryHostnameRequiresSsl() {
        out(exchange(cas01, "Set-OutlookAnywhere " + CAS01_RPC + " -SSLOffloading $true\n"
                + "Set-OutlookAnywhere " + CAS01_RPC + " -SSLOffloading $false"));

        assertFalse(ad("CAS01").sslOffloading());
    }

    @Test
    void getExchangeServerReportsBuildAndRoles() {
        CasFleet mixed = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).build("CAS02", ExchangeBuild.CU23)
                .credentials("CONTOSO\\exadmin", "S3cret!").build();

        NativeCommand.Result result = exchange(mixed.server("CAS01"), """
                $cas02 = Get-ExchangeServer -Identity cas02
                $cas02.AdminDisplayVersion
                $cas02.Fqdn
                $cas02.ServerRole
                $cas02.IsClientAccessServer
                Get-ExchangeServer -Identity CAS07
                """);

        assertEquals("Version 15.0 (Build 1497.2)\r\ncas02.contoso.local\r\nMailbox, ClientAccess\r\nTrue\r\n",
                result.stdout());
        assertThat(errors(result)).contains("CAS07");
    }
}
