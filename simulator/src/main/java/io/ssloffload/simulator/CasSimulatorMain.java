package io.ssloffload.simulator;

import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.wsman.CostModel;
import io.ssloffload.simulator.wsman.KerberosAcceptor;
import io.ssloffload.simulator.wsman.WinRmAuth;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cas-simulator.jar --servers 3 --port 15985 --user U --password P}: serves the
 * simulated fleet until the process is stopped. Prints one line per server
 * ({@code CAS01 http://127.0.0.1:15985/wsman http://127.0.0.1:16985/}) and then {@code ready};
 * the flags and these lines are a stable contract for scripts and other languages' tests.
 */
public final class CasSimulatorMain {

    static final String USAGE = """
            usage: java -jar cas-simulator.jar --user USER --password PASSWORD [options]
              --servers N                 servers CAS01..CASnn (1-99, default 1)
              --port P                    WinRM port of CAS01; CASnn gets P+n-1 (default 15985; 0 = any free)
              --iis-port P                IIS front-end port of CAS01 (default --port + 1000; 0 = any free)
              --https                     WinRM over HTTPS with a generated CA
              --auth LIST                 WinRM Auth settings: basic,negotiate,kerberos (default
                                          negotiate,kerberos as on Windows; negotiate is NTLMv2, and
                                          Kerberos too with --keytab)
              --allow-unencrypted         Service/AllowUnencrypted true: plain HTTP without message
                                          encryption, and Basic over HTTP (default false)
              --keytab FILE               accept Kerberos tickets for the HTTP/<host> principals in FILE
                                          (their realm's krb5.conf: -Djava.security.krb5.conf)
              --propagation-minutes M     Service Host PeriodicPollingMinutes (default 15; 0 = never)
              --admin-port P              serve the admin endpoint on 127.0.0.1:P (0 = any free)
              --build B | --build CASnn=B Exchange build: 15.0.847.32 or RTM, SP1, CU23, Exchange2016,
                                          Exchange2019, Exchange2019CU14 (default SP1; repeatable)
              --domain D                  AD domain (default contoso.local)
              --request-ms N              cost model: time per WinRM request (default 0)
              --powershell-start-ms N     cost model: time per powershell.exe start (default 0)
              --exchange-session-ms N     cost model: time to open an Exchange session (default 0)
            """;

    private static final int DEFAULT_PORT = 15985;

    private CasSimulatorMain() {
    }

    /** The command line did not make sense; nothing was started. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        CasSimulator simulator;
        try {
            simulator = start(args);
        } catch (UsageException e) {
            System.err.println("cas-simulator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("cas-simulator: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "cas-simulator-shutdown"));
        // stdout carries only the contracted lines
        simulator.adminUrl().ifPresent(url -> System.err.println("cas-simulator: admin endpoint " + url));
        announce(simulator, System.out);
        // every listener thread is a daemon: the main thread keeps the process alive until it is stopped
        new CountDownLatch(1).await();
    }

    /** One line per server, then {@code ready}, flushed. */
    static void announce(CasSimulator simulator, PrintStream out) {
        for (CasSimulator.ServerAddress server : simulator.servers()) {
            out.println(server.name() + " " + server.wsmanUrl() + " " + server.iisUrl());
        }
        out.println("ready");
        out.flush();
    }

    /** Bad values the builder finds (ports past 65535) are usage errors too; a busy port is not. */
    static CasSimulator start(String[] args) throws UsageException {
        CasSimulator.Builder builder = parse(args);
        try {
            return builder.start();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static CasSimulator.Builder parse(String[] args) throws UsageException {
        CasSimulator.Builder builder = CasSimulator.builder();
        String user = null;
        String password = null;
        int servers = 1;
        int port = DEFAULT_PORT;
        Integer iisPort = null;
        List<String> builds = new ArrayList<>();
        long requestMs = 0;
        long powershellStartMs = 0;
        // the runnable simulator starts as a fresh Windows Server does
        builder.windowsDefaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--https" -> builder.https(true);
                case "--auth" -> builder.auth(authList(value(args, ++i, flag)));
                case "--allow-unencrypted" -> builder.allowUnencrypted(true);
                case "--keytab" -> builder.kerberos(keytab(value(args, ++i, flag)));
                case "--servers" -> servers = intValue(flag, value(args, ++i, flag), 1, 99);
                case "--port" -> port = intValue(flag, value(args, ++i, flag), 0, 65535);
                case "--iis-port" -> iisPort = intValue(flag, value(args, ++i, flag), 0, 65535);
                case "--admin-port" -> builder.adminPort(intValue(flag, value(args, ++i, flag), 0, 65535));
                case "--user" -> user = value(args, ++i, flag);
                case "--password" -> password = value(args, ++i, flag);
                case "--propagation-minutes" -> builder.propagationMinutes(
                        intValue(flag, value(args, ++i, flag), 0, 24 * 60));
                case "--build" -> builds.add(value(args, ++i, flag));
                case "--domain" -> builder.domain(value(args, ++i, flag));
                case "--request-ms" -> requestMs = intValue(flag, value(args, ++i, flag), 0, 600_000);
                case "--powershell-start-ms" -> powershellStartMs = intValue(flag, value(args, ++i, flag), 0, 600_000);
                case "--exchange-session-ms" -> builder.exchangeSessionOpenCost(
                        Duration.ofMillis(intValue(flag, value(args, ++i, flag), 0, 600_000)));
                default -> throw new UsageException("unknown flag " + flag);
            }
        }
        if (user == null || user.isBlank()) {
            throw new UsageException("--user is required");
        }
        if (password == null || password.isEmpty()) {
            throw new UsageException("--password is required");
        }
        builder.servers(servers).credentials(user, password).basePort(port)
                .costs(new CostModel(Duration.ofMillis(requestMs), Duration.ofMillis(powershellStartMs)));
        if (iisPort != null) {
            builder.iisBasePort(iisPort);
        }
        for (String build : builds) {
            applyBuild(builder, build);
        }
        return builder;
    }

    private static Set<WinRmAuth> authList(String text) throws UsageException {
        try {
            return WinRmAuth.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--auth: " + e.getMessage());
        }
    }

    private static KerberosAcceptor keytab(String file) throws UsageException {
        try {
            return KerberosAcceptor.fromKeytab(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--keytab: " + e.getMessage());
        }
    }

    /** A build for a server the fleet does not have is refused when the simulator starts. */
    private static void applyBuild(CasSimulator.Builder builder, String text) throws UsageException {
        int equals = text.indexOf('=');
        try {
            if (equals < 0) {
                builder.build(ExchangeBuild.parse(text));
                return;
            }
            builder.build(text.substring(0, equals).trim(), ExchangeBuild.parse(text.substring(equals + 1)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--build: " + e.getMessage());
        }
    }

    private static String value(String[] args, int index, String flag) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[index];
    }

    private static int intValue(String flag, String text, int min, int max) throws UsageException {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new UsageException(flag + " must be from " + min + " to " + max + ": " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " is not a whole number: " + text);
        }
    }
}
