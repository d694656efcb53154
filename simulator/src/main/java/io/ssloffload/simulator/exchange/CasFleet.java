package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.ActiveDirectory;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An Exchange organisation's Client Access Servers (CAS01..CAS99, then CAS100..CAS1000): one clock, one Active
 * Directory, one administrator account. Servers reach each other by name or FQDN (New-PSSession).
 */
public final class CasFleet implements AutoCloseable {

    /** CAS1000 after CAS999: the operator's footprint benchmark runs 100 resources of 10 distinct servers. */
    public static final int MAX_SERVERS = 1000;

    /** In {@link Builder#doNotEnableEP}: Setup ran with /DoNotEnableEP on every server. */
    private static final String ALL_SERVERS = "*";

    private final String domain;
    private final SimClock clock;
    private final ActiveDirectory activeDirectory;
    private final ExchangeCredentials credentials;
    private final List<CasServer> servers = new ArrayList<>();

    private CasFleet(Builder builder) {
        this.domain = builder.domain;
        this.clock = builder.clock;
        this.activeDirectory = new ActiveDirectory(builder.domain);
        this.credentials = new ExchangeCredentials(builder.domain, builder.userName, builder.password);
        String externalHostname = builder.externalHostname != null ? builder.externalHostname : "mail." + domain;
        for (String name : builder.serverNames()) {
            activeDirectory.add(OutlookAnywhereSettings.installDefaults(name, externalHostname));
            servers.add(new CasServer(this, builder.commands, name, builder.builds.getOrDefault(name, builder.defaultBuild),
                    builder.doNotEnableEP.contains(name) || builder.doNotEnableEP.contains(ALL_SERVERS)));
        }
    }

    /** @param commands what PowerShell finds on every server of the fleet */
    public static Builder builder(ServerCommands commands) {
        return new Builder(commands);
    }

    public List<CasServer> servers() {
        return List.copyOf(servers);
    }

    /** A server by name or FQDN, any case. */
    public Optional<CasServer> find(String nameOrFqdn) {
        String wanted = nameOrFqdn == null ? "" : nameOrFqdn.trim();
        return servers.stream()
                .filter(s -> s.name().equalsIgnoreCase(wanted) || s.fqdn().equalsIgnoreCase(wanted))
                .findFirst();
    }

    public CasServer server(String nameOrFqdn) {
        return find(nameOrFqdn).orElseThrow(() -> new IllegalArgumentException("no server " + nameOrFqdn));
    }

    public String domain() {
        return domain;
    }

    public SimClock clock() {
        return clock;
    }

    public void advanceClock(Duration duration) {
        clock.advance(duration);
    }

    public ActiveDirectory activeDirectory() {
        return activeDirectory;
    }

    public ExchangeCredentials credentials() {
        return credentials;
    }

    /** Stops every server's front-end listener and the clock's wake-ups. */
    @Override
    public void close() {
        servers.forEach(CasServer::stopFrontEnd);
        clock.close();
    }

    public static final class Builder {
        private final ServerCommands commands;
        private int serverCount = 1;
        private List<String> names = List.of();
        private String domain = "contoso.local";
        private ExchangeBuild defaultBuild = ExchangeBuild.SP1;
        private final Map<String, ExchangeBuild> builds = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Set<String> doNotEnableEP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        private String userName = "Administrator";
        private String password = "P@ssw0rd!";
        private String externalHostname;
        private SimClock clock = SimClock.manual(SimClock.MANUAL_START);

        private Builder(ServerCommands commands) {
            this.commands = Objects.requireNonNull(commands, "commands");
        }

        public Builder servers(int count) {
            if (count < 1 || count > MAX_SERVERS) {
                throw new IllegalArgumentException("a fleet has 1 to " + MAX_SERVERS + " servers: " + count);
            }
            this.serverCount = count;
            return this;
        }

        /**
         * The servers by name (a NetBIOS computer name: letters, digits and hyphens, at most 15),
         * instead of CAS01..CASnn.
         */
        public Builder names(List<String> serverNames) {
            if (serverNames.isEmpty() || serverNames.size() > MAX_SERVERS) {
                throw new IllegalArgumentException("a fleet has 1 to " + MAX_SERVERS + " servers: " + serverNames.size());
            }
            TreeMap<String, String> unique = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String name : serverNames) {
                if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,14}")) {
                    throw new IllegalArgumentException("not a computer name (letters, digits, hyphens, at most 15): " + name);
                }
                if (unique.put(name, name) != null) {
                    throw new IllegalArgumentException("server " + name + " is named twice");
                }
            }
            this.names = List.copyOf(serverNames);
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** The build every server has unless {@link #build(String, ExchangeBuild)} says otherwise. */
        public Builder build(ExchangeBuild build) {
            this.defaultBuild = build;
            return this;
        }

        public Builder build(String serverName, ExchangeBuild build) {
            builds.put(serverName, build);
            return this;
        }

        /** Setup ran with /DoNotEnableEP on every server: 2019 CU14+ servers install without Extended Protection. */
        public Builder doNotEnableEP() {
            doNotEnableEP.add(ALL_SERVERS);
            return this;
        }

        /** Setup ran with /DoNotEnableEP on this server. */
        public Builder doNotEnableEP(String serverName) {
            doNotEnableEP.add(serverName);
            return this;
        }

        public Builder credentials(String userName, String password) {
            this.userName = userName;
            this.password = password;
            return this;
        }

        /** Outlook Anywhere's ExternalHostname at install (default mail.&lt;domain&gt;). */
        public Builder externalHostname(String hostname) {
            this.externalHostname = hostname;
            return this;
        }

        /** Default: a manual clock at {@link SimClock#MANUAL_START} (this model's own tests compare exact times). */
        public Builder clock(SimClock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException when a per-server build names a server the fleet does not have */
        public CasFleet build() {
            List<String> names = serverNames();
            for (String named : Stream.concat(builds.keySet().stream(),
                    doNotEnableEP.stream().filter(n -> !n.equals(ALL_SERVERS))).toList()) {
                if (names.stream().noneMatch(named::equalsIgnoreCase)) {
                    throw new IllegalArgumentException("no server " + named + " among " + names);
                }
            }
            return new CasFleet(this);
        }

        private List<String> serverNames() {
            if (!names.isEmpty()) {
                return names;
            }
            return IntStream.rangeClosed(1, serverCount).mapToObj(i -> String.format(Locale.ROOT, "CAS%02d", i)).toList();
        }
    }
}
