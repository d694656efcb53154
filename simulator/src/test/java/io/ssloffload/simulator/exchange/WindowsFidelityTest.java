package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.WindowsRelease;
import org.junit.jupiter.api.Test;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static io.ssloffload.simulator.exchange.CasPowerShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What admins check on a CAS besides SSL offloading: the Windows release (PowerShell, NT and IIS
 * versions agree), hostname and whoami, Test-Path on the IIS: and HKLM: drives, appcmd list config.
 */
class WindowsFidelityTest {

    private static final String APPCMD = "& \"$env:windir\\system32\\inetsrv\\appcmd.exe\"";

    private final CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).build(ExchangeBuild.CU23)
            .build("CAS02", ExchangeBuild.EXCHANGE_2019_CU14).build();
    private final CasServer exchange2013 = fleet.server("CAS01");
    private final CasServer exchange2019 = fleet.server("CAS02");

    private static final String VERSIONS = "$PSVersionTable.PSVersion.ToString()\n"
            + "$PSVersionTable.BuildVersion.ToString()\n"
            + "[Environment]::OSVersion.VersionString\n"
            + "$i = Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\InetStp\n"
            + "\"$($i.MajorVersion).$($i.MinorVersion) $($i.VersionString) $($i.SetupString)\"";

    @Test
    void exchange2013RunsOnWindowsServer2012R2WithWmf51AndIis85() {
        assertEquals("5.1.14409.1005\n10.0.14409.1005\nMicrosoft Windows NT 6.3.9600.0\n8.5 Version 8.5 IIS 8.5\n",
                out(exchange2013, VERSIONS));
        assertEquals("6.3.9600 Win32NT\n", out(exchange2013,
                "$v = [Environment]::OSVersion\n\"$($v.Version.Major).$($v.Version.Minor).$($v.Version.Build) $($v.Platform)\""));
        assertEquals("Microsoft-IIS/8.5", exchange2013.windowsRelease().iisServerHeader());
    }

    @Test
    void exchange2019RunsOnWindowsServer2019WithIis10() {
        assertEquals("5.1.17763.1\n10.0.17763.1\nMicrosoft Windows NT 10.0.17763.0\n10.0 Version 10.0 IIS 10.0\n",
                out(exchange2019, VERSIONS));
    }

    @Test
    void eachBuildGetsTheNewestWindowsReleaseTheSupportabilityMatrixAllowsIt() {
        assertEquals(WindowsRelease.WINDOWS_SERVER_2012, ExchangeBuild.RTM.windowsRelease());
        assertEquals(WindowsRelease.WINDOWS_SERVER_2012_R2, ExchangeBuild.SP1.windowsRelease());
        assertEquals(WindowsRelease.WINDOWS_SERVER_2012_R2, ExchangeBuild.parse("15.1.225.42").windowsRelease());
        assertEquals(WindowsRelease.WINDOWS_SERVER_2016, ExchangeBuild.EXCHANGE_2016.windowsRelease());
        assertEquals(WindowsRelease.WINDOWS_SERVER_2019, ExchangeBuild.EXCHANGE_2019_CU14.windowsRelease());
        CasServer rtm = CasFleet.builder(ExchangeCommands.INSTANCE).build(ExchangeBuild.RTM).build().server("CAS01");
        assertEquals("Microsoft Windows NT 6.2.9200.0\n8.0\n", out(rtm, "[Environment]::OSVersion.VersionString\n"
                + "$i = Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\InetStp\n\"$($i.MajorVersion).$($i.MinorVersion)\""));
    }

    @Test
    void hostnameAndWhoamiAreSystem32Programs() {
        assertEquals("CAS01\ncas01\\administrator\n", out(exchange2013, "hostname\nwhoami"));
        NativeCommand.Result rename = run(exchange2013, "hostname NEWNAME 2>&1 | ForEach-Object { \"$_\" }\n$LASTEXITCODE");
        assertEquals("sethostname: Use the Network Control Panel Applet to set hostname.\r\n1\r\n", rename.stdout());
        assertEquals("1\n", out(exchange2013, "whoami /bogus 2>$null\n$LASTEXITCODE"));
    }

    @Test
    void testPathOnTheIisDriveAnswersForSitesApplicationsAndPools() {
        assertEquals("True\nTrue\nTrue\nTrue\nTrue\nTrue\nFalse\nFalse\nFalse\nTrue\nFalse\nFalse\n", out(exchange2013,
                "Test-Path 'IIS:\\'\n"
                        + "Test-Path IIS:\\Sites\n"
                        + "Test-Path 'IIS:\\Sites\\Default Web Site'\n"
                        + "Test-Path 'IIS:\\Sites\\Default Web Site\\owa'\n"
                        + "Test-Path 'IIS:\\Sites\\exchange back end\\mapi\\emsmdb'\n"
                        + "Test-Path IIS:\\AppPools\\MSExchangeOWAAppPool\n"
                        + "Test-Path IIS:\\AppPools\\NoSuchPool\n"
                        + "Test-Path 'IIS:\\Sites\\No Such Site'\n"
                        + "Test-Path 'IIS:\\Sites\\Default Web Site\\owa2'\n"
                        + "Test-Path 'IIS:\\Sites\\Default Web Site\\owa' -PathType Container\n"
                        + "Test-Path 'IIS:\\Sites\\Default Web Site\\owa' -PathType Leaf\n"
                        + "Test-Path 'IIS:\\Sites\\Default Web Site\\owa2\\auth'"));
    }

    @Test
    void testPathRefusesWhatTheModelDoesNotHold() {
        for (String path : new String[] {"IIS:\\SslBindings", "IIS:\\Sites\\Default Web Site\\owa\\auth",
                "HKLM:\\SOFTWARE\\Contoso", "IIS:\\AppPools\\MSExchangeOWAAppPool\\WorkerProcesses"}) {
            NativeCommand.Result result = run(exchange2013, "Test-Path '" + path + "'");
            assertEquals("", result.stdout(), path);
            assertThat(errors(result)).contains("does not model");
            assertThat(errors(result)).contains("NotModelled,Microsoft.PowerShell.Commands.TestPathCommand");
        }
        assertEquals("True\nTrue\n", out(exchange2013, "Test-Path HKLM:\\SOFTWARE\\Microsoft\\InetStp\n"
                + "Test-Path HKLM:\\SOFTWARE"));
    }

    @Test
    void appcmdListConfigPrintsTheEffectiveSection() {
        assertEquals("<system.webServer>\n  <security>\n    <access sslFlags=\"Ssl, Ssl128\" />\n  </security>\n"
                + "</system.webServer>\n\n", out(exchange2013, APPCMD + " list config \"Default Web Site/owa\" /section:access"));
        out(exchange2013, APPCMD + " set config \"Default Web Site/owa\" /section:access /sslFlags:None /commit:apphost");
        assertEquals("<system.webServer>\n  <security>\n    <access sslFlags=\"None\" />\n  </security>\n"
                + "</system.webServer>\n\n", out(exchange2013, APPCMD + " list config \"Default Web Site/owa\" /section:access"));
        assertEquals("<system.webServer>\n  <security>\n    <authentication>\n      <windowsAuthentication />\n"
                        + "    </authentication>\n  </security>\n</system.webServer>\n\n",
                out(exchange2013, APPCMD + " list config \"Default Web Site/ecp\" "
                        + "/section:system.webServer/security/authentication/windowsAuthentication"));
        assertEquals("<system.webServer>\n  <security>\n    <authentication>\n      <windowsAuthentication>\n"
                        + "        <extendedProtection tokenChecking=\"Require\" />\n      </windowsAuthentication>\n"
                        + "    </authentication>\n  </security>\n</system.webServer>\n\n",
                out(fleet.server("CAS02"), APPCMD + " list config \"Default Web Site/ecp\" "
                        + "/section:windowsAuthentication"));
        NativeCommand.Result missing = run(exchange2013, APPCMD + " list config \"Default Web Site/nope\" /section:access\n"
                + "$LASTEXITCODE");
        assertTrue(missing.stdout().startsWith("ERROR ( message:Filename: \r\nError: Unrecognized configuration path "
                + "'MACHINE/WEBROOT/APPHOST/Default Web Site/nope'"), missing.stdout());
        assertTrue(missing.stdout().endsWith("1168\r\n"), missing.stdout());
    }
}
