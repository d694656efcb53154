package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.exchange.iis.AppPools;
import io.ssloffload.simulator.exchange.iis.ExchangeIisLayout;
import io.ssloffload.simulator.exchange.iis.IisConfiguration;
import io.ssloffload.simulator.exchange.iis.IisFrontEnd;
import io.ssloffload.simulator.exchange.iis.IisSetting;
import io.ssloffload.simulator.exchange.iis.SslFlags;
import io.ssloffload.simulator.powershell.CommandTable;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PsHost;
import io.ssloffload.simulator.powershell.PsRemoteSession;
import io.ssloffload.simulator.powershell.Runspace;
import io.ssloffload.simulator.powershell.Runspaces;
import io.ssloffload.simulator.powershell.VirtualFileSystem;
import io.ssloffload.simulator.powershell.WindowsRelease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Exchange Client Access Server: its IIS configuration, app pools, services, registry,
 * event log and the Service Host that copies Outlook Anywhere settings from Active Directory into
 * IIS. Every state access is serialised on the server and first runs any Service Host pass that
 * fell due, so several shells may act at once and always see time-consistent state.
 */
public final class CasServer implements PsHost {

    static final String RPC_AUTOCONFIG_SOURCE = "MSExchange RPC Over HTTP Autoconfig";
    static final String SERVICE_HOST_ORIGIN = "MSExchangeServiceHost";
    static final String SETUP_ORIGIN = "Setup";
    private static final String EP_SCRIPT_ORIGIN = "ExchangeExtendedProtectionManagement";

    private final CasFleet fleet;
    /** The cmdlets and programs PowerShell finds on this server. */
    private final ServerCommands commands;
    private final String name;
    private final String fqdn;
    private final VirtualFileSystem files = new VirtualFileSystem();
    private final IisConfiguration iis;
    private final AppPools appPools;
    private final WindowsServices services = new WindowsServices();
    private final RpcHttpSchedule rpcHttp = new RpcHttpSchedule();
    private final List<EventLogEntry> eventLog = new ArrayList<>();
    private final List<ConfigChange> configChanges = new ArrayList<>();
    private ExchangeBuild build;
    private int iisResets;
    private Duration sessionOpenCost = Duration.ZERO;
    private int openSessions;
    private int maxConcurrentSessions;
    private int totalSessions;
    private IisFrontEnd frontEnd;
    /** The next pass the real-time clock has been asked to wake this server for, or null. */
    private Instant wakeScheduledFor;

    /**
     * A server as Setup leaves it. {@code doNotEnableEP} is Setup's /DoNotEnableEP switch: without
     * it 2019 CU14 and later turn Extended Protection on (see {@link #runSetup}).
     */
    CasServer(CasFleet fleet, ServerCommands commands, String name, ExchangeBuild build, boolean doNotEnableEP) {
        this.fleet = fleet;
        this.commands = commands;
        this.name = name;
        this.fqdn = name.toLowerCase(Locale.ROOT) + "." + fleet.domain();
        this.build = build;
        this.iis = ExchangeIisLayout.freshInstall(build);
        this.appPools = new AppPools(build.isExchange2016OrLater() ? AppPools.EXCHANGE_2016 : AppPools.EXCHANGE_2013);
        if (build.installsWithExtendedProtection() && !doNotEnableEP) {
            enableExtendedProtectionAsSetup();
        }
        runRpcHttpPass(rpcHttp.started(now()), true);
        fleet.clock().onAdvance(this::onClockAdvanced);
        catchUp();
    }

    public String name() {
        return name;
    }

    public String fqdn() {
        return fqdn;
    }

    public synchronized ExchangeBuild build() {
        return build;
    }

    public CasFleet fleet() {
        return fleet;
    }

    // ---- PsHost

    @Override
    public String computerName() {
        return name;
    }

    @Override
    public void registerCommands(CommandTable table) {
        commands.registerLocal(this, table);
    }

    /** The commands of the Microsoft.Exchange endpoint (and of the Exchange snap-in). */
    public void registerExchangeCommands(CommandTable table) {
        commands.registerExchange(this, table);
    }

    @Override
    public Optional<NativeCommand> nativeCommand(String program) {
        return ExchangeInstall.program(program, build()).or(() -> commands.nativeCommand(this, program));
    }

