package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.powershell.PsException;
import io.ssloffload.simulator.powershell.PsObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutlookAnywhereTest {

    private static final String CAS01_RPC = "CAS01\\Rpc (Default Web Site)";

    private final CasFleet fleet = CasFleet.builder().servers(2).build();
    private final Shell exchange = exchangeShell(fleet.server("CAS01"));

    private static Shell exchangeShell(CasServer server) {
        Shell shell = Shell.on(server);
        server.registerExchangeCommands(shell.runspace().commands());
        return shell;
    }

    private OutlookAnywhereSettings ad(String server) {
        return fleet.activeDirectory().outlookAnywhere(server).orElseThrow();
    }

    @Test
    void getOutlookAnywhereShowsTheDirectoryObjectOfEveryServer() {
        List<Object> all = exchange.run("Get-OutlookAnywhere").output();

        assertEquals(2, all.size());
        PsObject cas02 = (PsObject) exchange.run("Get-OutlookAnywhere", "Server", "cas02.contoso.local").single();
        assertEquals("CAS02\\Rpc (Default Web Site)", cas02.get("Identity"));
        assertEquals("Rpc (Default Web Site)", cas02.get("Name"));
        assertEquals("mail.contoso.local", cas02.get("ExternalHostname"));
        assertEquals(null, cas02.get("InternalHostname"));
        assertEquals(false, cas02.get("SSLOffloading"));
        assertArrayEquals(new Object[]{"Basic", "Ntlm", "Negotiate"}, (Object[]) cas02.get("IISAuthenticationMethods"));
    }

    @Test
    void setOutlookAnywhereChangesTheDirectoryAtOnceButNotIis() {
        exchange.run("Set-OutlookAnywhere", "Identity", "CAS02\\Rpc*", "SSLOffloading", true);

        PsObject cas02 = (PsObject) exchange.run("Get-OutlookAnywhere", "Identity", "CAS02\\Rpc (Default Web Site)").single();
        assertEquals(true, cas02.get("SSLOffloading"));
        assertEquals(false, ad("CAS01").sslOffloading(), "only the named server changes");
        assertEquals("Ssl,Ssl128", fleet.server("CAS02").snapshot().location("Default Web Site/Rpc").orElseThrow()
                .effectiveSslFlags(), "IIS waits for the Service Host");
    }

    @Test
    void aValidHostnameChangeIsStored() {
        exchange.run("Set-OutlookAnywhere", "Identity", CAS01_RPC, "InternalHostname", "cas01.contoso.local",
                "InternalClientsRequireSsl", "False", "InternalClientAuthenticationMethod", "negotiate",
                "IISAuthenticationMethods", new Object[]{"Ntlm", "Negotiate"});

        OutlookAnywhereSettings after = ad("CAS01");
        assertEquals("cas01.contoso.local", after.internalHostname());
        assertEquals(false, after.internalClientsRequireSsl());
        assertEquals("Negotiate", after.internalClientAuthenticationMethod().name());
        assertEquals("[Ntlm, Negotiate]", after.iisAuthenticationMethods().toString());
    }

    static Stream<Object[]> rejectedCalls() {
        return Stream.of(
                new Object[]{"ExternalClientsRequireSsl", new Object[]{"ExternalHostname", "owa.contoso.com",
                        "ExternalClientAuthenticationMethod", "Ntlm"}, null},
                new Object[]{"ExternalClientAuthenticationMethod", new Object[]{"ExternalHostname", "owa.contoso.com",
                        "ExternalClientsRequireSsl", true}, null},
                new Object[]{"InternalClientsRequireSsl", new Object[]{"InternalHostname", "cas01.contoso.local"}, null},
                new Object[]{"At least one", new Object[]{"ExternalHostname", null}, null},
                new Object[]{"Basic", new Object[]{"ExternalHostname", "owa.contoso.com", "ExternalClientsRequireSsl",
                        false, "ExternalClientAuthenticationMethod", "Basic"}, null},
                new Object[]{"SSLOffloading", new Object[]{"InternalHostname", "cas01.contoso.local",
                        "InternalClientsRequireSsl", false, "SSLOffloading", false}, null},
                new Object[]{"Cannot bind parameter 'ExternalClientAuthenticationMethod'", new Object[]{
                        "ExternalHostname", "owa.contoso.com", "ExternalClientsRequireSsl", true,
                        "ExternalClientAuthenticationMethod", "Kerberos"}, null},
                new Object[]{"Boolean", new Object[]{"SSLOffloading", "yes"}, null},
                new Object[]{"couldn't be found on 'dc.contoso.local'", new Object[]{}, "CAS09\\Rpc (Default Web Site)"},
                new Object[]{"matches multiple entries", new Object[]{"SSLOffloading", true}, "CAS*\\Rpc*"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCalls")
    void theCmdletsOwnRulesRejectAndChangeNothing(String expectedMessage, Object[] parameters, String identity) {
        List<OutlookAnywhereSettings> before = fleet.activeDirectory().allOutlookAnywhere();
        Object[] call = Stream.concat(Stream.of("Identity", identity == null ? CAS01_RPC : identity),
                Stream.of(parameters)).toArray();

        PsException error = assertThrows(PsException.class, () -> exchange.run("Set-OutlookAnywhere", call));

        assertTrue(error.getMessage().contains(expectedMessage), error.getMessage());
        assertEquals(before, fleet.activeDirectory().allOutlookAnywhere());
    }

    @Test
    void sslOffloadingFalseIsAcceptedWhenEveryHostnameRequiresSsl() {
        exchange.run("Set-OutlookAnywhere", "Identity", CAS01_RPC, "SSLOffloading", true);
        exchange.run("Set-OutlookAnywhere", "Identity", CAS01_RPC, "SSLOffloading", "$false");

        assertEquals(false, ad("CAS01").sslOffloading());
    }

    @Test
    void getExchangeServerReportsBuildAndRoles() {
        CasFleet mixed = CasFleet.builder().servers(2).build("CAS02", ExchangeBuild.CU23).build();
        Shell shell = exchangeShell(mixed.server("CAS01"));

        PsObject cas02 = (PsObject) shell.run("Get-ExchangeServer", "Identity", "cas02").single();

        assertEquals("Version 15.0 (Build 1497.2)", cas02.get("AdminDisplayVersion"));
        assertEquals("cas02.contoso.local", cas02.get("Fqdn"));
        assertEquals("Mailbox, ClientAccess", cas02.get("ServerRole"));
        assertEquals(true, cas02.get("IsClientAccessServer"));
        assertTrue(shell.run("Get-ExchangeServer", "Identity", "CAS07").singleError().message().contains("CAS07"));
    }
}
