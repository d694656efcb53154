package io.ssloffload.operator.e2e.simulator.faults;

import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasSession;
import io.ssloffload.operator.remote.ServerEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's real WinRM connector with two test-only changes at its door:
 * <ul>
 * <li>every command's deadline is {@code commandDeadline} instead of the spec's smallest (1 s
 * operation timeout gives 7 s), so an answer held back past the deadline costs about a second and a
 * sweep of hundreds of held answers stays fast;</li>
 * <li>before each remote call the simulator's manual clock moves on by a tick, so that every call
 * has its own instant in the simulator's logs: "recycled after the change" can then be read from
 * the logs' times instead of being assumed from the order of the operator's code.</li>
 * </ul>
 * Nothing else is changed: the sessions are the operator's own WinRM sessions.
 */
final class LabConnector implements CasConnector {

    private final CasConnector delegate;
    private final Duration commandDeadline;
    private final Runnable tick;

    LabConnector(CasConnector delegate, Duration commandDeadline, Runnable tick) {
        this.delegate = delegate;
        this.commandDeadline = commandDeadline;
        this.tick = tick;
    }

    @Override
    public CasSession connect(ServerEndpoint e) {
        ServerEndpoint shorter = new ServerEndpoint(e.serverName(), e.address(), e.port(), e.https(), e.authentication(),
                e.credentials(), e.trustedCas(), e.insecureSkipTlsVerify(), e.operationTimeout(), commandDeadline);
        CasSession session = delegate.connect(shorter);
        return new CasSession() {
            @Override
            public ServerObservation observe(Set<Protocol> scope, Optional<String> outlookAnywhereOf) {
                tick.run();
                return session.observe(scope, outlookAnywhereOf);
            }

            @Override
            public OutlookAnywhereSettings readOutlookAnywhere(String serverName) {
                tick.run();
                return session.readOutlookAnywhere(serverName);
            }

            @Override
            public Changed change(Change change) {
                tick.run();
                return session.change(change);
            }

            @Override
            public void iisReset() {
                tick.run();
                session.iisReset();
            }

            @Override
            public void restoreOutlookAnywhere(String serverName, OutlookAnywhereSettings original) {
                tick.run();
                session.restoreOutlookAnywhere(serverName, original);
            }

            @Override
            public void restartServiceHost() {
                tick.run();
                session.restartServiceHost();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
