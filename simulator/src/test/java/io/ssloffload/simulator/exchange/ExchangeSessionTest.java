package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsObject;
import io.ssloffload.simulator.powershell.PsRemoteSession;
import io.ssloffload.simulator.powershell.Runspace;
import io.ssloffload.simulator.powershell.SecretText;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeSessionTest {

    private final CasFleet fleet = CasFleet.builder().servers(2).credentials("CONTOSO\\exadmin", "S3cret!")
            .runspaceFactory(TestRunspace.FACTORY).build();
    private final Shell shell = Shell.on(fleet.server("CAS01"));

    private static PsObject credential(String user, String password) {
        SecretText secret = () -> password;
        return new PsObject().with("UserName", user).with("Password", secret);
    }

    private Shell.Result newSession(String uri, Object credential) {
        return shell.run("New-PSSession", "ConfigurationName", "Microsoft.Exchange", "ConnectionUri", uri,
                "Authentication", "Kerberos", "Credential", credential);
    }

    private CasSnapshot.Sessions sessions(String server) {
        return fleet.server(server).snapshot().exchangeSessions();
    }

    @Test
    void aValidCredentialOpensASessionWithTheExchangeCmdlets() {
        PsRemoteSession session = assertInstanceOf(PsRemoteSession.class,
                newSession("http://cas01.contoso.local/PowerShell/", credential("exadmin@contoso.local", "S3cret!")).single());

        Runspace remote = session.runspace();
        assertEquals(Runspace.LanguageMode.NO_LANGUAGE, remote.languageMode());
        assertTrue(remote.commands().find("Set-OutlookAnywhere").isPresent());
        assertFalse(remote.commands().find("Set-WebConfigurationProperty").isPresent());
        assertEquals(new CasSnapshot.Sessions(1, 1, 1), sessions("CAS01"));

        session.close();
        assertEquals(new CasSnapshot.Sessions(0, 1, 1), sessions("CAS01"));
    }

    @Test
    void aSessionToAnotherServerCountsThereAndActsOnTheSharedDirectory() {
        PsRemoteSession session = (PsRemoteSession) newSession("http://CAS02.contoso.local/powershell",
                credential("CONTOSO\\ExAdmin", "S3cret!")).single();
        new Shell(session.runspace()).run("Set-OutlookAnywhere", "Identity", "CAS01\\Rpc (Default Web Site)",
                "SSLOffloading", true);

        assertEquals(1, sessions("CAS02").open());
        assertEquals(0, sessions("CAS01").open());
        assertTrue(fleet.activeDirectory().outlookAnywhere("CAS01").orElseThrow().sslOffloading());
    }

    @Test
    void leakedSessionsStayVisible() {
        newSession("http://cas01.contoso.local/PowerShell/", credential("exadmin", "S3cret!"));
        newSession("http://cas01.contoso.local/PowerShell/", credential("exadmin", "S3cret!"));

        assertEquals(new CasSnapshot.Sessions(2, 2, 2), sessions("CAS01"));
    }

    @Test
    void aWrongPasswordIsAccessDenied() {
        PsErrorRecord error = newSession("http://cas01.contoso.local/PowerShell/", credential("exadmin", "guess"))
                .singleError();

        assertEquals("AccessDenied,PSSessionOpenFailed", error.errorId());
        assertTrue(error.message().contains("Connecting to remote server cas01.contoso.local failed with the following "
                + "error message : Access is denied."), error.message());
        assertEquals(0, sessions("CAS01").totalOpened());
    }

    @Test
    void withoutACredentialTheSecondHopIsDenied() {
        PsErrorRecord error = shell.run("New-PSSession", "ConfigurationName", "Microsoft.Exchange",
                "ConnectionUri", "http://cas01.contoso.local/PowerShell/", "Authentication", "Kerberos").singleError();

        assertEquals("AccessDenied,PSSessionOpenFailed", error.errorId());
    }

    @Test
    void anUnknownHostIsAWinRmError() {
        PsErrorRecord error = newSession("http://cas99.contoso.local/PowerShell/", credential("exadmin", "S3cret!"))
                .singleError();

        assertEquals("NetworkPathNotFound,PSSessionOpenFailed", error.errorId());
        assertTrue(error.message().contains("WinRM cannot process the request"), error.message());
    }

    @Test
    void theExchangeSnapInAddsTheCmdletsToTheLocalRunspace() {
        assertFalse(shell.runspace().commands().find("Get-OutlookAnywhere").isPresent());

        shell.run("Add-PSSnapin", "Name", "Microsoft.Exchange.Management.PowerShell.SnapIn");

        assertTrue(shell.runspace().commands().find("Get-OutlookAnywhere").isPresent());
        assertTrue(shell.run("Add-PSSnapin", "Name", "Microsoft.Exchange.Management.PowerShell.E2010")
                .singleError().message().contains("is not installed"));
    }
}