    /** $env:ExchangeInstallPath and the Exchange Bin folder on Path, as Setup leaves them. */
    @Override
    public Map<String, String> installedEnvironment() {
        return ExchangeInstall.environment();
    }

    @Override
    public Optional<Boolean> providerContainerExists(String path) {
        return ProviderPaths.containerExists(this, path);
    }

    @Override
    public VirtualFileSystem files() {
        return files;
    }

    @Override
    public Clock clock() {
        return fleet.clock();
    }

    /** Follows the build: a cumulative update keeps the release, a build of another product line means another server. */
    @Override
    public synchronized WindowsRelease windowsRelease() {
        return build.windowsRelease();
    }

    // ---- IIS configuration

    public synchronized Optional<String> findLocation(String path) {
        catchUp();
        return iis.find(path);
    }

    public synchronized IisConfiguration.Effective effectiveConfig(String location, IisSetting setting) {
        catchUp();
        return iis.effective(location, setting);
    }

    /**
     * Writes a value at a known location (in APPHOST) and logs the change.
     *
     * @return the canonical value written
     * @throws IllegalArgumentException when the value is not valid for the attribute (nothing changes)
     */
    public synchronized String writeConfig(String location, IisSetting setting, Object value, String origin) {
        catchUp();
        String canonical = setting.canonical(value);
        String path = iis.find(location).orElseThrow(() -> new IllegalArgumentException("unknown location " + location));
        String old = iis.setExplicit(path, setting, canonical);
        configChanges.add(new ConfigChange(now().toString(), origin, path, setting.attribute(), old, canonical));
        return canonical;
    }

    // ---- app pools and IIS as a whole

    public synchronized Optional<String> findAppPool(String pool) {
        return appPools.find(pool);
    }

    public synchronized List<String> appPoolNames() {
        return appPools.names();
    }

    public synchronized void recycleAppPool(String canonicalPool) {
        catchUp();
        appPools.recycle(canonicalPool, now());
    }

    /** {@code iisreset}: stops and starts all of IIS at once; every protocol is interrupted. */
    public synchronized void iisReset() {
        catchUp();
        iisResets++;
        services.setStatus(WindowsServices.WAS, ServiceState.RUNNING);
        services.setStatus(WindowsServices.W3SVC, ServiceState.RUNNING);
    }

    /** {@code iisreset /stop} or {@code /start}. */
    public synchronized void setIisRunning(boolean running) {
        catchUp();
        String status = running ? ServiceState.RUNNING : ServiceState.STOPPED;
        services.setStatus(WindowsServices.WAS, status);
        services.setStatus(WindowsServices.W3SVC, status);
    }

    // ---- services

    public synchronized Optional<ServiceState> service(String serviceName) {
        catchUp();
        return services.find(serviceName);
    }

    public synchronized List<ServiceState> services() {
        catchUp();
        return services.all();
    }

    public synchronized void startService(String serviceName) {
        catchUp();
        ServiceState service = services.find(serviceName).orElseThrow();
        if (service.isRunning()) {
            return;
        }
        services.setStatus(service.name(), ServiceState.RUNNING);
        if (service.name().equals(WindowsServices.SERVICE_HOST)) {
            runRpcHttpPass(rpcHttp.started(now()), true);
        }
    }

    public synchronized void stopService(String serviceName) {
        catchUp();
        ServiceState service = services.find(serviceName).orElseThrow();
        services.setStatus(service.name(), ServiceState.STOPPED);
        if (service.name().equals(WindowsServices.SERVICE_HOST)) {
            rpcHttp.stopped();
        }
    }

    public synchronized void restartService(String serviceName) {
        stopService(serviceName);
        startService(serviceName);
    }

    // ---- registry and event log

    /** Values of an HKLM sub-key (as {@link #registrySubKey} gives it), if the key exists. */
    public synchronized Optional<Map<String, Object>> registryValues(String subKey) {
        catchUp();
        return ServerRegistry.values(subKey, build, rpcHttp.pollingMinutes());
    }

    /** The HKLM sub-key a registry path ({@code HKLM:\...}) names, as Windows spells it in messages. */
    public static Optional<String> registrySubKey(String path) {
        return ServerRegistry.subKeyOf(path);
    }

    public synchronized List<EventLogEntry> eventLog() {
        catchUp();
        return List.copyOf(eventLog);
    }

    // ---- Exchange remote sessions

