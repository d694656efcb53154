package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PsObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** App pools, iisreset, appcmd, services and the registry of one server. */
class IisOperationsTest {

    private final CasServer cas = CasFleet.builder().build().server("CAS01");
    private final Shell shell = Shell.on(cas);

    private NativeCommand.Result appcmd(String program, String... arguments) {
        return cas.nativeCommand(program).orElseThrow().run(List.of(arguments), Map.of());
    }

    private String explicitSslFlags(String location) {
        return cas.snapshot().location(location).orElseThrow().explicitSslFlags();
    }

    @Test
    void restartWebAppPoolRecyclesNamedAndPipedPools() {
        shell.run("Restart-WebAppPool", "Name", "MSExchangeOWAAppPool");
        shell.pipe(List.of("msexchangeecpapppool", new PsObject().with("Name", "MSExchangeOWAAppPool")),
                "Restart-WebAppPool");

        CasSnapshot snapshot = cas.snapshot();
        assertEquals(2, snapshot.appPoolRecycles().get("MSExchangeOWAAppPool"));
        assertEquals(1, snapshot.appPoolRecycles().get("MSExchangeECPAppPool"));
        assertEquals(0, snapshot.appPoolRecycles().get("MSExchangeOABAppPool"));
        assertEquals(3, snapshot.recycleLog().size());
    }

    @Test
    void anUnknownPoolIsAnErrorAndRecyclesNothing() {
        assertEquals("NoSuchPool", shell.run("Restart-WebAppPool", "Name", "NoSuchPool").singleError().targetObject());
        assertTrue(cas.snapshot().recycleLog().isEmpty());
    }

    @Test
    void appcmdSetConfigWritesAtApphostInEitherSyntax() {
        NativeCommand.Result slash = appcmd("appcmd", "set", "config", "Default Web Site/owa", "/section:access",
                "/sslFlags:None", "/commit:APPHOST");
        NativeCommand.Result dash = appcmd("%windir%\\system32\\inetsrv\\appcmd.exe", "set", "config",
                "Default Web Site/ecp", "-section:system.webServer/security/access", "-sslFlags:\"Ssl, Ssl128\"",
                "-commit:apphost");

        assertEquals(0, slash.exitCode());
        assertEquals("Applied configuration changes to section \"system.webServer/security/access\" for "
                + "\"MACHINE/WEBROOT/APPHOST/Default Web Site/owa\" at configuration commit path "
                + "\"MACHINE/WEBROOT/APPHOST\"\r\n", slash.stdout());
        assertEquals(0, dash.exitCode());
        assertEquals("None", explicitSslFlags("Default Web Site/owa"));
        assertEquals("Ssl,Ssl128", explicitSslFlags("Default Web Site/ecp"));
    }

    @Test
    void appcmdErrorsChangeNothing() {
        CasSnapshot before = cas.snapshot();

        NativeCommand.Result badValue = appcmd("APPCMD.EXE", "set", "config", "Default Web Site/owa", "/section:access",
                "/sslFlags:Nope", "/commit:APPHOST");
        NativeCommand.Result noCommit = appcmd("appcmd", "set", "config", "Default Web Site/owa", "/section:access",
                "/sslFlags:None");
        NativeCommand.Result poolAsLocation = appcmd("appcmd", "set", "config", "Default Web Site/MSExchangeSyncAppPool",
                "/section:access", "/sslFlags:None", "/commit:APPHOST");
        NativeCommand.Result badAttribute = appcmd("appcmd", "set", "config", "Default Web Site/owa", "/section:access",
                "/sslFlag:None", "/commit:APPHOST");

        for (NativeCommand.Result result : List.of(badValue, noCommit, poolAsLocation, badAttribute)) {
            assertNotEquals(0, result.exitCode());
            assertTrue(result.stdout().startsWith("ERROR ( message:"), result.stdout());
        }
        assertTrue(noCommit.stdout().contains("locked at a parent level"));
        assertEquals(before.locations(), cas.snapshot().locations());
    }

    @Test
    void appcmdRecyclesAppPoolsInBothForms() {
        NativeCommand.Result named = appcmd("C:\\Windows\\System32\\inetsrv\\appcmd.exe", "recycle", "apppool",
                "/apppool.name:MSExchangeRpcProxyFrontEndAppPool");
        NativeCommand.Result positional = appcmd("appcmd", "recycle", "apppool", "MSExchangeOWAAppPool");
        NativeCommand.Result unknown = appcmd("appcmd", "recycle", "apppool", "/apppool.name:Nope");

        assertEquals("\"MSExchangeRpcProxyFrontEndAppPool\" successfully recycled\r\n", named.stdout());
        assertEquals(0, positional.exitCode());
        assertEquals("ERROR ( message:Cannot find APPPOOL object with identifier \"Nope\". )\r\n", unknown.stdout());
        assertNotEquals(0, unknown.exitCode());
        assertEquals(1, cas.snapshot().appPoolRecycles().get("MSExchangeRpcProxyFrontEndAppPool"));
        assertEquals(1, cas.snapshot().appPoolRecycles().get("MSExchangeOWAAppPool"));
    }

    @Test
    void iisresetCountsAFullRestartWithoutRecyclingPools() {
        NativeCommand.Result result = appcmd("iisreset.exe", "/noforce");

        assertEquals("Attempting stop...\r\nInternet services successfully stopped\r\nAttempting start...\r\n"
                + "Internet services successfully restarted\r\n", result.stdout());
        assertEquals(1, cas.snapshot().iisResets());
        assertTrue(cas.snapshot().recycleLog().isEmpty());
        assertNotEquals(0, appcmd("iisreset", "/bogus").exitCode());
        assertEquals(1, cas.snapshot().iisResets());
    }

    @Test
    void unknownProgramsAreNotThisHosts() {
        assertTrue(cas.nativeCommand("notepad.exe").isEmpty());
    }

    @Test
    void unknownServicesGivePowerShellsError() {
        assertEquals("Cannot find any service with service name 'NoSuchService'.",
                shell.run("Get-Service", "Name", "NoSuchService").singleError().message());
        assertEquals("NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.RestartServiceCommand",
                shell.run("Restart-Service", "Name", "NoSuchService", "Force", true).singleError().errorId());
        assertEquals(7, shell.run("Get-Service").output().size());
    }

    @Test
    void registryReadsAreCaseInsensitiveAndUnknownPathsAreErrors() {
        PsObject setup = (PsObject) shell.run("Get-ItemProperty", "Path",
                "Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup").single();

        assertEquals(15, setup.get("MsiProductMajor"));
        assertEquals(0, setup.get("MsiProductMinor"));
        assertEquals(847, setup.get("MsiBuildMajor"));
        assertEquals(32, setup.get("MsiBuildMinor"));
        assertEquals("PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand",
                shell.run("Get-ItemProperty", "Path", "HKLM:\\SOFTWARE\\Nope").singleError().errorId());
        assertTrue(shell.run("Get-ItemProperty", "Path", "HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup",
                "Name", "Nope").singleError().message().startsWith("Property Nope does not exist at path"));
    }
}
