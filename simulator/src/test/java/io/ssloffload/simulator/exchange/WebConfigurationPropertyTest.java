package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static io.ssloffload.simulator.exchange.CasPowerShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** WebAdministration's Get-/Set-WebConfigurationProperty, called from PowerShell on the server. */
class WebConfigurationPropertyTest {

    private static final String ACCESS = "system.webServer/security/access";
    private static final String WINDOWS_AUTH = "system.webServer/security/authentication/windowsAuthentication";

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).build();
    private final CasServer cas = fleet.server("CAS01");

    /** What a script sees: a plain string, or the ConfigurationAttribute's type, members and string form. */
    private String sslFlags(String location) {
        return out(cas, "$v = Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location '" + location + "' -Filter "
                + ACCESS + " -Name sslFlags\n"
                + "if ($v -is [string]) { \"string $v\" } else {\n"
                + "  \"$($v.PSObject.TypeNames[0]) Value=$($v.Value) Name=$($v.Name) "
                + "Inherited=$($v.IsInheritedFromDefaultValue) String=$v EqualsNone=$($v -eq 'None')\" }").trim();
    }

    private NativeCommand.Result setSslFlags(String psPath, String location, String valueExpression) {
        return run(cas, "Set-WebConfigurationProperty -PSPath '" + psPath + "' -Location '" + location + "' -Filter "
                + ACCESS + " -Name sslFlags -Value " + valueExpression);
    }

    private String explicitSslFlags(String location) {
        return cas.snapshot().location(location).orElseThrow().explicitSslFlags();
    }

    @Test
    void inheritedFlagsComeBackAsAPlainString() {
        assertEquals("string Ssl,Ssl128", sslFlags("Default Web Site/owa"));
        assertEquals("string Ssl,Ssl128", sslFlags("default web site/EWS"));
        assertEquals("string SslNegotiateCert", sslFlags("Default Web Site/PowerShell"));
    }

    @Test
    void noneComesBackAsAConfigurationAttributeThatIsNotTheStringNone() {
        assertEquals("Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute Value=0 Name=sslFlags Inherited=False "
                + "String=Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute EqualsNone=False",
                sslFlags("Default Web Site/owa/Calendar"), "owa/Calendar sets None explicitly");
    }

    @Test
    void filterAndPSPathArePositionalAndNameIsNamedAsInWebAdministration() {
        assertEquals("Ssl,Ssl128\n", out(cas, "Get-WebConfigurationProperty " + ACCESS
                + " 'IIS:\\' -Name sslFlags -Location 'Default Web Site/ecp'"));
        assertThat(errors(run(cas, "Get-WebConfigurationProperty " + ACCESS + " sslFlags -PSPath 'IIS:\\' -Location 'Default Web Site/ecp'")))
                .contains("A positional parameter cannot be found that accepts argument 'sslFlags'.");
        assertThat(errors(run(cas, "Set-WebConfigurationProperty " + ACCESS + " 'IIS:\\' -Name sslFlags -Location 'Default Web Site/ecp' -Value $null")))
                .contains("Cannot bind argument to parameter 'Value' because it is null.");
        assertEquals("Ssl,Ssl128\n", out(cas, "Get-WebConfigurationProperty " + ACCESS
                + " 'IIS:\\' -Name sslFlags -Location 'Default Web Site/ecp'"));
    }

    @Test
    void settingNoneOnOwaLeavesItsSubApplicationsAndTheBackEndAlone() {
        CasSnapshot before = cas.snapshot();

        out(setSslFlags("IIS:\\", "Default Web Site/owa", "None"));

        assertThat(sslFlags("Default Web Site/owa")).contains("Value=0 ");
        assertEquals("string Ssl,Ssl128", sslFlags("Default Web Site/owa/Integrated"));
        assertEquals("string Ssl,Ssl128", sslFlags("Default Web Site/ecp"));
        CasSnapshot after = cas.snapshot();
        assertEquals(before.locations().stream().filter(l -> l.site().equals("Exchange Back End")).toList(),
                after.locations().stream().filter(l -> l.site().equals("Exchange Back End")).toList());
        assertEquals("None", explicitSslFlags("Default Web Site/owa"));
        ConfigChange change = after.configChanges().get(after.configChanges().size() - 1);
        assertEquals(new ConfigChange(fleet.clock().now().toString(), "Set-WebConfigurationProperty",
                "Default Web Site/owa", "sslFlags", null, "None"), change);
    }

    @Test
    void flagsAreCaseInsensitiveAndWrittenCanonically() {
        out(setSslFlags("MACHINE/WEBROOT/APPHOST", "Default Web Site/owa", "'ssl, SSL128'"));

        assertEquals("Ssl,Ssl128", explicitSslFlags("Default Web Site/owa"));
    }

    @Test
    void aConfigurationAttributeReadEarlierCanBeWrittenBack() {
        out(cas, "$calendar = Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa/Calendar' "
                + "-Filter " + ACCESS + " -Name sslFlags\n"
                + "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/ecp' -Filter " + ACCESS
                + " -Name sslFlags -Value $calendar");

        assertEquals("None", explicitSslFlags("Default Web Site/ecp"));
    }

    @Test
    void invalidFlagsAreANonTerminatingErrorAndChangeNothing() {
        CasSnapshot before = cas.snapshot();

        NativeCommand.Result result = run(cas, "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location "
                + "'Default Web Site/owa' -Filter " + ACCESS + " -Name sslFlags -Value 'Ssl,Ssl256'\n'went on'");

        assertEquals(0, result.exitCode(), "the last statement succeeded");
        assertEquals("went on\r\n", result.stdout());
        assertThat(errors(result)).contains("Ssl,Ssl256");
        assertThat(errors(result))
                .contains("System.ArgumentException,"
                        + "Microsoft.IIs.PowerShell.Provider.SetConfigurationPropertyCommand");
        assertEquals(before.locations(), cas.snapshot().locations());
    }

    @Test
    void underErrorActionStopInvalidFlagsEndTheScript() {
        NativeCommand.Result result = run(cas, "$ErrorActionPreference = 'Stop'\n"
                + "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa' -Filter " + ACCESS
                + " -Name sslFlags -Value 'Ssl,Ssl256'\n'went on'");

        assertEquals(1, result.exitCode());
        assertEquals("", result.stdout());
        assertThat(errors(result)).contains("Ssl,Ssl256");
        assertEquals(null, explicitSslFlags("Default Web Site/owa"));
    }

    @Test
    void aSectionLockedAtApphostCannotBeWrittenFromInsideASite() {
        CasSnapshot before = cas.snapshot();

        NativeCommand.Result result = setSslFlags("IIS:\\Sites\\Default Web Site", "owa", "None");

        assertEquals(1, result.exitCode());
        assertThat(errors(result)).contains("locked at a parent level");
        assertEquals(before.locations(), cas.snapshot().locations());
    }

    @Test
    void aPsPathInsideASiteStillReadsTheEffectiveValue() {
        assertEquals("Ssl,Ssl128\n", out(cas, "Get-WebConfigurationProperty -PSPath 'IIS:\\Sites\\Default Web Site\\OAB' "
                + "-Filter /" + ACCESS + " -Name sslFlags"));
    }

    @Test
    void unknownLocationFilterAndAttributeAreErrorsWithoutOutput() {
        NativeCommand.Result location = run(cas, "Get-WebConfigurationProperty -PSPath 'IIS:\\' "
                + "-Location 'Default Web Site/nope' -Filter " + ACCESS + " -Name sslFlags");
        NativeCommand.Result filter = run(cas, "Get-WebConfigurationProperty -PSPath 'IIS:\\' "
                + "-Location 'Default Web Site/owa' -Filter system.webServer/security/nope -Name sslFlags");
        NativeCommand.Result attribute = run(cas, "Get-WebConfigurationProperty -PSPath 'IIS:\\' "
                + "-Location 'Default Web Site/owa' -Filter " + ACCESS + " -Name sslFlag");

        for (NativeCommand.Result result : new NativeCommand.Result[]{location, filter, attribute}) {
            assertEquals("", result.stdout());
            assertEquals(1, result.exitCode());
        }
        assertThat(errors(location)).contains("MACHINE/WEBROOT/APPHOST/Default Web Site/nope");
        assertThat(errors(filter)).contains("system.webServer/security/nope");
        assertThat(errors(attribute)).contains("sslFlag");
    }

    @Test
    void extendedProtectionFollowsTheSameQuirk() {
        String read = "$v = Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/EWS' -Filter "
                + WINDOWS_AUTH + " -Name extendedProtection.tokenChecking\n"
                + "if ($v -is [string]) { \"string $v\" } else { \"$($v.Value) $($v.IsInheritedFromDefaultValue)\" }";
        assertEquals("None True\n", out(cas, read));

        cas.setExtendedProtection("Require");

        assertEquals("Require\n", out(cas, "Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location "
                + "'Default Web Site/EWS' -Filter " + WINDOWS_AUTH + "/extendedProtection -Name tokenChecking"));
        assertEquals("None", cas.snapshot().location("Exchange Back End/EWS").orElseThrow().effectiveTokenChecking());
    }

    @Test
    void extendedProtectionCanBeSetAndIsValidated() {
        String set = "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa' -Filter "
                + WINDOWS_AUTH + " -Name extendedProtection.tokenChecking -Value ";

        out(cas, set + "allow");
        NativeCommand.Result bad = run(cas, set + "Always");

        assertThat(errors(bad)).contains("Always");
        assertEquals("Allow", cas.snapshot().location("Default Web Site/owa").orElseThrow().explicitTokenChecking());
    }

    @Test
    void exchange2019Cu14InstallsWithExtendedProtection() {
        CasServer cu14 = CasFleet.builder(ExchangeCommands.INSTANCE).build(ExchangeBuild.EXCHANGE_2019_CU14).build().server("CAS01");

        assertEquals("Require", cu14.snapshot().location("Default Web Site/owa").orElseThrow().effectiveTokenChecking());
    }

    @Test
    void activeSyncInheritsOn2013AndIsExplicitFrom2016() {
        CasServer e2016 = CasFleet.builder(ExchangeCommands.INSTANCE).build(ExchangeBuild.EXCHANGE_2016).build().server("CAS01");

        assertEquals(null, explicitSslFlags("Default Web Site/Microsoft-Server-ActiveSync"));
        assertEquals("Ssl,Ssl128", e2016.snapshot().location("Default Web Site/Microsoft-Server-ActiveSync")
                .orElseThrow().explicitSslFlags());
    }
}
