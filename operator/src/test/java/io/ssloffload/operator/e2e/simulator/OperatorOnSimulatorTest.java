package io.ssloffload.operator.e2e.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.api.v1alpha1.WinRmSpec;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.reconcile.EventReason;
import io.ssloffload.operator.reconcile.FirstObservedStore;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.status.StatusBuilder;
import io.ssloffload.operator.testing.InProcessOperator;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.simulator.CasSimulator;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WinRmAuth;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.ssloffload.operator.testing.SimulatedFleet.condition;
import static io.ssloffload.operator.testing.SimulatedFleet.protocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole reconcile — real WinRM client, real scripts — against simulated Exchange 2013 servers
 * that interpret the PowerShell they receive.
 */
@Tag("simulator")
class OperatorOnSimulatorTest {

    private static final List<String> IIS_PROTOCOLS = List.of("owa", "ecp", "oab", "eas", "ews", "autodiscover", "mapi");
    private static final Map<String, String> POOLS = Map.of("owa", "MSExchangeOWAAppPool", "ecp", "MSExchangeECPAppPool",
            "oab", "MSExchangeOABAppPool", "eas", "MSExchangeSyncAppPool", "ews", "MSExchangeServicesAppPool",
            "autodiscover", "MSExchangeAutodiscoverAppPool", "mapi", "MSExchangeMapiFrontEndAppPool");
    private static final String RPC_POOL = "MSExchangeRpcProxyFrontEndAppPool";

    private final InProcessOperator operator = new InProcessOperator();
    private CasSimulator simulator;
    private ExchangeSslOffload resource;

