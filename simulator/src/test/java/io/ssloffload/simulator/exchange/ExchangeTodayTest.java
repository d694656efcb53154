package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static io.ssloffload.simulator.exchange.CasPowerShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exchange as it runs today (2016 CU23, 2019 CU14/CU15, SE): the build presets, Extended
 * Protection as Setup writes it, the API vdir, ExSetup.exe's version.
 */
class ExchangeTodayTest {

    private static final String TOKEN_CHECKING = "system.webServer/security/authentication/windowsAuthentication";

    /** Microsoft's recommended values (Learn, "Configure Windows Extended Protection in Exchange Server"). */
    private static final Map<String, String> RECOMMENDED = Map.ofEntries(
            Map.entry("Default Web Site/API", "Require"), Map.entry("Default Web Site/ecp", "Require"),
            Map.entry("Default Web Site/mapi", "Require"), Map.entry("Default Web Site/owa", "Require"),
            Map.entry("Default Web Site/Rpc", "Require"), Map.entry("Default Web Site/EWS", "Allow"),
            Map.entry("Default Web Site/Microsoft-Server-ActiveSync", "Allow"), Map.entry("Default Web Site/OAB", "Allow"),
            Map.entry("Default Web Site/Autodiscover", "None"), Map.entry("Default Web Site/PowerShell", "None"),
            Map.entry("Exchange Back End/API", "Require"), Map.entry("Exchange Back End/EWS", "Require"),
            Map.entry("Exchange Back End/OAB", "Require"), Map.entry("Exchange Back End/PowerShell", "Require"),
            Map.entry("Exchange Back End/Autodiscover", "None"), Map.entry("Exchange Back End/mapi/emsmdb", "Require"),
            Map.entry("Exchange Back End/RpcWithCert", "Require"), Map.entry("Exchange Back End/PushNotifications", "Require"));

    private static CasServer install(ExchangeBuild build) {
        return CasFleet.builder(ExchangeCommands.INSTANCE).build(build).build().server("CAS01");
    }

    private static String tokenChecking(CasServer server, String location) {
        return server.snapshot().location(location).orElseThrow().effectiveTokenChecking();
    }

    private static void assertRecommendedExtendedProtection(CasServer server) {
        RECOMMENDED.forEach((location, value) -> assertEquals(value, tokenChecking(server, location), location));
    }

    private static void assertNoExtendedProtection(CasServer server) {
        RECOMMENDED.keySet().stream().filter(l -> server.snapshot().location(l).isPresent())
                .forEach(location -> assertEquals("None", tokenChecking(server, location), location));
    }

    @Test
    void presetsAndFullBuildsParse() {
        assertEquals(new ExchangeBuild(15, 1, 2507, 6), ExchangeBuild.parse("Exchange2016CU23"));
        assertEquals(ExchangeBuild.EXCHANGE_2016, ExchangeBuild.parse("Exchange2016"));
        assertEquals(new ExchangeBuild(15, 2, 1544, 4), ExchangeBuild.parse("exchange2019cu14"));
        assertEquals(new ExchangeBuild(15, 2, 1748, 10), ExchangeBuild.parse("Exchange2019-CU15"));
        assertEquals(new ExchangeBuild(15, 2, 2562, 17), ExchangeBuild.parse("ExchangeSE"));
        assertEquals(new ExchangeBuild(15, 2, 2562, 37), ExchangeBuild.parse("15.2.2562.37"));
        assertEquals(ExchangeBuild.SP1, ExchangeBuild.parse("SP1"));
        assertEquals(ExchangeBuild.CU23, ExchangeBuild.parse("cu23"));
        assertThrows(IllegalArgumentException.class, () -> ExchangeBuild.parse("Exchange2019CU99"));
    }

    @Test
    void theDefaultBuildIsStill2013Sp1WithoutApiOrExtendedProtection() {
        CasServer server = CasFleet.builder(ExchangeCommands.INSTANCE).build().server("CAS01");

        assertEquals("15.0.847.32", server.snapshot().build());
        assertTrue(server.snapshot().location("Default Web Site/API").isEmpty());
        assertNoExtendedProtection(server);
    }

