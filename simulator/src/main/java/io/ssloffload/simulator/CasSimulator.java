package io.ssloffload.simulator;

import io.ssloffload.simulator.exchange.CasFleet;
import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.CasSnapshot;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.exchange.SimClock;
import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.wsman.Account;
import io.ssloffload.simulator.wsman.CommandLogEntry;
import io.ssloffload.simulator.wsman.CostModel;
import io.ssloffload.simulator.wsman.FaultInjector;
import io.ssloffload.simulator.wsman.KerberosAcceptor;
import io.ssloffload.simulator.wsman.WinRmAuth;
import io.ssloffload.simulator.wsman.RequestLogEntry;
import io.ssloffload.simulator.wsman.TlsIdentity;
import io.ssloffload.simulator.wsman.WsmanEndpoint;
import io.ssloffload.simulator.wsman.WsmanQuotas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated Exchange organisation on loopback: a {@link CasFleet} and, per server, its WinRM
 * endpoint ({@code /wsman}) and its IIS front end (health checks). The Java control API of tests;
 * {@link CasSimulatorMain} and the admin endpoint put the same controls on the command line and
 * over HTTP.
 */
public final class CasSimulator implements AutoCloseable {

    /** Where a server listens: {@code http://127.0.0.1:15985/wsman} and {@code http://127.0.0.1:16985/}. */
    public record ServerAddress(String name, String wsmanUrl, String iisUrl) {
    }

    /** A command as one server's endpoint received it. */
    public record ServerCommand(String server, CommandLogEntry command) {
    }

    private final CasFleet fleet;
    private final TlsIdentity tls;
    /** Replaced when a password changes, so a server started later takes the new one. */
    private volatile WsmanEndpoint.Config endpointConfig;
    private final Map<String, ServerNode> nodes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private AdminEndpoint admin;