    /**
     * Opens a session to this server's Microsoft.Exchange endpoint, as IIS and the endpoint check
     * it: the credential first, then the (slow) runspace start-up.
     *
     * @return empty when the credential is refused
     */
    public Optional<PsRemoteSession> openExchangeSession(String userName, String password) {
        if (!fleet.credentials().accepts(userName, password)) {
            return Optional.empty();
        }
        pause(sessionOpenCost());
        Map<String, String> environment = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        environment.put("COMPUTERNAME", name);
        Runspace runspace = Runspaces.create(this, environment, Runspace.LanguageMode.NO_LANGUAGE,
                this::registerExchangeCommands);
        synchronized (this) {
            openSessions++;
            totalSessions++;
            maxConcurrentSessions = Math.max(maxConcurrentSessions, openSessions);
        }
        return Optional.of(new PsRemoteSession(fqdn, "Microsoft.Exchange", runspace, this::sessionClosed));
    }

    private synchronized void sessionClosed() {
        openSessions--;
    }

    private synchronized Duration sessionOpenCost() {
        return sessionOpenCost;
    }

    // ---- IIS front end (plain HTTP behind the load balancer)

    /** Starts answering health checks on loopback; returns the bound port (pass 0 for any free one). */
    public synchronized int startFrontEnd(int port) {
        if (frontEnd == null) {
            frontEnd = IisFrontEnd.start(port, this::answerHttp, () -> windowsRelease().iisServerHeader());
        }
        return frontEnd.port();
    }

    public synchronized void stopFrontEnd() {
        if (frontEnd != null) {
            frontEnd.close();
            frontEnd = null;
        }
    }

    /** What Default Web Site answers over plain HTTP for a request path. */
    public synchronized IisFrontEnd.Answer answerHttp(String requestPath) {
        catchUp();
        if (!services.isRunning(WindowsServices.W3SVC)) {
            return new IisFrontEnd.Answer(503, "text/html", "<h1>Service Unavailable</h1>");
        }
        String path = requestPath == null ? "" : requestPath;
        String suffix = "/healthcheck.htm";
        Optional<String> location = path.toLowerCase(Locale.ROOT).endsWith(suffix)
                ? iis.find(ExchangeIisLayout.FRONT_END + "/" + path.substring(0, path.length() - suffix.length()))
                : Optional.empty();
        if (location.isEmpty() || location.get().equalsIgnoreCase(ExchangeIisLayout.FRONT_END)) {
            return new IisFrontEnd.Answer(404, "text/html", IisErrorPages.NOT_FOUND);
        }
        if (SslFlags.requiresSsl(iis.effective(location.get(), IisSetting.SSL_FLAGS).value())) {
            return new IisFrontEnd.Answer(403, "text/html", IisErrorPages.SSL_REQUIRED);
        }
        // Real CAS answers with its FQDN; this simulator's documented contract names the server (CAS01), which scripts match on.
        return new IisFrontEnd.Answer(200, "text/html", "200 OK<br/>" + name);
    }

    // ---- control (tests, admin endpoint)

    /** A cumulative update run as Setup runs by default (Extended Protection on from 2019 CU14). */
    public synchronized void cumulativeUpdate(ExchangeBuild newBuild) {
        cumulativeUpdate(newBuild, false);
    }

    /**
     * A cumulative update: setup writes Default Web Site's sslFlags back to install defaults
     * (optionally moving to {@code newBuild}, a build of the same product: 2016 does not upgrade
     * in place to 2019). From 2019 CU14, unless {@code doNotEnableEP}, it turns Extended
     * Protection on again even where an admin had turned it off, and turns SSL offloading for
     * Outlook Anywhere off in AD. Then it restarts the Service Host, which re-derives Rpc from AD
     * at once.
     *
     * @throws IllegalArgumentException for a build of another product line (nothing changes)
     */
    public synchronized void cumulativeUpdate(ExchangeBuild newBuild, boolean doNotEnableEP) {
        catchUp();
        if (newBuild != null && !newBuild.sameProductAs(build)) {
            throw new IllegalArgumentException("Setup of " + newBuild + " cannot upgrade " + name + " (" + build
                    + ") in place: another Exchange version needs a new server");
        }
        if (newBuild != null) {
            build = newBuild;
        }
        if (build.installsWithExtendedProtection() && !doNotEnableEP) {
            enableExtendedProtectionAsSetup();
        }
        Map<String, String> before = explicitSslFlags();
        ExchangeIisLayout.resetFrontEnd(iis, build);
        explicitSslFlags().forEach((location, value) -> {
            if (!java.util.Objects.equals(before.get(location), value)) {
                configChanges.add(new ConfigChange(now().toString(), SETUP_ORIGIN, location, IisSetting.SSL_FLAGS.attribute(),
                        before.get(location), value));
            }
        });
        stopService(WindowsServices.SERVICE_HOST);
        startService(WindowsServices.SERVICE_HOST);
    }

