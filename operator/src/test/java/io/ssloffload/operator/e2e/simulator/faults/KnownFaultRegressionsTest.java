package io.ssloffload.operator.e2e.simulator.faults;

import io.ssloffload.operator.api.v1alpha1.PropagationStrategy;
import io.ssloffload.operator.api.v1alpha1.RecycleMode;
import io.ssloffload.operator.reconcile.OffloadReconciliation;
import io.ssloffload.operator.testing.SimulatedFleet;
import io.ssloffload.operator.reconcile.RestoreReconciliation;
import io.ssloffload.simulator.exchange.ad.AuthenticationMethod;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.wsman.CommandLogEntry;
import io.ssloffload.simulator.wsman.InjectedFault;
import io.ssloffload.simulator.wsman.WsmanOperation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One focused test per way the invariants of {@link InvariantChecks} were seen to break, each
 * named for the behaviour it wants: a lost answer to Set-OutlookAnywhere followed by the Service
 * Host's pass, servers coming back from being unreachable, and Restore.
 */
@Tag("simulator")
class KnownFaultRegressionsTest {

    private static final FaultLab.Setup WAIT_ONE_SERVER = new FaultLab.Setup(1, PropagationStrategy.Wait, RecycleMode.APP_POOLS);
    private static final String MARKER_SET_OUTLOOK_ANYWHERE = "Set-OutlookAnywhere @arguments";

    /**
     * The answer to Set-OutlookAnywhere is lost (held past the deadline), and the Service Host's
     * pass copies AD into Rpc before the next reconcile: Ready must not come before
     * MSExchangeRpcProxyFrontEndAppPool was recycled after that pass.
     */
    @Test
    void rpcPoolIsRecycledAfterTheServiceHostsPassWhenTheAnswerToSetOutlookAnywhereWasLost() {
        int receive = commandNumber(WAIT_ONE_SERVER, MARKER_SET_OUTLOOK_ANYWHERE);
        try (FaultLab lab = FaultLab.start(WAIT_ONE_SERVER)) {
            lab.inject("CAS01", WsmanOperation.RECEIVE, receive, InjectedFault.delay(FaultLab.HELD));
            lab.reconcile();
            assertThat(lab.simulator().snapshot("CAS01").outlookAnywhere().sslOffloading())
                    .as("the set ran; only its answer was lost").isTrue();
            lab.passServiceHost();
            int rounds = lab.convergeClean(10, () -> { });
            assertThat(rounds).as("Ready after the lost answer: %s", lab.readyMessage()).isPositive();
            InvariantChecks.readyTellsTheTruth(lab, "Set-OutlookAnywhere's answer lost, the Service Host's pass before the next reconcile");
        }
    }

    /**
     * The same lost answer: what AD held before the set must not be recorded as the operator's own
     * settings read afterwards; whatever the operator records as first observed is what was there.
     */
    @Test
    void firstObservedOutlookAnywhereIsNeverTheOperatorsOwnWhenTheAnswerToTheSetWasLost() {
        int receive = commandNumber(WAIT_ONE_SERVER, MARKER_SET_OUTLOOK_ANYWHERE);
        try (FaultLab lab = FaultLab.start(WAIT_ONE_SERVER)) {
            lab.inject("CAS01", WsmanOperation.RECEIVE, receive, InjectedFault.connectionReset());
            for (int round = 1; round <= 6; round++) {
                lab.reconcile();
                InvariantChecks.firstObservedIsWhatWasThere(lab, "Set-OutlookAnywhere's answer lost (reset), round " + round);
                lab.advance(FaultLab.ROUND);
            }
        }
    }

    /**
     * Three servers, maxUnavailable 1, all unreachable while a cumulative update resets them: when
     * they come back they are repaired one at a time, never all in the same reconcile.
     */
    @Test
    void serversBackFromBeingUnreachableAreRepairedOneAtATime() {
        try (FaultLab lab = FaultLab.start(new FaultLab.Setup(3, PropagationStrategy.RestartServiceHost, RecycleMode.APP_POOLS))) {
            assertThat(lab.convergeClean(20, () -> InvariantChecks.afterReconcile(lab, "first convergence"))).isPositive();
            lab.servers().forEach(lab::stopServer);
            lab.servers().forEach(lab::cumulativeUpdate);
            lab.advance(FaultLab.ROUND);
            lab.reconcile();
            assertThat(lab.ready()).isFalse();
            lab.servers().forEach(lab::startServer);
            for (int round = 1; round <= 8 && !lab.ready(); round++) {
                lab.advance(FaultLab.ROUND);
                lab.reconcile();
                InvariantChecks.afterReconcile(lab, "servers back after being unreachable, round " + round);
            }
            assertThat(lab.ready()).as(lab.readyMessage()).isTrue();
        }
    }

