package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import org.junit.jupiter.api.Test;

import static io.ssloffload.simulator.exchange.CasPowerShell.errors;
import static io.ssloffload.simulator.exchange.CasPowerShell.out;
import static io.ssloffload.simulator.exchange.CasPowerShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** App pools, iisreset, appcmd, services and the registry of one server, driven from PowerShell. */
class IisOperationsTest {

    /** appcmd as a script must call it: inetsrv is not on the PATH. */
    private static final String APPCMD = "& \"$env:windir\\system32\\inetsrv\\appcmd.exe\"";

    private final CasServer cas = CasFleet.builder(ExchangeCommands.INSTANCE).build().server("CAS01");

    private String explicitSslFlags(String location) {
        return cas.snapshot().location(location).orElseThrow().explicitSslFlags();
    }

    @Test
    void restartWebAppPoolRecyclesNamedAndPipedPools() {
        out(cas, "Restart-WebAppPool -Name MSExchangeOWAAppPool\n"
                + "'msexchangeecpapppool', [pscustomobject]@{ Name = 'MSExchangeOWAAppPool' } | Restart-WebAppPool");

        CasSnapshot snapshot = cas.snapshot();
        assertEquals(2, snapshot.appPoolRecycles().get("MSExchangeOWAAppPool"));
        assertEquals(1, snapshot.appPoolRecycles().get("MSExchangeECPAppPool"));
        assertEquals(0, snapshot.appPoolRecycles().get("MSExchangeOABAppPool"));
        assertEquals(3, snapshot.recycleLog().size());
    }

    @Test
    void webAdministrationImportsAndOtherModulesAreNotInstalled() {
        assertEquals("Ssl,Ssl128\n", out(cas, "$ErrorActionPreference = 'Stop'\nImport-Module WebAdministration\n"
                + "Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/OAB' "
                + "-Filter 'system.webServer/security/access' -Name sslFlags"));
        NativeCommand.Result missing = run(cas, "$ErrorActionPreference = 'Stop'\nImport-Module ExchangeDsc\n'after'");
        assertEquals(1, missing.exitCode());
        assertThat(errors(missing)).contains("The specified module 'ExchangeDsc' was not loaded");
    }

    @Test
    void anUnknownPoolIsAnErrorAndRecyclesNothing() {
        assertEquals("NoSuchPool\n", out(cas, "Restart-WebAppPool NoSuchPool -ErrorAction SilentlyContinue "
                + "-ErrorVariable failed\n$failed[0].TargetObject"));
        assertTrue(cas.snapshot().recycleLog().isEmpty());
    }

    @Test
    void programsAreFoundByFullPathOrThroughPathOnly() {
        for (String call : new String[] {"appcmd list apppool", "appcmd.exe list apppool",
                "%windir%\\system32\\inetsrv\\appcmd.exe list apppool"}) {
            // Windows's default Path (IIS setup does not add inetsrv to it)
            NativeCommand.Result result = run(cas, "$env:Path = 'C:\\Windows\\system32;C:\\Windows'\n" + call);
            assertThat(errors(result))
                    .as(call + ": " + errors(result))
                    .contains("is not recognized as the name of a cmdlet, function, script file, or "
                            + "operable program.");
        }
        out(cas, "$env:Path += ';C:\\Windows\\system32\\inetsrv'; appcmd recycle apppool MSExchangeOWAAppPool");
        NativeCommand.Result withoutPath = run(cas, "$env:Path = 'C:\\Tools'; iisreset /noforce");
        assertThat(errors(withoutPath)).contains("The term 'iisreset' is not recognized");
        assertEquals(1, cas.snapshot().appPoolRecycles().get("MSExchangeOWAAppPool"));
        assertEquals(0, cas.snapshot().iisResets());
    }

    @Test
    void appcmdSetConfigWritesAtApphostInEitherSyntax() {
        NativeCommand.Result slash = run(cas, APPCMD + " set config 'Default Web Site/owa' /section:access "
                + "/sslFlags:None /commit:APPHOST\n$LASTEXITCODE");
        NativeCommand.Result dash = run(cas, "& \"$env:windir\\system32\\inetsrv\\appcmd.exe\" set config "
                + "'Default Web Site/ecp' -section:system.webServer/security/access '-sslFlags:Ssl, Ssl128' "
                + "-commit:apphost\n$LASTEXITCODE");

        assertEquals("Applied configuration changes to section \"system.webServer/security/access\" for "
                + "\"MACHINE/WEBROOT/APPHOST/Default Web Site/owa\" at configuration commit path "
                + "\"MACHINE/WEBROOT/APPHOST\"\n0\n", out(slash));
        assertTrue(out(dash).endsWith("\n0\n"), dash.stdout());
        assertEquals("None", explicitSslFlags("Default Web Site/owa"));
        assertEquals("Ssl,Ssl128", explicitSslFlags("Default Web Site/ecp"));
    }