    /** Sets Windows authentication's extendedProtection.tokenChecking on every Default Web Site vdir. */
    public synchronized void setExtendedProtection(String tokenChecking) {
        catchUp();
        String canonical = IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING.canonical(tokenChecking);
        for (String location : iis.locationsOfSite(ExchangeIisLayout.FRONT_END)) {
            if (!location.equals(ExchangeIisLayout.FRONT_END)) {
                writeConfig(location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING, canonical, EP_SCRIPT_ORIGIN);
            }
        }
    }

    /**
     * Sets tokenChecking at one existing location of either site ({@code Default Web Site/owa}).
     *
     * @throws IllegalArgumentException for an unknown location or value (nothing changes)
     */
    public synchronized void setExtendedProtection(String tokenChecking, String location) {
        catchUp();
        String canonical = IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING.canonical(tokenChecking);
        String path = iis.find(location).filter(p -> p.contains("/"))
                .orElseThrow(() -> new IllegalArgumentException("no virtual directory " + location + " on " + name));
        writeConfig(path, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING, canonical, EP_SCRIPT_ORIGIN);
    }

    /** The registry's PeriodicPollingMinutes (0 disables the periodic pass). */
    public synchronized void setPeriodicPollingMinutes(int minutes) {
        setPollingInterval(Duration.ofMinutes(minutes));
    }

    /**
     * The Service Host's polling interval; a simulator-only knob that may be shorter than a minute
     * (zero, or at least one second). The registry still shows whole minutes, rounded up.
     */
    public synchronized void setPollingInterval(Duration interval) {
        catchUp();
        rpcHttp.setInterval(interval, services.isRunning(WindowsServices.SERVICE_HOST));
        catchUp();
    }

    /** How long opening an Exchange session takes (the cost model; default none). */
    public synchronized void setSessionOpenCost(Duration cost) {
        this.sessionOpenCost = cost;
    }

    public synchronized CasSnapshot snapshot() {
        catchUp();
        List<CasSnapshot.Location> locations = new ArrayList<>();
        for (String site : iis.sites()) {
            for (String location : iis.locationsOfSite(site)) {
                locations.add(new CasSnapshot.Location(site, location,
                        iis.explicitValue(location, IisSetting.SSL_FLAGS).orElse(null),
                        iis.effective(location, IisSetting.SSL_FLAGS).value(),
                        iis.explicitValue(location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING).orElse(null),
                        iis.effective(location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING).value()));
            }
        }
        Map<String, String> serviceStatus = new LinkedHashMap<>();
        services.all().forEach(s -> serviceStatus.put(s.name(), s.status()));
        return new CasSnapshot(name, fqdn, build.toString(), build.adminDisplayVersion(), locations,
                appPools.recycleCounts(), appPools.log(), iisResets, serviceStatus,
                fleet.activeDirectory().outlookAnywhere(name).orElseThrow(),
                ExchangeIisLayout.authenticationMethods(iis, ExchangeIisLayout.RPC).stream().map(Enum::name).toList(),
                rpcHttp.pollingMinutes(),
                rpcHttp.interval().toString(),
                rpcHttp.lastPass() == null ? null : rpcHttp.lastPass().toString(),
                new CasSnapshot.Sessions(openSessions, maxConcurrentSessions, totalSessions),
                List.copyOf(eventLog), List.copyOf(configChanges));
    }

    // ---- the Service Host's RPC-over-HTTP configurator

    private synchronized void onClockAdvanced() {
        catchUp();
    }

    private void catchUp() {
        rpcHttp.takeDuePass(now()).ifPresent(at -> runRpcHttpPass(at, false));
        rpcHttp.nextPass().filter(next -> !next.equals(wakeScheduledFor)).ifPresent(next -> {
            wakeScheduledFor = next;
            fleet.clock().wakeAt(next, () -> wokenFor(next));
        });
    }

