package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.ExchangeBuild;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;
import io.ssloffload.operator.remote.CasConnector;
import io.ssloffload.operator.remote.CasException;
import io.ssloffload.operator.remote.CasSession;
import io.ssloffload.operator.remote.ServerEndpoint;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory servers behind the {@link CasSession} seam, for unit tests of the reconcile flow.
 * Each server keeps sslFlags per protocol, its AD Outlook Anywhere settings, and counts what
 * the operator did to it. The Service Host pass is explicit ({@link FakeServer#runServiceHostPass()}).
 */
final class FakeCasConnector implements CasConnector {

    private final Map<String, FakeServer> servers = new ConcurrentHashMap<>();

    FakeServer add(String name) {
        FakeServer server = new FakeServer();
        servers.put(name, server);
        return server;
    }

    FakeServer server(String name) {
        return servers.get(name);
    }

    @Override
    public CasSession connect(ServerEndpoint endpoint) {
        FakeServer server = servers.get(endpoint.serverName());
        if (server == null || server.unreachable) {
            throw new CasException(CasException.Kind.UNREACHABLE, endpoint.serverName() + ": connection refused");
        }
        server.sessionsOpened++;
        return server.new Session();
    }

    @Override
    public void close() {
    }

    static final class FakeServer {
        ExchangeBuild build = new ExchangeBuild(15, 0, 1497, 2);
        final Map<Protocol, SslFlags> sslFlags = new EnumMap<>(Protocol.class);
        final Map<Protocol, String> extendedProtection = new EnumMap<>(Protocol.class);
        OutlookAnywhereSettings outlookAnywhere = new OutlookAnywhereSettings(
                null, null, null, null, null, null, List.of(), false);
        boolean unreachable;
        int sessionsOpened;
        int observations;
        int outlookAnywhereReads;
        int outlookAnywhereWrites;
        int iisResets;
        final List<String> recycledPools = new ArrayList<>();
        final List<String> writtenLocations = new ArrayList<>();

        FakeServer() {
            for (Protocol p : Protocol.values()) {
                if (p.offloadable()) {
                    sslFlags.put(p, SslFlags.parse(Protocol.SHIPPED_SSL_FLAGS));
                    extendedProtection.put(p, "None");
                }
            }
        }

        /** What the Exchange Service Host does: copy SSLOffloading from AD into the Rpc vdir. */
        void runServiceHostPass() {
            sslFlags.put(Protocol.OUTLOOK_ANYWHERE,
                    outlookAnywhere.sslOffloading() ? SslFlags.NONE : SslFlags.parse(Protocol.SHIPPED_SSL_FLAGS));
        }

        final class Session implements CasSession {
            @Override
            public ServerObservation observe(Set<Protocol> scope, Optional<String> outlookAnywhereOf) {
                ServerObservation observed = observeIis(scope);
                return outlookAnywhereOf.isEmpty() ? observed : observed.withOutlookAnywhere(readOutlookAnywhere(outlookAnywhereOf.get()));
            }

            private ServerObservation observeIis(Set<Protocol> scope) {
                observations++;
                Map<Protocol, SslFlags> flags = new EnumMap<>(Protocol.class);
                Map<Protocol, String> ep = new EnumMap<>(Protocol.class);
                scope.stream().filter(Protocol::offloadable).forEach(p -> {
                    flags.put(p, sslFlags.get(p));
                    ep.put(p, extendedProtection.get(p));
                });
                return new ServerObservation(build, flags, ep, Optional.empty(), Optional.empty());
            }

            private Protocol protocolAt(String location) {
                return java.util.Arrays.stream(Protocol.values())
                        .filter(p -> p.location().map(location::equals).orElse(false))
                        .findFirst().orElseThrow(() -> new AssertionError("unknown location " + location));
            }

            @Override
            public OutlookAnywhereSettings readOutlookAnywhere(String serverName) {
                outlookAnywhereReads++;
                return outlookAnywhere;
            }

            @Override
            public Changed change(Change change) {
                change.sslFlagsByLocation().forEach((location, flags) -> {
                    writtenLocations.add(location);
                    sslFlags.put(protocolAt(location), flags);
                });
                change.tokenCheckingByLocation().forEach((location, value) -> extendedProtection.put(protocolAt(location), value));
                recycledPools.addAll(change.appPoolsToRecycle());
                Optional<OutlookAnywhereWrite> written = change.outlookAnywhere().map(desired -> {
                    outlookAnywhereWrites++;
                    OutlookAnywhereSettings before = outlookAnywhere;
                    outlookAnywhere = desired;
                    return new OutlookAnywhereWrite(before, desired);
                });
                return new Changed(written, change.observeAfter().isEmpty()
                        ? Optional.empty() : Optional.of(observeIis(change.observeAfter())));
            }

            @Override
            public void iisReset() {
                iisResets++;
            }

            @Override
            public void restartServiceHost() {
                throw new AssertionError("no test of the fake restarts the Service Host");
            }

            @Override
            public void restoreOutlookAnywhere(String serverName, OutlookAnywhereSettings original) {
                outlookAnywhereWrites++;
                outlookAnywhere = original;
            }

            @Override
            public void close() {
            }
        }
    }
}