    private CasSimulator(Builder builder) {
        CasFleet.Builder fleetBuilder = CasFleet.builder(ExchangeCommands.INSTANCE).servers(builder.servers).domain(builder.domain)
                .build(builder.build).credentials(builder.user, builder.password)
                .clock(builder.manualClockStart == null ? SimClock.realTime() : SimClock.manual(builder.manualClockStart));
        if (!builder.namedServers.isEmpty()) {
            fleetBuilder.names(List.copyOf(builder.namedServers.keySet()));
        }
        builder.builds.forEach(fleetBuilder::build);
        if (builder.doNotEnableEPEverywhere) {
            fleetBuilder.doNotEnableEP();
        }
        builder.doNotEnableEP.forEach(fleetBuilder::doNotEnableEP);
        this.fleet = fleetBuilder.build();
        this.tls = builder.https ? TlsIdentity.generate() : null;
        this.endpointConfig = WsmanEndpoint.Config.windowsDefaults(Account.administrator(builder.user, builder.password))
                .withAuth(builder.auth).withHttps(builder.https)
                .withAllowUnencrypted(builder.allowUnencrypted != null ? builder.allowUnencrypted : !builder.https)
                .withKerberos(builder.kerberos).withCosts(builder.costs)
                .withQuotas(WsmanQuotas.windowsDefaults().withShellIdleTimeout(builder.shellIdleTimeout));
        for (CasServer server : fleet.servers()) {
            server.setPollingInterval(builder.propagationInterval);
            server.setSessionOpenCost(builder.exchangeSessionOpenCost);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private void start(Builder builder) {
        List<CasServer> servers = fleet.servers();
        for (int i = 0; i < servers.size(); i++) {
            CasServer server = servers.get(i);
            ServerNode node = builder.namedServers.isEmpty()
                    ? new ServerNode(server, portFor(builder.basePort, i), portFor(builder.iisBasePort(), i))
                    : new ServerNode(server, builder.namedServers.get(server.name()), 0);
            nodes.put(server.name(), node);
            node.start();
        }
        if (builder.adminPort != null) {
            admin = AdminEndpoint.start(this, builder.adminPort);
        }
    }

    private static int portFor(int basePort, int index) {
        return basePort == 0 ? 0 : basePort + index;
    }

    // ---- addresses

    public List<ServerAddress> servers() {
        return nodes.values().stream().map(ServerNode::address).toList();
    }

    public ServerAddress address(String name) {
        return node(name).address();
    }

    /** {@code http://127.0.0.1:15900} when an admin port was asked for. */
    public Optional<String> adminUrl() {
        return Optional.ofNullable(admin).map(AdminEndpoint::url);
    }

    /** The CA that signed every server's WinRM certificate (PEM), when HTTPS is on. */
    public Optional<String> caCertificatePem() {
        return Optional.ofNullable(tls).map(TlsIdentity::caCertificatePem);
    }

    // ---- state

    public CasFleet fleet() {
        return fleet;
    }

    public CasServer server(String name) {
        return node(name).server;
    }

    public CasSnapshot snapshot(String name) {
        return server(name).snapshot();
    }

    public int recycleCount(String name, String appPool) {
        return snapshot(name).appPoolRecycles().getOrDefault(appPool, 0);
    }

    public int iisResetCount(String name) {
        return snapshot(name).iisResets();
    }

    /** Every command the server's WinRM service received, across stops and starts, oldest first. */
    public List<CommandLogEntry> commandLog(String name) {
        return node(name).commandLog();
    }

    /** Every HTTP request the server's running WinRM endpoint answered since it last started. */
    public List<RequestLogEntry> requestLog(String name) {
        return node(name).endpoint().requestLog().entries();
    }

    /** Every server's commands, oldest first. */
    public List<ServerCommand> commandLog() {
        return nodes.values().stream()
                .flatMap(node -> node.commandLog().stream().map(entry -> new ServerCommand(node.server.name(), entry)))
                .sorted(Comparator.comparing(c -> c.command().receivedAt()))
                .toList();
    }

    // ---- control

    /** The fleet's time: the wall clock (plus any jumps) by default, or the manual clock's. */
    public Instant now() {
        return fleet.clock().now();
    }

    /** Jumps ahead (both clock modes); Service Host passes that fall due run. */
    public void advanceClock(Duration duration) {
        fleet.advanceClock(duration);
    }

    /** A cumulative update that keeps the server's build (setup resets Default Web Site's sslFlags). */
    public void cumulativeUpdate(String name) {
        server(name).cumulativeUpdate(null);
    }

    public void cumulativeUpdate(String name, ExchangeBuild newBuild) {
        server(name).cumulativeUpdate(newBuild);
    }

    /**
     * A cumulative update to {@code newBuild} (null: the same build); {@code doNotEnableEP} is
     * Setup's /DoNotEnableEP (without it 2019 CU14 and later turn Extended Protection on).
     */
    public void cumulativeUpdate(String name, ExchangeBuild newBuild, boolean doNotEnableEP) {
        server(name).cumulativeUpdate(newBuild, doNotEnableEP);
    }

    /** Extended Protection's tokenChecking (None, Allow, Require) on every Default Web Site vdir. */
    public void setExtendedProtection(String name, String tokenChecking) {
        server(name).setExtendedProtection(tokenChecking);
    }

    /** Extended Protection's tokenChecking at one location of either site ({@code Default Web Site/owa}). */
    public void setExtendedProtection(String name, String tokenChecking, String location) {
        server(name).setExtendedProtection(tokenChecking, location);
    }

    /**
     * The fault rules of the server's WinRM endpoint. A stopped server has none; starting it again
     * begins with none.
     *
     * @throws IllegalStateException when the server is stopped
     */
    public FaultInjector faults(String name) {
        return node(name).endpoint().faults();
    }

    /** Closes the server's WinRM and IIS ports: clients see connection refused. Open shells are lost. */
    public void stopServer(String name) {
        node(name).stop();
    }

    /** Listens again on the same ports. */
    public void startServer(String name) {
        node(name).start();
    }

    /**
     * An administrator resetting the account's password: every server's WinRM logon and the
     * Exchange session's credential check take the new one from the next request on; the old one
     * gets a 401. Shells already open stay open.
     *
     * @throws IllegalArgumentException when the fleet has no such account
     */
    public synchronized void changePassword(String userName, String newPassword) {
        WsmanEndpoint.Config changed = endpointConfig.withPassword(userName, newPassword);
        fleet.credentials().changePassword(userName, newPassword);
        endpointConfig = changed;
        nodes.values().forEach(node -> node.changePassword(userName, newPassword));
    }

    public boolean isRunning(String name) {
        return node(name).isRunning();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        nodes.values().forEach(ServerNode::stop);
        fleet.close();
    }

    private ServerNode node(String name) {
        ServerNode node = name == null ? null : nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no server " + name);
        }
        return node;
    }

    /** One server's listeners; ports are fixed at the first start so a restart keeps its URLs. */
    private final class ServerNode {
        private final CasServer server;
        private final List<CommandLogEntry> earlierCommands = new ArrayList<>();
        private int wsmanPort;
        private int iisPort;
        private WsmanEndpoint endpoint;
        private ServerAddress address;

        ServerNode(CasServer server, int wsmanPort, int iisPort) {
            this.server = server;
            this.wsmanPort = wsmanPort;
            this.iisPort = iisPort;
        }

        synchronized void start() {
            if (endpoint != null) {
                return;
            }
            endpoint = WsmanEndpoint.start(endpointConfig.withPort(wsmanPort), server, tls);
            try {
                iisPort = server.startFrontEnd(iisPort);
            } catch (RuntimeException e) {
                endpoint.close();
                endpoint = null;
                throw e;
            }
            wsmanPort = endpoint.port();
            address = new ServerAddress(server.name(), endpoint.url(), "http://127.0.0.1:" + iisPort + "/");
        }

        synchronized void stop() {
            if (endpoint == null) {
                return;
            }
            earlierCommands.addAll(endpoint.commandLog().entries());
            endpoint.close();
            endpoint = null;
            server.stopFrontEnd();
        }

        synchronized void changePassword(String userName, String newPassword) {
            if (endpoint != null) {
                endpoint.changePassword(userName, newPassword);
            }
        }

        synchronized boolean isRunning() {
            return endpoint != null;
        }

        synchronized WsmanEndpoint endpoint() {
            if (endpoint == null) {
                throw new IllegalStateException(server.name() + " is stopped");
            }
            return endpoint;
        }

        synchronized ServerAddress address() {
            return address;
        }

        synchronized List<CommandLogEntry> commandLog() {
            List<CommandLogEntry> all = new ArrayList<>(earlierCommands);
            if (endpoint != null) {
                all.addAll(endpoint.commandLog().entries());
            }
            return all;
        }
    }

    public static final class Builder {
        private int servers = 1;
        private final Map<String, Integer> namedServers = new LinkedHashMap<>();
        private int basePort;
        private Integer iisBasePort;
        private Integer adminPort;
        private String domain = "contoso.local";
        private String user = "Administrator";
        private String password;
        private boolean https;
        private Set<WinRmAuth> auth = EnumSet.of(WinRmAuth.BASIC, WinRmAuth.NEGOTIATE, WinRmAuth.KERBEROS);
        private Boolean allowUnencrypted;
        private KerberosAcceptor kerberos;
        private Duration propagationInterval = Duration.ofMinutes(15);
        private Instant manualClockStart;
        private ExchangeBuild build = ExchangeBuild.SP1;
        private final Map<String, ExchangeBuild> builds = new LinkedHashMap<>();
        private boolean doNotEnableEPEverywhere;
        /** Servers whose Setup ran with /DoNotEnableEP. */
        private final List<String> doNotEnableEP = new ArrayList<>();
        private CostModel costs = CostModel.free();
        private Duration exchangeSessionOpenCost = Duration.ZERO;
        private Duration shellIdleTimeout = WsmanQuotas.windowsDefaults().shellIdleTimeout();

        public Builder servers(int count) {
            this.servers = count;
            return this;
        }

        /**
         * A server of this name whose WinRM port is {@code wsmanPort} (0 picks a free one) and whose
         * IIS port is a free one. Once a server is named, the fleet is exactly the named servers, in
         * this order; {@link #servers(int)}, {@link #basePort} and {@link #iisBasePort} no longer apply.
         */
        public Builder server(String name, int wsmanPort) {
            namedServers.put(name, requirePort(wsmanPort));
            return this;
        }

        /** Server i's WinRM port is {@code basePort + i}; 0 (the default) picks free ports. */
        public Builder basePort(int port) {
            this.basePort = requirePort(port);
            return this;
        }

        /** Server i's IIS port is {@code port + i}; default {@code basePort + 1000}, or free ports when basePort is 0. */
        public Builder iisBasePort(int port) {
            this.iisBasePort = requirePort(port);
            return this;
        }

        /** Serves the admin endpoint on 127.0.0.1 at {@code port} (0 for a free one); off by default. */
        public Builder adminPort(int port) {
            this.adminPort = requirePort(port);
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** The account that may log on to WinRM and open Exchange sessions. */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /**
         * WinRM's Auth settings on every server. Default: the lab mode tests use, Windows' defaults
         * plus Basic ({@link #windowsDefaults()} turns Basic off again).
         */
        public Builder auth(Set<WinRmAuth> methods) {
            this.auth = EnumSet.copyOf(methods);
            return this;
        }

        /** Windows' Service/AllowUnencrypted. Default: the lab mode, true on plain HTTP, false with HTTPS. */
        public Builder allowUnencrypted(boolean allow) {
            this.allowUnencrypted = allow;
            return this;
        }

        /** As a fresh Windows Server: Negotiate and Kerberos, no Basic, AllowUnencrypted false. */
        public Builder windowsDefaults() {
            return auth(WinRmAuth.windowsDefaults()).allowUnencrypted(false);
        }

        /** The service keys (HTTP/host) that Kerberos and Negotiate/Kerberos logons are accepted with. */
        public Builder kerberos(KerberosAcceptor acceptor) {
            this.kerberos = acceptor;
            return this;
        }

        /** The Service Host's PeriodicPollingMinutes on every server (0 disables the periodic pass). */
        public Builder propagationMinutes(int minutes) {
            if (minutes < 0) {
                throw new IllegalArgumentException("propagation minutes must not be negative: " + minutes);
            }
            return propagationInterval(Duration.ofMinutes(minutes));
        }

        /**
         * The Service Host's polling interval on every server (zero disables the periodic pass).
         * Unlike the registry's PeriodicPollingMinutes it may be shorter than a minute (at least
         * one second), a simulator-only knob for demos; the registry shows it rounded up to minutes.
         */
        public Builder propagationInterval(Duration interval) {
            if (interval.isNegative() || (!interval.isZero() && interval.compareTo(Duration.ofSeconds(1)) < 0)) {
                throw new IllegalArgumentException("the propagation interval must be zero or at least one second: "
                        + interval);
            }
            this.propagationInterval = interval;
            return this;
        }

        /**
         * A clock that stands still at {@code start} and moves only through {@link #advanceClock}
         * (or {@code POST /clock/advance}); without it the fleet follows real time.
         */
        public Builder manualClock(Instant start) {
            this.manualClockStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Every server's Exchange build unless {@link #build(String, ExchangeBuild)} says otherwise. */
        public Builder build(ExchangeBuild build) {
            this.build = build;
            return this;
        }

        /** {@link #start()} refuses a name that is not one of the servers (CAS01..CASnn). */
        public Builder build(String serverName, ExchangeBuild build) {
            builds.put(serverName, build);
            return this;
        }

        /** Setup ran with /DoNotEnableEP everywhere: 2019 CU14+ servers start without Extended Protection. */
        public Builder doNotEnableEP() {
            doNotEnableEPEverywhere = true;
            return this;
        }

        /** Setup ran with /DoNotEnableEP on this server; {@link #start()} refuses an unknown name. */
        public Builder doNotEnableEP(String serverName) {
            doNotEnableEP.add(serverName);
            return this;
        }

        /** Time each WinRM request and each powershell.exe start takes. */
        public Builder costs(CostModel costs) {
            this.costs = costs;
            return this;
        }

        /** Time opening an Exchange remote session (New-PSSession) takes. */
        public Builder exchangeSessionOpenCost(Duration cost) {
            this.exchangeSessionOpenCost = cost;
            return this;
        }

        /**
         * winrs IdleTimeout (Windows: 2 hours): a shell without activity for this long, in the
         * simulated clock's time, is deleted and further operations on it get ShellNotFound.
         */
        public Builder shellIdleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the shell idle timeout must be positive: " + timeout);
            }
            this.shellIdleTimeout = timeout;
            return this;
        }

        private int iisBasePort() {
            if (iisBasePort != null) {
                return iisBasePort;
            }
            return basePort == 0 ? 0 : basePort + 1000;
        }

        /** Starts every listener; on failure closes what had started and rethrows. */
        public CasSimulator start() {
            if (password == null) {
                throw new IllegalArgumentException("a password is required");
            }
            if (iisBasePort == null && basePort + 1000 > 65535) {
                throw new IllegalArgumentException("the IIS port defaults to the WinRM port + 1000, past 65535: "
                        + "give the IIS port");
            }
            if (basePort != 0 && (basePort + servers - 1 > 65535 || iisBasePort() + servers - 1 > 65535)) {
                throw new IllegalArgumentException("ports for " + servers + " servers run past 65535");
            }
            CasSimulator simulator = new CasSimulator(this);
            try {
                simulator.start(this);
                return simulator;
            } catch (RuntimeException e) {
                simulator.close();
                throw e;
            }
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