    @Test
    void cu14Cu15AndSeInstallWithMicrosoftsExtendedProtectionOnBothSites() {
        for (ExchangeBuild build : new ExchangeBuild[] {ExchangeBuild.EXCHANGE_2019_CU14, ExchangeBuild.EXCHANGE_2019_CU15,
                ExchangeBuild.EXCHANGE_SE}) {
            CasServer server = install(build);

            assertRecommendedExtendedProtection(server);
            // inherited below an explicit value
            assertEquals("Require", tokenChecking(server, "Default Web Site/owa/Calendar"));
        }
    }

    @Test
    void setupWithExtendedProtectionTurnsOffSslOffloadingForOutlookAnywhere() {
        CasServer se = install(ExchangeBuild.EXCHANGE_SE);

        assertFalse(se.snapshot().outlookAnywhere().sslOffloading());
        assertTrue(se.snapshot().outlookAnywhere().externalClientsRequireSsl());
        assertEquals("Ssl,Ssl128", se.snapshot().location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags());
    }

    @Test
    void earlierBuildsAndDoNotEnableEpInstallWithoutExtendedProtection() {
        assertNoExtendedProtection(install(ExchangeBuild.EXCHANGE_2016));
        assertNoExtendedProtection(install(ExchangeBuild.EXCHANGE_2019));
        assertNoExtendedProtection(install(ExchangeBuild.CU23));
        CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).build(ExchangeBuild.EXCHANGE_SE).doNotEnableEP("CAS02").build();

