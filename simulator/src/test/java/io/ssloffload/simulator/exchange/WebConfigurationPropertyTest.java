package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebConfigurationPropertyTest {

    private static final String ACCESS = "system.webServer/security/access";
    private static final String WINDOWS_AUTH = "system.webServer/security/authentication/windowsAuthentication";

    private final CasFleet fleet = CasFleet.builder().build();
    private final CasServer cas = fleet.server("CAS01");
    private final Shell shell = Shell.on(cas);

    private Object sslFlags(String location) {
        return shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\", "Location", location,
                "Filter", ACCESS, "Name", "sslFlags").single();
    }

    private Shell.Result setSslFlags(String psPath, String location, Object value) {
        return shell.run("Set-WebConfigurationProperty", "PSPath", psPath, "Location", location,
                "Filter", ACCESS, "Name", "sslFlags", "Value", value);
    }

    @Test
    void inheritedFlagsComeBackAsAPlainString() {
        assertEquals("Ssl,Ssl128", sslFlags("Default Web Site/owa"));
        assertEquals("Ssl,Ssl128", sslFlags("default web site/EWS"));
        assertEquals("SslNegotiateCert", sslFlags("Default Web Site/PowerShell"));
    }

    @Test
    void noneComesBackAsAConfigurationAttribute() {
        Object calendar = sslFlags("Default Web Site/owa/Calendar");

        PsObject attribute = assertInstanceOf(PsObject.class, calendar);
        assertEquals("Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute", attribute.typeNames().get(0));
        assertEquals("Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute", attribute.toString());
        assertEquals(0, attribute.get("Value"));
        assertEquals("sslFlags", attribute.get("Name"));
        assertEquals(false, attribute.get("IsInheritedFromDefaultValue"), "owa/Calendar sets None explicitly");
    }

    @Test
    void settingNoneOnOwaLeavesItsSubApplicationsAndTheBackEndAlone() {
        CasSnapshot before = cas.snapshot();

        assertTrue(setSslFlags("IIS:\\", "Default Web Site/owa", "None").errors().isEmpty());

        assertEquals(0, ((PsObject) sslFlags("Default Web Site/owa")).get("Value"));
        assertEquals("Ssl,Ssl128", sslFlags("Default Web Site/owa/Integrated"));
        assertEquals("Ssl,Ssl128", sslFlags("Default Web Site/ecp"));
        CasSnapshot after = cas.snapshot();
        assertEquals(before.locations().stream().filter(l -> l.site().equals("Exchange Back End")).toList(),
                after.locations().stream().filter(l -> l.site().equals("Exchange Back End")).toList());
        assertEquals("None", after.location("Default Web Site/owa").orElseThrow().explicitSslFlags());
        ConfigChange change = after.configChanges().get(after.configChanges().size() - 1);
        assertEquals(new ConfigChange(fleet.clock().now().toString(), "Set-WebConfigurationProperty",
                "Default Web Site/owa", "sslFlags", null, "None"), change);
    }

    @Test
    void flagsAreCaseInsensitiveAndWrittenCanonically() {
        setSslFlags("MACHINE/WEBROOT/APPHOST", "Default Web Site/owa", "ssl, SSL128");

        assertEquals("Ssl,Ssl128", cas.snapshot().location("Default Web Site/owa").orElseThrow().explicitSslFlags());
    }

    @Test
    void aConfigurationAttributeReadEarlierCanBeWrittenBack() {
        Object calendar = sslFlags("Default Web Site/owa/Calendar");

        assertTrue(setSslFlags("IIS:\\", "Default Web Site/ecp", calendar).errors().isEmpty());

        assertEquals("None", cas.snapshot().location("Default Web Site/ecp").orElseThrow().explicitSslFlags());
    }

    @Test
    void invalidFlagsAreRejectedAndChangeNothing() {
        CasSnapshot before = cas.snapshot();

        PsErrorRecord error = setSslFlags("IIS:\\", "Default Web Site/owa", "Ssl,Ssl256").singleError();

        assertTrue(error.message().contains("Ssl,Ssl256"), error.message());
        assertEquals(before.locations(), cas.snapshot().locations());
    }

    @Test
    void aSectionLockedAtApphostCannotBeWrittenFromInsideASite() {
        CasSnapshot before = cas.snapshot();

        PsErrorRecord error = setSslFlags("IIS:\\Sites\\Default Web Site", "owa", "None").singleError();

        assertTrue(error.message().contains("locked at a parent level"), error.message());
        assertEquals(before.locations(), cas.snapshot().locations());
    }

    @Test
    void aPsPathInsideASiteStillReadsTheEffectiveValue() {
        Object value = shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\Sites\\Default Web Site\\OAB",
                "Filter", "/" + ACCESS, "Name", "sslFlags").single();

        assertEquals("Ssl,Ssl128", value);
    }

    @Test
    void unknownLocationFilterAndAttributeAreErrorsWithoutOutput() {
        Shell.Result location = shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\",
                "Location", "Default Web Site/nope", "Filter", ACCESS, "Name", "sslFlags");
        Shell.Result filter = shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\",
                "Location", "Default Web Site/owa", "Filter", "system.webServer/security/nope", "Name", "sslFlags");
        Shell.Result attribute = shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\",
                "Location", "Default Web Site/owa", "Filter", ACCESS, "Name", "sslFlag");

        assertTrue(location.output().isEmpty() && filter.output().isEmpty() && attribute.output().isEmpty());
        assertTrue(location.singleError().message().contains("MACHINE/WEBROOT/APPHOST/Default Web Site/nope"));
        assertTrue(filter.singleError().message().contains("system.webServer/security/nope"));
        assertTrue(attribute.singleError().message().contains("sslFlag"));
    }

    @Test
    void extendedProtectionFollowsTheSameQuirk() {
        Object off = shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\", "Location", "Default Web Site/EWS",
                "Filter", WINDOWS_AUTH, "Name", "extendedProtection.tokenChecking").single();
        assertEquals("None", ((PsObject) off).get("Value"));
        assertEquals(true, ((PsObject) off).get("IsInheritedFromDefaultValue"));

        cas.setExtendedProtection("Require");

        Object on = shell.run("Get-WebConfigurationProperty", "PSPath", "IIS:\\", "Location", "Default Web Site/EWS",
                "Filter", WINDOWS_AUTH + "/extendedProtection", "Name", "tokenChecking").single();
        assertEquals("Require", on);
        assertEquals("None", cas.snapshot().location("Exchange Back End/EWS").orElseThrow().effectiveTokenChecking());
    }

    @Test
    void extendedProtectionCanBeSetAndIsValidated() {
        Shell.Result ok = shell.run("Set-WebConfigurationProperty", "PSPath", "IIS:\\", "Location",
                "Default Web Site/owa", "Filter", WINDOWS_AUTH, "Name", "extendedProtection.tokenChecking", "Value", "allow");
        Shell.Result bad = shell.run("Set-WebConfigurationProperty", "PSPath", "IIS:\\", "Location",
                "Default Web Site/owa", "Filter", WINDOWS_AUTH, "Name", "extendedProtection.tokenChecking", "Value", "Always");

        assertTrue(ok.errors().isEmpty());
        assertTrue(bad.singleError().message().contains("Always"));
        assertEquals("Allow", cas.snapshot().location("Default Web Site/owa").orElseThrow().explicitTokenChecking());
    }

    @Test
    void exchange2019Cu14InstallsWithExtendedProtection() {
        CasServer cu14 = CasFleet.builder().build(ExchangeBuild.EXCHANGE_2019_CU14).build().server("CAS01");

        assertEquals("Require", cu14.snapshot().location("Default Web Site/owa").orElseThrow().effectiveTokenChecking());
    }

    @Test
    void activeSyncInheritsOn2013AndIsExplicitFrom2016() {
        CasServer e2016 = CasFleet.builder().build(ExchangeBuild.EXCHANGE_2016).build().server("CAS01");

        assertEquals(null, cas.snapshot().location("Default Web Site/Microsoft-Server-ActiveSync").orElseThrow()
                .explicitSslFlags());
        assertEquals("Ssl,Ssl128", e2016.snapshot().location("Default Web Site/Microsoft-Server-ActiveSync")
                .orElseThrow().explicitSslFlags());
    }
}