    /** Restore puts back Outlook Anywhere's IIS authentication methods as first observed. */
    @Test
    void restorePutsBackIisAuthenticationMethods() {
        try (FaultLab lab = FaultLab.start(WAIT_ONE_SERVER)) {
            assertThat(lab.convergeClean(10, () -> { })).isPositive();
            assertThat(lab.simulator().snapshot("CAS01").outlookAnywhere().iisAuthenticationMethods())
                    .containsExactlyInAnyOrder(AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate);
            RestoreReconciliation.Result restored = lab.restore();
            assertThat(restored.done()).as("%s", restored.failures()).isTrue();
            InvariantChecks.restoredEverything(lab, "Restore after Ready");
        }
    }

    /**
     * The hostnames the operator found are the spec's, but client authentication and RequireSsl
     * were not: Restore puts those back too.
     */
    @Test
    void restorePutsBackClientAuthenticationAndRequireSslWhenTheHostnamesMatch() {
        OutlookAnywhereChange sameHostnames = new OutlookAnywhereChange(true, "mail.lab.example", true, "mail.lab.local",
                true, false, AuthenticationMethod.Ntlm, AuthenticationMethod.Ntlm,
                List.of(AuthenticationMethod.Ntlm, AuthenticationMethod.Negotiate), true);
        try (FaultLab lab = FaultLab.start(WAIT_ONE_SERVER, sameHostnames)) {
            assertThat(lab.convergeClean(10, () -> { })).isPositive();
            var offloaded = lab.simulator().snapshot("CAS01").outlookAnywhere();
            assertThat(offloaded.externalClientAuthenticationMethod()).isEqualTo(AuthenticationMethod.Basic);
            assertThat(offloaded.internalClientsRequireSsl()).isTrue();
            RestoreReconciliation.Result restored = lab.restore();
            assertThat(restored.done()).as("%s", restored.failures()).isTrue();
            InvariantChecks.restoredEverything(lab, "Restore after Ready, hostnames as first observed");
        }
    }

    /**
     * The number of the command (among the server's commands, counting from 1) whose script holds
     * {@code marker} in a clean first reconcile; every command is answered by one Receive there, so
     * it is also the number of the Receive that carries its answer.
     */
    /**
     * Restarting MSExchangeServiceHost takes far longer than a script: an answer slower than one
     * command deadline (but within the three the restart is given) is waited for, so the restart's
     * pass and Rpc's recycle complete in the same reconcile instead of the answer being given up on.
     */
    @Test
    void theServiceHostsRestartIsGivenMoreThanOneCommandDeadline() {
        FaultLab.Setup restart = new FaultLab.Setup(1, PropagationStrategy.RestartServiceHost, RecycleMode.APP_POOLS);
        int receive = commandNumber(restart, "Restart-Service -Name MSExchangeServiceHost");
        try (FaultLab lab = FaultLab.start(restart)) {
            lab.inject("CAS01", WsmanOperation.RECEIVE, receive, InjectedFault.delay(FaultLab.HELD));
            OffloadReconciliation.Result result = lab.reconcile();
            assertThat(FaultLab.HELD).isGreaterThan(FaultLab.COMMAND_DEADLINE);
            assertThat(result.actions()).extracting(action -> action.reason().name())
                    .as("the slow restart answered within its deadline: %s", lab.readyMessage())
                    .contains("ServiceHostRestarted", "AppPoolsRecycled");
            assertThat(lab.ready()).as(lab.readyMessage()).isTrue();
        }
    }

    static int commandNumber(FaultLab.Setup setup, String marker) {
        try (FaultLab clean = FaultLab.start(setup)) {
            clean.reconcile();
            assertThat(clean.answered("CAS01", WsmanOperation.RECEIVE))
                    .as("one Receive per command in a clean reconcile").isEqualTo(clean.answered("CAS01", WsmanOperation.COMMAND));
            List<CommandLogEntry> commands = clean.simulator().commandLog("CAS01");
            for (int i = 0; i < commands.size(); i++) {
                if (SimulatedFleet.decodedScript(commands.get(i).commandLine()).contains(marker)) {
                    return i + 1;
                }
            }
            throw new AssertionError("no command runs " + marker + " in " + commands.size() + " commands");
        }
    }
}