        assertRecommendedExtendedProtection(fleet.server("CAS01"));
        assertNoExtendedProtection(fleet.server("CAS02"));
        assertTrue(fleet.server("CAS02").snapshot().outlookAnywhere().sslOffloading());
        assertEquals("None", fleet.server("CAS02").snapshot().location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags());
    }

    @Test
    void apiVirtualDirectoryOn2016AndLaterOnly() {
        for (ExchangeBuild build : new ExchangeBuild[] {ExchangeBuild.EXCHANGE_2016, ExchangeBuild.EXCHANGE_2019,
                ExchangeBuild.EXCHANGE_SE}) {
            CasServer server = install(build);

            assertEquals("True\nTrue\n", out(server, "Test-Path 'IIS:\\Sites\\Default Web Site\\API'\n"
                    + "Test-Path 'IIS:\\AppPools\\MSExchangeRestFrontEndAppPool'"), build.toString());
            assertEquals("Ssl,Ssl128\n", out(server, "Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location "
                    + "'Default Web Site/API' -Filter system.webServer/security/access -Name sslFlags"));
            assertEquals("Ssl,Ssl128", server.snapshot().location("Default Web Site/API").orElseThrow().explicitSslFlags());
            assertTrue(server.snapshot().location("Exchange Back End/API").isPresent());
        }
        CasServer e2013 = install(ExchangeBuild.CU23);

        assertEquals("False\nFalse\n", out(e2013, "Test-Path 'IIS:\\Sites\\Default Web Site\\API'\n"
                + "Test-Path 'IIS:\\AppPools\\MSExchangeRestFrontEndAppPool'"));
        NativeCommand.Result read = run(e2013, "Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location "
                + "'Default Web Site/API' -Filter system.webServer/security/access -Name sslFlags");
        assertThat(errors(read)).contains("MACHINE/WEBROOT/APPHOST/Default Web Site/API");
        NativeCommand.Result write = run(e2013, "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location "
                + "'Default Web Site/API' -Filter system.webServer/security/access -Name sslFlags -Value None");
        assertFalse(errors(write).isEmpty());
        assertTrue(e2013.snapshot().location("Default Web Site/API").isEmpty());
    }

    @Test
    void exSetupShowsTheBuildWithItsSecurityUpdateWhileTheRegistryNamesTheCumulativeUpdate() {
        CasServer server = install(ExchangeBuild.parse("15.2.2562.37"));

        assertEquals("15.02.2562.037\n15.02.2562.037\n15 2 2562 37\n", out(server,
                "$v = (Get-Command ExSetup).FileVersionInfo\n$v.FileVersion\n$v.ProductVersion\n"
                        + "\"$($v.FileMajorPart) $($v.FileMinorPart) $($v.FileBuildPart) $($v.FilePrivatePart)\""));
        assertEquals("15.02.2562.037\n15.02.2562.037\n", out(server,
                "$i = Get-Item \"$env:ExchangeInstallPath\\Bin\\ExSetup.exe\"\n$i.VersionInfo.FileVersion\n"
                        + "$i.VersionInfo.ProductVersion"));
        assertEquals("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\\nTrue\n", out(server,
                "$env:ExchangeInstallPath\nTest-Path \"$env:ExchangeInstallPath\\Bin\\ExSetup.exe\""));
        assertEquals("2562 17\n", out(server, "$k = Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup'\n"
                + "\"$($k.MsiBuildMajor) $($k.MsiBuildMinor)\""));
        assertEquals("Version 15.2 (Build 2562.17)", server.snapshot().adminDisplayVersion());
        assertEquals("15.2.2562.37", server.snapshot().build());
    }

    @Test
    void exSetupOnEveryPreset() {
        assertEquals("15.00.0847.032\n", out(install(ExchangeBuild.SP1), "(Get-Command ExSetup.exe).FileVersionInfo.FileVersion"));
        assertEquals("15.01.2507.006\n", out(install(ExchangeBuild.EXCHANGE_2016), "(Get-Command ExSetup).FileVersionInfo.FileVersion"));
        assertEquals("15.02.1748.010\n", out(install(ExchangeBuild.EXCHANGE_2019_CU15),
                "(Get-Item 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\ExSetup.exe').VersionInfo.FileVersion"));
        NativeCommand.Result missing = run(install(ExchangeBuild.SP1), "Get-Item 'C:\\Program Files\\nothing.exe'");
        assertThat(errors(missing)).contains("Cannot find path");
    }

    @Test
    void cuUpgradeToCu14TurnsExtendedProtectionOnUnlessDoNotEnableEp() {
        CasFleet fleet = CasFleet.builder(ExchangeCommands.INSTANCE).servers(2).build(ExchangeBuild.EXCHANGE_2019).build();

        fleet.server("CAS01").cumulativeUpdate(ExchangeBuild.EXCHANGE_2019_CU14, true);
        fleet.server("CAS02").cumulativeUpdate(ExchangeBuild.EXCHANGE_2019_CU14, false);

        assertNoExtendedProtection(fleet.server("CAS01"));
        assertTrue(fleet.server("CAS01").snapshot().outlookAnywhere().sslOffloading());
        assertRecommendedExtendedProtection(fleet.server("CAS02"));
        assertFalse(fleet.server("CAS02").snapshot().outlookAnywhere().sslOffloading());
        assertEquals("15.2.1544.4", fleet.server("CAS02").snapshot().build());
    }

    @Test
    void aLaterCuTurnsExtendedProtectionBackOnAfterAnAdminTurnedItOff() {
        CasServer server = install(ExchangeBuild.EXCHANGE_2019_CU14);
        server.setExtendedProtection("None");
        server.fleet().activeDirectory().change("CAS01", OutlookAnywhereChange.sslOffloading(true));

        server.cumulativeUpdate(ExchangeBuild.EXCHANGE_SE);

        assertRecommendedExtendedProtection(server);
        assertFalse(server.snapshot().outlookAnywhere().sslOffloading());
        assertTrue(server.snapshot().configChanges().stream().anyMatch(c -> c.origin().equals("Setup")
                && c.location().equals("Default Web Site/owa") && "None".equals(c.oldValue())));
    }

    @Test
    void cuUpgradeStaysWithinItsProduct() {
        CasServer server = install(ExchangeBuild.EXCHANGE_2016);

        assertThrows(IllegalArgumentException.class, () -> server.cumulativeUpdate(ExchangeBuild.EXCHANGE_SE));
        assertEquals("15.1.2507.6", server.snapshot().build());
    }

    @Test
    void extendedProtectionOnOneLocation() {
        CasServer server = install(ExchangeBuild.EXCHANGE_2016);

        server.setExtendedProtection("Require", "Default Web Site/owa");

        assertEquals("Require", tokenChecking(server, "Default Web Site/owa"));
        assertEquals("None", tokenChecking(server, "Default Web Site/ecp"));
        assertEquals("Require\n", out(server, "Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location "
                + "'Default Web Site/owa' -Filter " + TOKEN_CHECKING + " -Name extendedProtection.tokenChecking"));
        assertThrows(IllegalArgumentException.class, () -> server.setExtendedProtection("Require", "Default Web Site/nope"));
        assertThrows(IllegalArgumentException.class, () -> server.setExtendedProtection("Sometimes", "Default Web Site/ecp"));
    }
}
