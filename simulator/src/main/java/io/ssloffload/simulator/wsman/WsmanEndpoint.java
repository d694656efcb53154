package io.ssloffload.simulator.wsman;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PowerShellProcess;
import io.ssloffload.simulator.powershell.PsHost;
import io.ssloffload.simulator.windows.CmdExe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The WinRM service of one simulated Windows server: WS-Management over HTTP or HTTPS at
 * {@code 127.0.0.1:<port>/wsman}, running every command under cmd.exe on {@code host}, with
 * Basic, Negotiate (NTLMv2; Kerberos with a keytab) and Kerberos authentication and [MS-WSMV]
 * message encryption as {@link Config} sets them.
 */
public final class WsmanEndpoint implements AutoCloseable {

    /**
     * @param port             0 for any free port
     * @param https            TLS with a certificate from a CA generated at start
     * @param auth             Windows' Auth settings: Basic, Negotiate (NTLMv2, and Kerberos with a
     *                         keytab), Kerberos; a client offering something else gets the 401
     *                         Windows sends
     * @param allowUnencrypted Windows' Service/AllowUnencrypted setting (default false): without it,
     *                         plain HTTP carries only bodies sealed with the connection's Negotiate
     *                         session security, and Basic is refused there
     * @param kerberos         the service key of {@code HTTP/<host>}, or null: Kerberos tokens are
     *                         then refused (as on a server outside any realm)
     */
    public record Config(int port, boolean https, Set<WinRmAuth> auth, boolean allowUnencrypted,
                         List<Account> accounts, WsmanQuotas quotas, CostModel costs, KerberosAcceptor kerberos) {

        public Config {
            accounts = List.copyOf(accounts);
            auth = auth.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(auth));
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /**
         * Windows' defaults: HTTP, any port, Negotiate and Kerberos on, Basic off, AllowUnencrypted
         * false (so plain HTTP needs message encryption), Windows quotas, no costs.
         */
        public static Config windowsDefaults(Account... accounts) {
            return new Config(0, false, WinRmAuth.windowsDefaults(), false, List.of(accounts),
                    WsmanQuotas.windowsDefaults(), CostModel.free(), null);
        }

        /** {@link #windowsDefaults} with Basic also on (still refused on plain HTTP unless AllowUnencrypted). */
        public static Config basicAuth(Account... accounts) {
            return windowsDefaults(accounts).withBasicAuthEnabled(true);
        }

        public boolean basicAuthEnabled() {
            return auth.contains(WinRmAuth.BASIC);
        }

        public Config withPort(int value) {
            return new Config(value, https, auth, allowUnencrypted, accounts, quotas, costs, kerberos);
        }

        public Config withHttps(boolean value) {
            return new Config(port, value, auth, allowUnencrypted, accounts, quotas, costs, kerberos);
        }

        public Config withAuth(Set<WinRmAuth> value) {
            return new Config(port, https, value, allowUnencrypted, accounts, quotas, costs, kerberos);
        }

        public Config withBasicAuthEnabled(boolean value) {
            Set<WinRmAuth> methods = EnumSet.noneOf(WinRmAuth.class);
            methods.addAll(auth);
            if (value) {
                methods.add(WinRmAuth.BASIC);
            } else {
                methods.remove(WinRmAuth.BASIC);
            }
            return withAuth(methods);
        }

        public Config withAllowUnencrypted(boolean value) {
            return new Config(port, https, auth, value, accounts, quotas, costs, kerberos);
        }

        public Config withQuotas(WsmanQuotas value) {
            return new Config(port, https, auth, allowUnencrypted, accounts, value, costs, kerberos);
        }

        public Config withCosts(CostModel value) {
            return new Config(port, https, auth, allowUnencrypted, accounts, quotas, value, kerberos);
        }

        public Config withKerberos(KerberosAcceptor value) {
            return new Config(port, https, auth, allowUnencrypted, accounts, quotas, costs, value);
        }

        /** @throws IllegalArgumentException when no account has that name */
        public Config withPassword(String userName, String password) {
            if (accounts.stream().noneMatch(a -> a.userName().equalsIgnoreCase(userName))) {
                throw new IllegalArgumentException("no account " + userName);
            }
            List<Account> changed = accounts.stream().map(a -> a.userName().equalsIgnoreCase(userName)
                    ? new Account(a.userName(), password, a.remoteAccess()) : a).toList();
            return new Config(port, https, auth, allowUnencrypted, changed, quotas, costs, kerberos);
        }
    }

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ShellService shells;
    private final String url;
    private final EndpointLog<CommandLogEntry> commandLog;
    private final EndpointLog<RequestLogEntry> requestLog;
    private final FaultInjector faults;
    private final TlsIdentity tls;
    private final WsmanHttpHandler handler;
    /** Written when first asked for: most users of the endpoint never read the CA from a file. */
    private Path caCertificateFile;
    private boolean closed;