    @Test
    void appcmdErrorsSetLastExitCodeAndChangeNothing() {
        CasSnapshot before = cas.snapshot();
        String[] calls = {
                "& \"$env:windir\\SYSTEM32\\INETSRV\\APPCMD.EXE\" set config 'Default Web Site/owa' /section:access "
                        + "/sslFlags:Nope /commit:APPHOST",
                APPCMD + " set config 'Default Web Site/owa' /section:access /sslFlags:None",
                APPCMD + " set config 'Default Web Site/MSExchangeSyncAppPool' /section:access /sslFlags:None /commit:APPHOST",
                APPCMD + " set config 'Default Web Site/owa' /section:access /sslFlag:None /commit:APPHOST"};

        for (String call : calls) {
            NativeCommand.Result result = run(cas, call + "\n\"ok=$? exit=$LASTEXITCODE\"");
            String lastLine = result.stdout().lines().reduce((a, b) -> b).orElseThrow();

            assertTrue(result.stdout().startsWith("ERROR ( message:"), call + ": " + result.stdout());
            assertTrue(lastLine.startsWith("ok=False exit=") && !lastLine.equals("ok=False exit=0"), lastLine);
            if (call.endsWith("/sslFlags:None")) {
                assertThat(result.stdout()).contains("locked at a parent level");
            }
        }
        assertEquals(before.locations(), cas.snapshot().locations());
    }

    @Test
    void appcmdRecyclesAppPoolsInBothForms() {
        String named = out(cas, "C:\\Windows\\System32\\inetsrv\\appcmd.exe recycle apppool "
                + "/apppool.name:MSExchangeRpcProxyFrontEndAppPool");
        String positional = out(cas, APPCMD + " recycle apppool MSExchangeOWAAppPool");
        NativeCommand.Result unknown = run(cas, APPCMD + " recycle apppool /apppool.name:Nope");

        assertEquals("\"MSExchangeRpcProxyFrontEndAppPool\" successfully recycled\n", named);
        assertEquals("\"MSExchangeOWAAppPool\" successfully recycled\n", positional);
        assertEquals("ERROR ( message:Cannot find APPPOOL object with identifier \"Nope\". )\r\n", unknown.stdout());
        assertEquals(1, unknown.exitCode(), "$? is false after a native command's non-zero exit code");
        assertEquals(1, cas.snapshot().appPoolRecycles().get("MSExchangeRpcProxyFrontEndAppPool"));
        assertEquals(1, cas.snapshot().appPoolRecycles().get("MSExchangeOWAAppPool"));
    }

    @Test
    void iisresetCountsAFullRestartWithoutRecyclingPools() {
        assertEquals("Attempting stop...\nInternet services successfully stopped\nAttempting start...\n"
                + "Internet services successfully restarted\n", out(cas, "iisreset.exe /noforce"));
        assertEquals(1, cas.snapshot().iisResets());
        assertTrue(cas.snapshot().recycleLog().isEmpty());

        NativeCommand.Result bogus = run(cas, "iisreset /bogus\n$LASTEXITCODE -ne 0");

        assertTrue(bogus.stdout().endsWith("True\r\n"), bogus.stdout());
        assertEquals(1, cas.snapshot().iisResets());
    }

    @Test
    void programsThisHostDoesNotHaveAreNotFound() {
        NativeCommand.Result result = run(cas, "notepad.exe");

        assertEquals(1, result.exitCode());
        assertThat(errors(result)).contains("The term 'notepad.exe' is not recognized");
    }

    @Test
    void unknownServicesGivePowerShellsError() {
        NativeCommand.Result get = run(cas, "Get-Service -Name NoSuchService");
        NativeCommand.Result restart = run(cas, "Restart-Service -Name NoSuchService -Force");

        assertThat(errors(get)).contains("Cannot find any service with service name 'NoSuchService'.");
        assertThat(errors(restart))
                .contains("NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.RestartServiceCommand");
        assertEquals("7\n", out(cas, "(Get-Service).Count"));
    }

    @Test
    void serviceNamesAreWildcardsAndNumbersBindAsPowerShellStrings() {
        assertEquals("W3SVC\n", out(cas, "(Get-Service -Name 'W3SV[A-C]').Name"));
        assertEquals("", out(cas, "Get-Service -Name 'NoSuch[X]'"), "a wildcard that matches nothing is no error");
        NativeCommand.Result number = run(cas, "Get-Service -Name 1.0, $true");

        assertThat(errors(number)).contains("Cannot find any service with service name '1'.");
        assertThat(errors(number)).contains("Cannot find any service with service name 'True'.");
    }

    @Test
    void registryReadsAreCaseInsensitiveAndUnknownPathsAreErrors() {
        assertEquals("15 0 847 32\n", out(cas, "$setup = Get-ItemProperty -Path "
                + "'Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup'\n"
                + "\"$($setup.MsiProductMajor) $($setup.msiproductminor) $($setup.MsiBuildMajor) $($setup.MsiBuildMinor)\""));

        NativeCommand.Result noKey = run(cas, "Get-ItemProperty -Path HKLM:\\SOFTWARE\\Nope");
        NativeCommand.Result noValue = run(cas, "Get-ItemProperty -Path "
                + "HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup -Name Nope");

        assertThat(errors(noKey)).contains("PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand");
        assertThat(errors(noKey))
                .contains("ObjectNotFound: (HKLM:\\SOFTWARE\\Nope:String) [Get-ItemProperty], "
                        + "ItemNotFoundException");
        assertEquals("caught\n", out(cas, "try { Get-ItemProperty -Path HKLM:\\SOFTWARE\\Nope -ErrorAction Stop } "
                + "catch [System.Management.Automation.ItemNotFoundException] { 'caught' }"));
        assertThat(errors(noValue)).contains("Property Nope does not exist at path");
        assertEquals("", noValue.stdout());
    }
}
