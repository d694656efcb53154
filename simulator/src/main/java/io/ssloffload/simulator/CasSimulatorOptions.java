package io.ssloffload.simulator;

import io.ssloffload.simulator.exchange.CasFleet;
import io.ssloffload.simulator.exchange.ExchangeBuild;
import io.ssloffload.simulator.exchange.SimClock;
import io.ssloffload.simulator.wsman.CostModel;
import io.ssloffload.simulator.wsman.KerberosAcceptor;
import io.ssloffload.simulator.wsman.WinRmAuth;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable simulator's flags (a stable contract, documented in simulator/README.md). Each
 * flag is one annotated field and, in {@link #builder()}, one line that hands it to
 * {@link CasSimulator.Builder}; ranges are checked here so that a usage error names the flag.
 */
@Command(name = "java -jar cas-simulator.jar", mixinStandardHelpOptions = true, sortOptions = false,
        version = "cas-simulator (Exchange 2013+ Client Access Server simulator)",
        description = "Serves a simulated Exchange fleet on loopback until stopped. Prints one line per server"
                + " (NAME WINRM-URL IIS-URL), then 'ready'.")
final class CasSimulatorOptions {

    static final int DEFAULT_PORT = 15985;
    /** What {@code --do-not-enable-ep} without a server name stands for. */
    private static final String EVERY_SERVER = "*";

    @Option(names = "--user", required = true, paramLabel = "USER",
            description = "the account that may log on to WinRM and open Exchange sessions")
    String user;

    @Option(names = "--password", required = true, paramLabel = "PASSWORD", description = "its password")
    String password;

    @Option(names = "--servers", paramLabel = "N", defaultValue = "1",
            description = "servers CAS01..CASnn (1-1000, default ${DEFAULT-VALUE})")
    int servers;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + DEFAULT_PORT,
            description = "WinRM port of CAS01; CASnn gets P+n-1 (default ${DEFAULT-VALUE}; 0 = any free)")
    int port;

    @Option(names = "--iis-port", paramLabel = "P",
            description = "IIS front-end port of CAS01 (default --port + 1000; 0 = any free)")
    Integer iisPort;

    @Option(names = "--https", description = "WinRM over HTTPS with a generated CA")
    boolean https;

    @Option(names = "--auth", paramLabel = "LIST", defaultValue = "negotiate,kerberos",
            description = "WinRM Auth settings, any of basic,negotiate,kerberos (default ${DEFAULT-VALUE}, as on"
                    + " Windows; negotiate is NTLMv2, and Kerberos too with --keytab)")
    String auth;

    @Option(names = "--allow-unencrypted",
            description = "Service/AllowUnencrypted true: plain HTTP without message encryption, and Basic over"
                    + " HTTP (default false, as on Windows)")
    boolean allowUnencrypted;

    @Option(names = "--keytab", paramLabel = "FILE",
            description = "accept Kerberos tickets for the HTTP/<host> principals in FILE (the realm's krb5.conf:"
                    + " -Djava.security.krb5.conf)")
    Path keytab;

    @Option(names = "--propagation-minutes", paramLabel = "M",
            description = "Service Host PeriodicPollingMinutes (default 15; 0 = only at service start)")
    Integer propagationMinutes;

    @Option(names = "--propagation-interval", paramLabel = "D", converter = DurationConverter.class,
            description = "the same as a duration (30s, 2m, 1h, PT45S), at least 1s: a simulator-only knob"
                    + " for demos (the registry shows whole minutes)")
    Duration propagationInterval;

    @Option(names = "--shell-idle-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "winrs IdleTimeout: an idle WinRM shell is deleted after D (default 2h, as Windows; 1s to 24h)")
    Duration shellIdleTimeout;

    @Option(names = "--manual-clock",
            description = "time stands still at " + "2024-01-01T00:00:00Z" + " and moves only through"
                    + " POST /clock/advance (default: the wall clock)")
    boolean manualClock;

    @Option(names = "--admin-port", paramLabel = "P", description = "serve the admin endpoint on 127.0.0.1:P (0 = any free)")
    Integer adminPort;

    @Option(names = "--build", paramLabel = "B|CASnn=B",
            description = "Exchange build: 15.2.2562.17 or RTM, SP1, CU23, Exchange2016, Exchange2016CU23,"
                    + " Exchange2019, Exchange2019CU14, Exchange2019CU15, ExchangeSE (default SP1; repeatable)")
    List<String> builds = new ArrayList<>();

    @Option(names = "--do-not-enable-ep", paramLabel = "CASnn", arity = "0..1", fallbackValue = EVERY_SERVER,
            description = "Setup ran with /DoNotEnableEP: 2019 CU14+ servers install without Extended Protection"
                    + " (alone: every server; =CASnn: that one; repeatable)")
    List<String> doNotEnableEP = new ArrayList<>();

    @Option(names = "--domain", paramLabel = "D", defaultValue = "contoso.local",
            description = "AD domain (default ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--request-ms", paramLabel = "N", defaultValue = "0",
            description = "cost model: time per WinRM request (default 0)")
    int requestMs;

    @Option(names = "--powershell-start-ms", paramLabel = "N", defaultValue = "0",
            description = "cost model: time per powershell.exe start (default 0)")
    int powershellStartMs;

    @Option(names = "--exchange-session-ms", paramLabel = "N", defaultValue = "0",
            description = "cost model: time to open an Exchange session (default 0)")
    int exchangeSessionMs;

    /** The command line did not make sense; nothing was started. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** A builder with every flag applied; the builder itself refuses what needs the whole fleet (ports, names). */
    CasSimulator.Builder builder() throws UsageException {
        if (user.isBlank()) {
            throw new UsageException("--user must not be blank");
        }
        if (password.isEmpty()) {
            throw new UsageException("--password must not be empty");
        }
        range("--servers", servers, 1, CasFleet.MAX_SERVERS);
        range("--port", port, 0, 65535);
        range("--request-ms", requestMs, 0, 600_000);
        range("--powershell-start-ms", powershellStartMs, 0, 600_000);
        range("--exchange-session-ms", exchangeSessionMs, 0, 600_000);
        CasSimulator.Builder builder = CasSimulator.builder().servers(servers).credentials(user, password)
                .basePort(port).https(https).domain(domain)
                .costs(new CostModel(Duration.ofMillis(requestMs), Duration.ofMillis(powershellStartMs)))
                .exchangeSessionOpenCost(Duration.ofMillis(exchangeSessionMs));
        // the runnable simulator's WinRM service starts as a fresh Windows Server's does
        try {
            builder.auth(WinRmAuth.parseList(auth)).allowUnencrypted(allowUnencrypted);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--auth: " + e.getMessage());
        }
        if (keytab != null) {
            try {
                builder.kerberos(KerberosAcceptor.fromKeytab(keytab));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--keytab: " + e.getMessage());
            }
        }
        if (iisPort != null) {
            builder.iisBasePort(range("--iis-port", iisPort, 0, 65535));
        }
        if (adminPort != null) {
            builder.adminPort(range("--admin-port", adminPort, 0, 65535));
        }
        if (propagationMinutes != null && propagationInterval != null) {
            throw new UsageException("give --propagation-minutes or --propagation-interval, not both");
        }
        if (propagationMinutes != null) {
            builder.propagationMinutes(range("--propagation-minutes", propagationMinutes, 0, 24 * 60));
        }
        if (propagationInterval != null) {
            if (propagationInterval.compareTo(Duration.ofSeconds(1)) < 0 || propagationInterval.compareTo(Duration.ofDays(1)) > 0) {
                throw new UsageException("--propagation-interval must be from 1s to 24h: " + propagationInterval);
            }
            builder.propagationInterval(propagationInterval);
        }
        if (shellIdleTimeout != null) {
            if (shellIdleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || shellIdleTimeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new UsageException("--shell-idle-timeout must be from 1s to 24h: " + shellIdleTimeout);
            }
            builder.shellIdleTimeout(shellIdleTimeout);
        }
        if (manualClock) {
            builder.manualClock(SimClock.MANUAL_START);
        }
        for (String build : builds) {
            applyBuild(builder, build);
        }
        for (String server : doNotEnableEP) {
            if (server.equals(EVERY_SERVER)) {
                builder.doNotEnableEP();
            } else {
                builder.doNotEnableEP(server.trim());
            }
        }
        return builder;
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

    private static int range(String flag, int value, int min, int max) throws UsageException {
        if (value < min || value > max) {
            throw new UsageException(flag + " must be from " + min + " to " + max + ": " + value);
        }
        return value;
    }

    /** {@code 1500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT45S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Matcher matcher = SHORT.matcher(text);
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (30s, 2m, 1h, PT45S)");
            }
        }
    }
}