    private WsmanEndpoint(HttpServer server, ExecutorService requestThreads, ShellService shells, String url,
                          EndpointLog<CommandLogEntry> commandLog, EndpointLog<RequestLogEntry> requestLog,
                          FaultInjector faults, TlsIdentity tls, WsmanHttpHandler handler) {
        this.server = server;
        this.requestThreads = requestThreads;
        this.shells = shells;
        this.url = url;
        this.commandLog = commandLog;
        this.requestLog = requestLog;
        this.faults = faults;
        this.tls = tls;
        this.handler = handler;
    }

    public static WsmanEndpoint start(Config config, PsHost host) {
        return start(config, host, PowerShellProcess::run, null);
    }

    /** With HTTPS, serves {@code tls}'s certificate instead of generating a CA of its own. */
    public static WsmanEndpoint start(Config config, PsHost host, TlsIdentity tls) {
        return start(config, host, PowerShellProcess::run, tls);
    }

    /** With another powershell.exe, for tests of the endpoint without the interpreter. */
    static WsmanEndpoint start(Config config, PsHost host, CmdExe.PowerShellLauncher powershell) {
        return start(config, host, powershell, null);
    }

    private static WsmanEndpoint start(Config config, PsHost host, CmdExe.PowerShellLauncher powershell,
                                       TlsIdentity sharedTls) {
        CmdExe.PowerShellLauncher costed = (arguments, environment, psHost) -> {
            try {
                Pause.sleep(config.costs().perPowerShellStart());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NativeCommand.Result("", "", RemoteCommand.TERMINATED_EXIT_CODE);
            }
            return powershell.launch(arguments, environment, psHost);
        };
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port());
            TlsIdentity tls = null;
            HttpServer server;
            if (config.https()) {
                tls = sharedTls != null ? sharedTls : TlsIdentity.generate();
                HttpsServer httpsServer = HttpsServer.create(address, 64);
                httpsServer.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
                server = httpsServer;
            } else {
                server = HttpServer.create(address, 64);
            }
            String url = (config.https() ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/wsman";

            EndpointLog<CommandLogEntry> commandLog = new EndpointLog<>();
            EndpointLog<RequestLogEntry> requestLog = new EndpointLog<>();
            FaultInjector faults = new FaultInjector();
            ShellService shells = new ShellService(host, new CmdExe(host, costed), config.quotas(), commandLog, url);
            // held Receives each occupy a thread, so the pool grows with demand; the per-user
            // concurrent-operation quota bounds it
            ExecutorService requestThreads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "wsman-request");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(requestThreads);
            WsmanHttpHandler handler = new WsmanHttpHandler(config, host.computerName(), host::windowsRelease, shells,
                    faults, requestLog);
            server.createContext("/", handler);
            server.start();
            return new WsmanEndpoint(server, requestThreads, shells, url, commandLog, requestLog, faults, tls, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the WinRM endpoint on 127.0.0.1:" + config.port(), e);
        }
    }

    /** An administrator resetting the account's password; see {@link Config#withPassword}. */
    public void changePassword(String userName, String password) {
        handler.changePassword(userName, password);
    }

    /** e.g. {@code http://127.0.0.1:5985/wsman}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every command line received, with time and user. */
    public EndpointLog<CommandLogEntry> commandLog() {
        return commandLog;
    }

    /** Every HTTP request and its answer. */
    public EndpointLog<RequestLogEntry> requestLog() {
        return requestLog;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Shells currently open (created and not deleted). */
    public int openShells() {
        return shells.shellCount();
    }

    /** The generated CA certificate (PEM) when HTTPS is on. */
    public Optional<String> caCertificatePem() {
        return Optional.ofNullable(tls).map(TlsIdentity::caCertificatePem);
    }

    /** A file holding {@link #caCertificatePem()}, written on the first call and removed by {@link #close()}. */
    public synchronized Optional<Path> caCertificateFile() {
        if (tls == null) {
            return Optional.empty();
        }
        if (closed) {
            throw new IllegalStateException("the WinRM endpoint at " + url + " is closed");
        }
        if (caCertificateFile == null) {
            try {
                Path file = Files.createTempFile("wsman-ca-", ".pem");
                try {
                    Files.writeString(file, tls.caCertificatePem(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
                caCertificateFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the CA certificate to a file", e);
            }
        }
        return Optional.of(caCertificateFile);
    }

    /** Also ends held Receives and running commands. */
    @Override
    public void close() {
        server.stop(0);
        shells.close();
        requestThreads.shutdownNow();
        deleteCaCertificateFile();
    }

    private synchronized void deleteCaCertificateFile() {
        closed = true;
        if (caCertificateFile != null) {
            try {
                Files.deleteIfExists(caCertificateFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
