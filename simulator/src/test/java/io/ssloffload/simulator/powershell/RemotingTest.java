package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemotingTest extends PsTestSupport {

    private final List<String> remoteCalls = new ArrayList<>();
    private int closes;

    @BeforeEach
    void exchangeEndpoint() {
        host.extraCmdlets.add(TestHost.cmdlet("New-TestSession", List.of(ParameterSpec.named("Language")), c -> {
            Runspace.LanguageMode mode = "Full".equals(c.get("Language")) ? Runspace.LanguageMode.FULL_LANGUAGE
                    : Runspace.LanguageMode.NO_LANGUAGE;
            Runspace remote = Runspaces.create(host, Map.of(), mode, this::exchangeCmdlets);
            c.write(new PsRemoteSession("cas01.contoso.com", "Microsoft.Exchange", remote, () -> closes++));
        }));
    }

    private void exchangeCmdlets(CommandTable t) {
        t.register(TestHost.cmdlet("Get-OutlookAnywhere", List.of(ParameterSpec.positional("Identity", 0)), c -> {
            remoteCalls.add("Get:" + c.get("Identity"));
            c.write(new PsObject(List.of("Microsoft.Exchange.Data.Directory.SystemConfiguration.OutlookAnywhere",
                    "System.Object"), "CAS01\\Rpc (Default Web Site)").with("Identity", "CAS01\\Rpc (Default Web Site)")
                    .with("SSLOffloading", false));
        }));
        t.register(TestHost.cmdlet("Set-OutlookAnywhere", List.of(ParameterSpec.positional("Identity", 0).required(),
                ParameterSpec.named("SSLOffloading"), ParameterSpec.named("ExternalHostname"),
                ParameterSpec.switchParam("Confirm")), c -> {
                    remoteCalls.add("Set:" + c.get("Identity") + ":" + c.get("SSLOffloading") + ":"
                            + c.get("ExternalHostname"));
                    if ("bad".equals(c.get("Identity"))) {
                        c.writeError(new PsException(new PsErrorRecord("The operation couldn't be performed because "
                                + "object 'bad' couldn't be found.", "E6A9B5A4,Microsoft.Exchange.Management."
                                + "SystemConfigurationTasks.SetRpcHttp", "NotSpecified", null),
                                "ManagementObjectNotFoundException"));
                    }
                }));
    }

    @Test
    void noLanguageEndpointAcceptsOnlyCommandsWithConstantArguments() {
        assertEquals("CAS01\\Rpc (Default Web Site)\n", out("$s = New-TestSession\n"
                + "(Invoke-Command -Session $s -ScriptBlock { Get-OutlookAnywhere 'CAS01\\Rpc*' }).Identity\n"
                + "Invoke-Command -Session $s { Set-OutlookAnywhere -Identity x -SSLOffloading $true -Confirm:$false }"));
        assertEquals(List.of("Get:CAS01\\Rpc*", "Set:x:true:null"), remoteCalls);
        for (String block : List.of("{ $x = 1 }", "{ Get-OutlookAnywhere $env:X }", "{ Get-OutlookAnywhere $using:v }",
                "{ param($i) Get-OutlookAnywhere $i }", "{ if ($true) { Get-OutlookAnywhere } }",
                "{ Get-OutlookAnywhere (1 + 1) }", "{ 'text' }")) {
            NativeCommand.Result r = run("$v = 'x'; $s = New-TestSession; Invoke-Command -Session $s -ScriptBlock "
                    + block + " -ArgumentList 'a'");
            assertThat(errors(r))
                    .as(block + " -> " + errors(r))
                    .contains("The syntax is not supported by this runspace. This can occur if the runspace "
                            + "is in no-language mode.");
            assertThat(errors(r)).contains("FullyQualifiedErrorId : ScriptsNotAllowed");
        }
        assertEquals(2, remoteCalls.size(), "refused blocks run nothing");
    }

    @Test
    void fullLanguageRemoteRunspaceSupportsUsingAndArguments() {
        assertEquals("a-b\n", out("$v = 'b'; $s = New-TestSession -Language Full; "
                + "Invoke-Command -Session $s -ScriptBlock { param($x) \"$x-$using:v\" } -ArgumentList 'a'"));
        NativeCommand.Result r = run("$v = 1; \"$using:v\"");
        assertThat(errors(r)).contains("UsingWithoutInvokeCommand");
    }

    @Test
    void remoteObjectsArriveDeserialized() {
        assertEquals("Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.OutlookAnywhere\n"
                + "cas01.contoso.com\nFalse\nCAS01\\Rpc (Default Web Site)\n", out("$s = New-TestSession\n"
                + "$o = Invoke-Command -Session $s { Get-OutlookAnywhere }\n"
                + "$o.PSObject.TypeNames[0]; $o.PSComputerName; $o.SSLOffloading; \"$o\""));
    }

    @Test
    void importedProxiesBindLocallySoVariablesWork() {
        String script = "$s = New-TestSession\n"
                + "Import-PSSession $s -CommandName Get-OutlookAnywhere, Set-OutlookAnywhere -AllowClobber "
                + "-DisableNameChecking | Out-Null\n"
                + "$id = $env:OA_ID; $flag = $true\n"
                + "$p = @{ SSLOffloading = $flag; ExternalHostname = 'mail.contoso.com' }\n"
                + "Set-OutlookAnywhere -Identity $id @p -Confirm:$false\n"
                + "(Get-OutlookAnywhere).SSLOffloading\n"
                + "Remove-PSSession $s\n"
                + "try { Get-OutlookAnywhere -ErrorAction Stop } catch { 'closed: ' + $_.FullyQualifiedErrorId }";
        NativeCommand.Result r = run(script, Map.of("OA_ID", "CAS01\\Rpc (Default Web Site)"));
        assertEquals("", errors(r));
        assertEquals("False\r\nclosed: ImplicitRemotingSessionClosed,Microsoft.PowerShell.Commands.ImportPSSessionCommand"
                + "\r\n", r.stdout());
        assertEquals(List.of("Set:CAS01\\Rpc (Default Web Site):true:mail.contoso.com", "Get:null"), remoteCalls);
        assertEquals(1, closes);
    }

    @Test
    void proxyErrorsHonourLocalErrorAction() {
        assertEquals("caught ManagementObjectNotFoundException\n", out("$s = New-TestSession; Import-PSSession $s "
                + "-CommandName Set-OutlookAnywhere | Out-Null\ntry { Set-OutlookAnywhere bad -ErrorAction Stop } "
                + "catch { \"caught $($_.CategoryInfo.Reason)\" }"));
        assertThat(errors(run("$s = New-TestSession; Import-PSSession $s -CommandName Set-OutlookAnywhere | Out-Null; " + "Set-OutlookAnywhere -Identity x -Bogus 1")))
                .contains("NamedParameterNotFound,Set-OutlookAnywhere");
    }

    @Test
    void proxiesWithPrefix() {
        out("$s = New-TestSession; Import-PSSession $s -CommandName Get-OutlookAnywhere -Prefix Ex | Out-Null; "
                + "Get-ExOutlookAnywhere | Out-Null");
        assertEquals(List.of("Get:null"), remoteCalls);
    }

    @Test
    void closedSessionRefusesInvokeCommand() {
        NativeCommand.Result r = run("$s = New-TestSession; $s | Remove-PSSession; Invoke-Command -Session $s "
                + "{ Get-OutlookAnywhere }");
        assertThat(errors(r)).contains("is not equal to Open, you cannot run a command in the session.");
        assertTrue(remoteCalls.isEmpty());
    }

    @Test
    void runspaceInvokeFromJava() {
        Runspace remote = Runspaces.create(host, Map.of(), Runspace.LanguageMode.NO_LANGUAGE, this::exchangeCmdlets);
        ScriptBlock ok = () -> "Get-OutlookAnywhere -Identity 'x'";
        assertEquals(1, remote.invoke(ok, List.of()).size());
        ScriptBlock bad = () -> "$a = 1";
        PsException e = assertThrows(PsException.class, () -> remote.invoke(bad, List.of()));
        assertEquals("ScriptsNotAllowed", e.record().errorId());
    }
}