    /** A real-time wake-up: runs the pass it was set for (or, if it came early, asks again). */
    private synchronized void wokenFor(Instant pass) {
        if (pass.equals(wakeScheduledFor)) {
            wakeScheduledFor = null;
        }
        catchUp();
    }

    /** Copies this server's Outlook Anywhere object from AD into the Rpc vdir, overwriting manual edits. */
    private void runRpcHttpPass(Instant at, boolean firstAfterStart) {
        OutlookAnywhereSettings settings = fleet.activeDirectory().outlookAnywhere(name).orElseThrow();
        if (firstAfterStart) {
            logEvent(at, 3037, "The RPC over HTTP autoconfig service has started its first configuration pass on " + name + ".");
        }
        String wanted = settings.sslOffloading() ? SslFlags.NONE : SslFlags.SSL_SSL128;
        String current = iis.explicitValue(ExchangeIisLayout.RPC, IisSetting.SSL_FLAGS).orElse(null);
        if (!wanted.equals(current)) {
            iis.setExplicit(ExchangeIisLayout.RPC, IisSetting.SSL_FLAGS, wanted);
            configChanges.add(new ConfigChange(at.toString(), SERVICE_HOST_ORIGIN, ExchangeIisLayout.RPC,
                    IisSetting.SSL_FLAGS.attribute(), current, wanted));
            logEvent(at, 3025, "The virtual directory 'Default Web Site/Rpc' was updated: SSLOffloading is "
                    + settings.sslOffloading() + ", sslFlags set to '" + wanted + "'.");
        }
        boolean authenticationChanged = false;
        for (Map.Entry<IisSetting, String> write : ExchangeIisLayout.rpcAuthentication(settings.iisAuthenticationMethods()).entrySet()) {
            String before = iis.explicitValue(ExchangeIisLayout.RPC, write.getKey()).orElse(null);
            if (!write.getValue().equals(before)) {
                iis.setExplicit(ExchangeIisLayout.RPC, write.getKey(), write.getValue());
                configChanges.add(new ConfigChange(at.toString(), SERVICE_HOST_ORIGIN, ExchangeIisLayout.RPC,
                        write.getKey().shortSectionName() + "." + write.getKey().attribute(), before, write.getValue()));
                authenticationChanged = true;
            }
        }
        if (authenticationChanged) {
            logEvent(at, 3036, "The authentication settings of 'Default Web Site/Rpc' were updated to '"
                    + String.join(", ", settings.iisAuthenticationMethods().stream().map(Enum::name).toList()) + "'.");
        }
    }

    /**
     * Setup's "Extended Protection enabled by default" (2019 CU14 and later): Microsoft's
     * recommended tokenChecking on both sites, and SSL offloading for Outlook Anywhere turned off
     * in AD as Set-OutlookAnywhere -SSLOffloading $false -InternalClientsRequireSsl $true
     * -ExternalClientsRequireSsl $true does (Microsoft Learn, "Configure Windows Extended
     * Protection in Exchange Server": "Exchange Server 2019 CU14 (or later) installer disables SSL
     * offloading for Outlook Anywhere automatically"). Rpc's sslFlags follow at the Service Host's
     * next pass, which Setup's restart of the service runs at once.
     */
    private void enableExtendedProtectionAsSetup() {
        ExchangeIisLayout.enableExtendedProtection(iis).forEach((location, old) -> configChanges.add(new ConfigChange(
                now().toString(), SETUP_ORIGIN, location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING.attribute(), old,
                iis.explicitValue(location, IisSetting.EXTENDED_PROTECTION_TOKEN_CHECKING).orElseThrow())));
        fleet.activeDirectory().change(name, new OutlookAnywhereChange(false, null, false, null, true, true,
                null, null, null, false));
    }

    private void logEvent(Instant at, int eventId, String message) {
        eventLog.add(new EventLogEntry(eventLog.size() + 1, at.toString(), "Information", RPC_AUTOCONFIG_SOURCE,
                eventId, message));
    }

    private Map<String, String> explicitSslFlags() {
        Map<String, String> values = new LinkedHashMap<>();
        iis.locationsOfSite(ExchangeIisLayout.FRONT_END).forEach(location ->
                values.put(location, iis.explicitValue(location, IisSetting.SSL_FLAGS).orElse(null)));
        return values;
    }

    private Instant now() {
        return fleet.clock().now();
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