    @AfterEach
    void stop() {
        operator.close();
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(Consumer<CasSimulator.Builder> options) {
        CasSimulator.Builder builder = CasSimulator.builder().servers(3).basePort(0).iisBasePort(0)
                .credentials(SimulatedFleet.USER, SimulatedFleet.PASSWORD).propagationMinutes(15);
        options.accept(builder);
        simulator = builder.start();
        resource = SimulatedFleet.resource(simulator);
    }

    private OffloadReconciliation.Result reconcile() {
        return reconcile(Instant.now());
    }

    /** A reconcile as the operator would run it at {@code now} (past a propagation deadline, say). */
    private OffloadReconciliation.Result reconcile(Instant now) {
        return operator.reconcile(resource, now);
    }

    /** Issue 10 item 1: AD reverted while the Service Host is awaited is read again after the deadline and repaired. */
    @Test
    void anAdRevertWhileAwaitingPropagationIsRepairedAfterTheDeadline() {
        start(b -> b.servers(1));
        resource.getSpec().setProtocols(List.of(Protocol.OUTLOOK_ANYWHERE));
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        Instant t0 = Instant.now();
        reconcile(t0);
        assertEquals("AwaitingPropagation", protocol(resource, "CAS01", "outlookAnywhere").getReason());
        assertTrue(simulator.snapshot("CAS01").outlookAnywhere().sslOffloading());

        // someone sets -SSLOffloading $false again; the Service Host's pass keeps Rpc requiring SSL
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        simulator.advanceClock(Duration.ofMinutes(16));
        assertEquals("Ssl,Ssl128", rpcFlags("CAS01"));

        reconcile(t0.plus(Duration.ofMinutes(16)));
        assertTrue(simulator.snapshot("CAS01").outlookAnywhere().sslOffloading(), "set again in AD");
        var state = protocol(resource, "CAS01", "outlookAnywhere");
        assertEquals("AwaitingPropagation", state.getReason(), state.getMessage());

        simulator.advanceClock(Duration.ofMinutes(15));
        reconcile(t0.plus(Duration.ofMinutes(32)));
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        assertEquals(1, simulator.recycleCount("CAS01", RPC_POOL));
    }

    /**
     * Issue 10 item 5: on a new server (SSLOffloading already $true) a hostname change needs no wait
     * and no recycle; a change of IISAuthenticationMethods alone is Ready, with one recycle, only
     * after the Service Host wrote the new authentication to Rpc.
     */
    @Test
    void anIisAuthenticationChangeIsReadyOnlyAfterTheServiceHostWroteItToRpc() {
        start(b -> b.servers(1));
        resource.getSpec().setProtocols(List.of(Protocol.OUTLOOK_ANYWHERE));
        reconcile();
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        assertEquals("mail.lab.example", simulator.snapshot("CAS01").outlookAnywhere().externalHostname());
        assertEquals(0, simulator.recycleCount("CAS01", RPC_POOL), "hostnames do not reach IIS: nothing to recycle");

        resource.getSpec().getOutlookAnywhere().setIisAuthenticationMethods(
                List.of(AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate));
        resource.getMetadata().setGeneration(2L);
        reconcile();
        reconcile();
        var state = protocol(resource, "CAS01", "outlookAnywhere");
        assertEquals("AwaitingPropagation", state.getReason(), state.getMessage());
        assertEquals(0, simulator.recycleCount("CAS01", RPC_POOL), "no recycle before the Service Host's pass");
        assertEquals(List.of("Basic", "Ntlm", "Negotiate"), simulator.snapshot("CAS01").rpcIisAuthenticationMethods());

        simulator.advanceClock(Duration.ofMinutes(15));
        reconcile();
        assertEquals(List.of("Ntlm", "Negotiate"), simulator.snapshot("CAS01").rpcIisAuthenticationMethods());
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        assertEquals(1, simulator.recycleCount("CAS01", RPC_POOL), "recycled once, after the pass");
    }

    @Test
    void aFleetOfThreeIsOffloadedAndOutlookAnywhereWaitsForTheServiceHost() {
        start(b -> { });
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        Map<String, CasSnapshot> before = snapshots();
        Map<String, Integer> sessionsBeforeConvergence = sessionsOpened();
        int sessionsBeforeOperator = simulator.snapshot("CAS01").exchangeSessions().totalOpened();
        int commandsBeforeOperator = simulator.commandLog("CAS01").size();
        Map<String, Long> startsBefore = powershellStarts();

        OffloadReconciliation.Result first = reconcile();
        Map<String, Long> startsAfterFirst = powershellStarts();
        System.out.printf("first reconcile per server: %d WinRM command(s), %d Exchange session(s)%n",
                simulator.commandLog("CAS01").size() - commandsBeforeOperator,
                simulator.snapshot("CAS01").exchangeSessions().totalOpened() - sessionsBeforeOperator);
        assertEquals(0, simulator.snapshot("CAS01").exchangeSessions().open(), "every Exchange session is closed");

        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            for (String p : IIS_PROTOCOLS) {
                assertEquals("Offloaded", protocol(resource, server, p).getReason(), server + " " + p);
                assertEquals("None", simulator.snapshot(server).location("Default Web Site/" + location(p)).orElseThrow()
                        .effectiveSslFlags(), server + " " + p);
            }
            assertEquals("AwaitingPropagation", protocol(resource, server, "outlookAnywhere").getReason());
            assertEquals("Ssl,Ssl128", rpcFlags(server), "IIS changes only at the Service Host's next pass");
            assertThat(simulator.snapshot(server).outlookAnywhere().toString()).contains("mail.lab.example");
        }
        assertEquals("False", condition(resource.getStatus().getConditions(), "Ready").getStatus());
        assertEquals("AwaitingPropagation", condition(resource.getStatus().getConditions(), "Ready").getReason());
        assertEquals(Duration.ofMinutes(1), first.nextCheck().orElseThrow(), "polls, never sleeps");
        // AD was not read before the set: the set's own session read what it held, for the event and for Restore
        assertTrue(first.actions().stream().anyMatch(a -> a.reason() == EventReason.OutlookAnywhereSet
                && a.message().startsWith("CAS01: ") && a.message().contains("SSLOffloading is false, want true)")),
                first.actions().toString());
        assertThat(resource.getMetadata().getAnnotations().get(FirstObservedStore.annotation("CAS01")))
                .as("Outlook Anywhere as first read is recorded")
                .contains("\"sslOffloading\":false");

        // Polling before the pass: nothing is written and no Exchange session is opened.
        int sessions = simulator.snapshot("CAS01").exchangeSessions().totalOpened();
        reconcile();
        assertEquals(sessions, simulator.snapshot("CAS01").exchangeSessions().totalOpened());
        assertEquals("AwaitingPropagation", protocol(resource, "CAS01", "outlookAnywhere").getReason());

        simulator.advanceClock(Duration.ofMinutes(15));
        Map<String, Long> startsBeforePass = powershellStarts();
        reconcile();
        Map<String, Long> startsAfterPass = powershellStarts();

        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            // Observe with AD read, then one change with its verification; after the pass, observe, then the
            // recycle with its verification. Polls while waiting for the pass are not on the critical path.
            assertThat(startsAfterFirst.get(server) - startsBefore.get(server)).as("%s: first reconcile", server).isEqualTo(2);
            assertThat(startsAfterPass.get(server) - startsBeforePass.get(server)).as("%s: after the pass", server).isEqualTo(2);
        }

        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        assertEquals("3/3", resource.getStatus().getSummary());
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            assertEquals("None", rpcFlags(server));
            assertEquals(1, simulator.recycleCount(server, RPC_POOL), "RPC proxy pool recycled once, after propagation");
            for (String p : IIS_PROTOCOLS) {
                assertEquals(1, simulator.recycleCount(server, POOLS.get(p)), server + " " + POOLS.get(p));
            }
            assertEquals(0, simulator.iisResetCount(server), "never iisreset unless asked");
            assertBackEndUntouched(before.get(server), simulator.snapshot(server));
        }
        Map<String, Integer> sessionsAfterConvergence = sessionsOpened();
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            assertEquals(2, sessionsAfterConvergence.get(server) - sessionsBeforeConvergence.get(server),
                    server + ": two Exchange sessions for a first convergence: AD read (its original recorded before"
                            + " anything is set), then Set-OutlookAnywhere with AD read around it");
        }

        int commandsBefore = simulator.commandLog("CAS01").size();
        int sessionsBefore = simulator.snapshot("CAS01").exchangeSessions().totalOpened();
        var statusBefore = resource.getStatus();
        OffloadReconciliation.Result steady = reconcile();
        int steadyCommands = simulator.commandLog("CAS01").size() - commandsBefore;
        int steadySessions = simulator.snapshot("CAS01").exchangeSessions().totalOpened() - sessionsBefore;
        System.out.printf("steady-state reconcile per server: %d WinRM command(s), %d Exchange session(s)%n",
                steadyCommands, steadySessions);
        assertEquals(1, steadyCommands);
        assertEquals(0, steadySessions);
        assertFalse(StatusBuilder.changed(statusBefore, steady.status()), "an unchanged world yields an identical status");
        assertEquals(Duration.ofMinutes(5), steady.nextCheck().orElseThrow(), "the drift interval");
        assertEquals(1, simulator.recycleCount("CAS01", RPC_POOL));

        assertNoSecretInAnyCommandLine();
    }

    @Test
    void aCumulativeUpdateOnOneServerIsFoundAndUndoneAtTheNextDriftCheck() {
        start(b -> { });
        SimulatedFleet.turnOffOutlookAnywhereOffloading(simulator);
        reconcile();
        simulator.advanceClock(Duration.ofMinutes(15));
        reconcile();
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus());

        simulator.cumulativeUpdate("CAS02");
        assertEquals("Ssl,Ssl128", simulator.snapshot("CAS02").location("Default Web Site/owa").orElseThrow().effectiveSslFlags());
        reconcile();

        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus(),
                () -> condition(resource.getStatus().getConditions(), "Ready").getMessage());
        for (String p : IIS_PROTOCOLS) {
            assertEquals("None", simulator.snapshot("CAS02").location("Default Web Site/" + location(p)).orElseThrow()
                    .effectiveSslFlags());
            assertEquals(2, simulator.recycleCount("CAS02", POOLS.get(p)), "re-applied, so recycled again");
            assertEquals(1, simulator.recycleCount("CAS01", POOLS.get(p)), "the other servers are left alone");
        }
    }

    @Test
    void refusesMrsProxyExtendedProtectionAndBuildsBeforeSp1WithReasons() {
        start(b -> b.build("CAS02", ExchangeBuild.RTM));
        simulator.setExtendedProtection("CAS03", "Require");
        resource.getSpec().setProtocols(List.of(Protocol.OWA, Protocol.EWS, Protocol.MRS_PROXY));
        resource.getSpec().setOutlookAnywhere(null);

        reconcile();

        assertEquals("Offloaded", protocol(resource, "CAS01", "owa").getReason());
        assertEquals("Refused", protocol(resource, "CAS01", "mrsProxy").getReason());
        assertThat(protocol(resource, "CAS01", "mrsProxy").getMessage()).contains("SSL bridging");
        assertEquals("Refused", protocol(resource, "CAS02", "owa").getReason());
        assertThat(protocol(resource, "CAS02", "owa").getMessage()).contains("SP1");
        assertEquals("Ssl,Ssl128", simulator.snapshot("CAS02").location("Default Web Site/owa").orElseThrow().effectiveSslFlags(),
                "an unsupported build is not touched");
        // Extended Protection holds the whole server (spec.extendedProtection Respect): owa is left alone too
        assertEquals("ExtendedProtectionEnabled", protocol(resource, "CAS03", "ews").getReason());
        assertThat(protocol(resource, "CAS03", "ews").getMessage()).contains("Extended Protection");
        assertEquals("ExtendedProtectionEnabled", protocol(resource, "CAS03", "owa").getReason());
        assertEquals("Ssl,Ssl128", simulator.snapshot("CAS03").location("Default Web Site/EWS").orElseThrow().effectiveSslFlags());
        assertEquals("Ssl,Ssl128", simulator.snapshot("CAS03").location("Default Web Site/owa").orElseThrow().effectiveSslFlags());
        assertEquals("True", condition(resource.getStatus().getConditions(), "Stalled").getStatus());
        assertEquals("False", condition(resource.getStatus().getConditions(), "Ready").getStatus());
    }

    @Test
    void anUnreachableServerDoesNotHoldBackTheOthers() {
        start(b -> { });
        resource.getSpec().setProtocols(List.of(Protocol.OWA, Protocol.ECP));
        resource.getSpec().setOutlookAnywhere(null);
        simulator.stopServer("CAS03");

        OffloadReconciliation.Result result = reconcile();

        assertEquals("Offloaded", protocol(resource, "CAS01", "owa").getReason());
        assertEquals("Offloaded", protocol(resource, "CAS02", "ecp").getReason());
        assertEquals("Unreachable", protocol(resource, "CAS03", "owa").getReason());
        assertEquals(Boolean.FALSE, SimulatedFleet.server(resource, "CAS03").getReachable());
        var ready = condition(resource.getStatus().getConditions(), "Ready");
        assertEquals("False", ready.getStatus());
        assertThat(ready.getMessage()).contains("CAS03");
        assertEquals("2/3", resource.getStatus().getSummary());
        assertEquals(Duration.ofMinutes(1), result.nextCheck().orElseThrow(), "the unreachable server is retried soon");

        simulator.startServer("CAS03");
        reconcile();
        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus());
    }

    @Test
    void withRecycleIisResetEachServerIsResetOnceInsteadOfRecyclingPools() {
        start(b -> { });
        resource.getSpec().setProtocols(List.of(Protocol.OWA, Protocol.ECP));
        resource.getSpec().setOutlookAnywhere(null);
        resource.getSpec().setRecycle(RecycleMode.IIS_RESET);

        reconcile();
        reconcile();

        assertEquals("True", condition(resource.getStatus().getConditions(), "Ready").getStatus());
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            assertEquals(1, simulator.iisResetCount(server), server);
            assertEquals(0, simulator.recycleCount(server, POOLS.get("owa")), server);
        }
    }

    @Test
    void aCommandThatNeverEndsMeetsItsDeadlineAndTheOtherServersAreOffloaded() {
        start(b -> { });
        resource.getSpec().setProtocols(List.of(Protocol.OWA));
        resource.getSpec().setOutlookAnywhere(null);
        resource.getSpec().getWinrm().setOperationTimeout("2s");
        simulator.faults("CAS02").always(WsmanOperation.COMMAND, InjectedFault.neverFinish());

        reconcile();

        assertEquals("Offloaded", protocol(resource, "CAS01", "owa").getReason());
        assertEquals("Offloaded", protocol(resource, "CAS03", "owa").getReason());
        assertEquals("Unreachable", protocol(resource, "CAS02", "owa").getReason());
        var ready = condition(resource.getStatus().getConditions(), "Ready");
        assertEquals("Timeout", ready.getReason(), ready.getMessage());
        assertThat(ready.getMessage()).contains("CAS02");
    }

    @Test
    void aWrongPasswordStallsWithoutLeakingIt() throws Exception {
        start(b -> b.credentials(SimulatedFleet.USER, "another-password"));
        reconcile();
        var stalled = condition(resource.getStatus().getConditions(), "Stalled");
        assertEquals("True", stalled.getStatus());
        assertEquals("AuthenticationFailed", stalled.getReason());
        assertThat(new ObjectMapper().writeValueAsString(resource.getStatus())).doesNotContain(SimulatedFleet.PASSWORD);
    }

    @Test
    void anAddressThatAnswersAsAnotherComputerIsRefusedBeforeAnythingChanges() {
        start(b -> b.servers(2));
        // CAS01's entry points at CAS02 and the other way round
        var servers = resource.getSpec().getServers();
        Integer first = servers.get(0).getPort();
        servers.get(0).setPort(servers.get(1).getPort());
        servers.get(1).setPort(first);
        Map<String, CasSnapshot> before = snapshots();

        reconcile();

        var stalled = condition(resource.getStatus().getConditions(), "Stalled");
        assertEquals("True", stalled.getStatus());
        assertEquals("WrongServer", stalled.getReason(), stalled.getMessage());
        assertThat(stalled.getMessage()).contains("answers as computer 'CAS02', not CAS01");
        for (String server : List.of("CAS01", "CAS02")) {
            assertEquals(before.get(server).configChanges(), simulator.snapshot(server).configChanges(), server);
            assertEquals(0, simulator.recycleCount(server, RPC_POOL), server);
            assertEquals(1, simulator.commandLog(server).size(), "only the observation ran on " + server);
        }
    }

    /** A server with Basic only: NTLM and Kerberos get Windows' 401, which must end the request at once. */
    // Kerberos first asks the realm's KDC for a ticket (no 401 involved): its failures are the Kerberos tests' concern.
    @ParameterizedTest
    @EnumSource(value = WinRmSpec.Authentication.class, names = {"NTLM"})
    void anAuthenticationTheServerDoesNotOfferStallsAtOnceInsteadOfTimingOut(WinRmSpec.Authentication authentication) {
        start(b -> b.servers(1).auth(EnumSet.of(WinRmAuth.BASIC)));
        resource.getSpec().getWinrm().setAuthentication(authentication);
        // a 25s deadline: room for CXF's cold start on a busy machine, shorter than the old hang
        // (a 25s receive timeout, then winrm4j's retry after 5s)
        resource.getSpec().getWinrm().setOperationTimeout("10s");

        reconcile();

        var stalled = condition(resource.getStatus().getConditions(), "Stalled");
        assertEquals("True", stalled.getStatus(), stalled::toString);
        assertEquals("AuthenticationFailed", stalled.getReason(), stalled.getMessage());
        assertTrue(stalled.getMessage().matches(".*the server offers [A-Za-z, ]*Basic.*"), stalled.getMessage());
        // one request answered 401 per HTTP exchange, not a retried request waiting for its timeout
        assertTrue(simulator.requestLog("CAS01").size() <= 3, simulator.requestLog("CAS01").toString());
        assertTrue(simulator.requestLog("CAS01").stream().allMatch(r -> r.httpStatus() == 401),
                simulator.requestLog("CAS01").toString());
    }

    /** powershell.exe starts per server so far (the operator's other commands, iisreset, start none). */
    private Map<String, Long> powershellStarts() {
        Map<String, Long> starts = new java.util.HashMap<>();
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            starts.put(server, simulator.commandLog(server).stream()
                    .filter(c -> c.commandLine().toLowerCase(java.util.Locale.ROOT).startsWith("powershell")).count());
        }
        return starts;
    }

    /** Exchange sessions each server has opened so far, as the simulator counts them. */
    private Map<String, Integer> sessionsOpened() {
        Map<String, Integer> opened = new HashMap<>();
        for (String server : List.of("CAS01", "CAS02", "CAS03")) {
            opened.put(server, simulator.snapshot(server).exchangeSessions().totalOpened());
        }
        return opened;
    }

    private void assertNoSecretInAnyCommandLine() {
        List<String> texts = new ArrayList<>();
        for (CasSimulator.ServerCommand entry : simulator.commandLog()) {
            String line = entry.command().commandLine();
            texts.add(line);
            texts.add(SimulatedFleet.decodedScript(line));
        }
        assertFalse(texts.isEmpty());
        for (String text : texts) {
            assertThat(text).as("password in: " + text).doesNotContain(SimulatedFleet.PASSWORD);
        }
        assertThat(texts).as("the scripts read the credential from the environment")
                .anyMatch(t -> t.contains("SSLO_EXCHANGE_PASSWORD"));
    }


    private static void assertBackEndUntouched(CasSnapshot before, CasSnapshot after) {
        assertEquals(backEnd(before), backEnd(after), "Exchange Back End must never change");
        assertTrue(after.configChanges().stream().noneMatch(c -> c.location().startsWith("Exchange Back End")),
                after.configChanges().toString());
    }

    private static String backEnd(CasSnapshot snapshot) {
        return snapshot.locations().stream().filter(l -> l.site().equals("Exchange Back End"))
                .map(Object::toString).collect(Collectors.joining("\n"));
    }

    private Map<String, CasSnapshot> snapshots() {
        return simulator.servers().stream().collect(Collectors.toMap(CasSimulator.ServerAddress::name,
                s -> simulator.snapshot(s.name())));
    }

    private String rpcFlags(String server) {
        return simulator.snapshot(server).location("Default Web Site/Rpc").orElseThrow().effectiveSslFlags();
    }

    private static String location(String protocol) {
        return Protocol.fromSpecName(protocol).orElseThrow().location().orElseThrow().substring("Default Web Site/".length());
    }
}
