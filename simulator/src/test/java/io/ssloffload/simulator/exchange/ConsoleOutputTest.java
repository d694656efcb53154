package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an admin sees on a CAS: the objects of its cmdlets through Out-Default, Format-Table and Format-List. */
class ConsoleOutputTest {

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).credentials("exadmin@contoso.local", "S3cret!").build();
    private final CasServer cas = fleet.server("CAS01");

    private static String pad(String s, int width) {
        return String.format("%-" + width + "s", s);
    }

    private static String serviceRow(String status, String name, String displayName) {
        return pad(status, 8) + " " + pad(name, 18) + " " + pad(displayName, 38) + "\n";
    }

    @Test
    void getServiceUsesTheServiceControllerTableView() {
        String table = "\n" + serviceRow("Status", "Name", "DisplayName") + serviceRow("------", "----", "-----------")
                + serviceRow("Running", "W3SVC", "World Wide Web Publishing Service")
                + serviceRow("Running", "WAS", "Windows Process Activation Service") + "\n\n";
        assertEquals(table, out(cas, "Get-Service W3SVC, WAS"));
        assertEquals(table, out(cas, "Get-Service W3SVC, WAS | Format-Table"));
        // a name longer than the view's 18 columns is cut with "..."
        assertThat(out(cas, "Get-Service MSExchangeFrontEndTransport"))
                .contains(serviceRow("Running", "MSExchangeFront...", "Microsoft Exchange Frontend Transport"));
        assertEquals("\n\nName   : W3SVC\nStatus : Running\n\n\n\n", out(cas, "Get-Service W3SVC | Format-List Name, Status"));
    }

    @Test
    void aConfigurationAttributeIsAListAndItsValueATable() {
        String script = "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa' "
                + "-Filter system.webServer/security/access -Name sslFlags -Value None\n"
                + "Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa' "
                + "-Filter system.webServer/security/access -Name sslFlags";
        String list = out(cas, script);
        assertTrue(list.startsWith("\n\nIsInheritedFromDefaultValue : False\nIsProtected                 : False\n"
                + "Name                        : sslFlags\n"), list);
        assertThat(list)
                .contains("\nSchema                      : Microsoft.IIs.PowerShell.Framework.ConfigurationAttributeSchema\n"
                        + "Value                       : 0\n");
        assertEquals("\nName     Value\n----     -----\nsslFlags     0\n\n\n", out(cas, script + " | ft Name, Value"));
    }

    @Test
    void getOutlookAnywhereFromAnExchangeSessionIsAListWithTheComputerName() {
        NativeCommand.Result result = CasPowerShell.run(cas, """
                $password = ConvertTo-SecureString -String $env:EXCHANGE_PASSWORD -AsPlainText -Force
                $credential = New-Object System.Management.Automation.PSCredential -ArgumentList $env:EXCHANGE_USER, $password
                $s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://cas01.contoso.local/PowerShell/ -Authentication Kerberos -Credential $credential
                Import-PSSession $s -DisableNameChecking | Out-Null
                Get-OutlookAnywhere | Format-List Server, ExternalHostname, IISAuthenticationMethods, PSComputerName
                Get-OutlookAnywhere | Format-Table Server, Name -AutoSize
                Remove-PSSession $s
                """, Map.of("EXCHANGE_USER", "exadmin@contoso.local", "EXCHANGE_PASSWORD", "S3cret!"));
        assertEquals("\n\nServer                   : CAS01\n"
                + "ExternalHostname         : mail.contoso.local\nIISAuthenticationMethods : {Basic, Ntlm, Negotiate}\n"
                + "PSComputerName           : cas01.contoso.local\n\n\n\n"
                + "\nServer " + pad("Name", 22) + "\n------ " + pad("----", 22) + "\nCAS01  Rpc (Default Web Site)\n\n\n", out(result));
    }
}
