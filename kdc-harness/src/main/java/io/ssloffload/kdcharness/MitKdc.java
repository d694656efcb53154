package io.ssloffload.kdcharness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MIT Kerberos KDC (Debian's krb5-kdc) for tests: its own realm in a temporary folder
 * (kdc.conf, krb5.conf, database, stash), {@code krb5kdc} on a free loopback port, principals
 * and keytabs made with {@code kadmin.local}, stopped by PID and its folder removed on
 * {@link #close()}. Clients in other processes use {@link #environment()}; the JVM's own Kerberos
 * (JGSS, JAAS) uses {@link #krb5Conf()} through {@code java.security.krb5.conf}.
 */
public final class MitKdc implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Path KRB5KDC = Path.of("/usr/sbin/krb5kdc");
    private static final Path KDB5_UTIL = Path.of("/usr/sbin/kdb5_util");
    private static final Path KADMIN_LOCAL = Path.of("/usr/sbin/kadmin.local");
    private static MitKdc shared;

    private final String realm;
    private final Path dir;
    private final int port;
    private final Process kdc;

    private MitKdc(String realm, Path dir, int port, Process kdc) {
        this.realm = realm;
        this.dir = dir;
        this.port = port;
        this.kdc = kdc;
    }

    /** Whether Debian's krb5-kdc and krb5-admin-server are installed (.ci/install-deps.sh installs them). */
    public static boolean installed() {
        return Files.isExecutable(KRB5KDC) && Files.isExecutable(KDB5_UTIL) && Files.isExecutable(KADMIN_LOCAL);
    }

    /**
     * One KDC for the whole JVM, stopped when it exits: the JDK reads krb5.conf once, so every
     * test in a JVM must talk to the same realm.
     */
    public static synchronized MitKdc shared(String realm) {
        if (shared == null) {
            shared = start(realm);
            System.setProperty("java.security.krb5.conf", shared.krb5Conf().toString());
            MitKdc kdc = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(kdc::close, "mit-kdc-stop"));
        } else if (!shared.realm.equals(realm)) {
            throw new IllegalStateException("this JVM's KDC serves " + shared.realm + ", not " + realm);
        }
        return shared;
    }

    public static MitKdc start(String realm) {
        if (!installed()) {
            throw new IllegalStateException("MIT Kerberos is not installed (apt-get install krb5-kdc krb5-admin-server krb5-user)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("mit-kdc-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int port = freePort();
            writeConfiguration(realm, dir, port);
            run(dir, List.of(KDB5_UTIL.toString(), "create", "-s", "-r", realm, "-P", "master-" + ProcessHandle.current().pid()));
            ProcessBuilder kdc = new ProcessBuilder(KRB5KDC.toString(), "-n", "-r", realm)
                    .redirectOutput(dir.resolve("krb5kdc.out").toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .directory(dir.toFile());
            kdc.environment().putAll(environment(dir));
            Process process = kdc.start();
            MitKdc started = new MitKdc(realm, dir, port, process);
            started.awaitPort();
            return started;
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException("cannot start krb5kdc", e);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    public String realm() {
        return realm;
    }

    public int port() {
        return port;
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    /** KRB5_CONFIG and KRB5_KDC_PROFILE for MIT tools and libraries in other processes (kinit, pykerberos). */
    public Map<String, String> environment() {
        return environment(dir);
    }

    /** A user principal {@code name@REALM} with {@code password}. */
    public void addUser(String name, String password) {
        kadmin("addprinc -pw " + quoted(password) + " " + name);
    }

    /** A service principal with a random key, such as {@code HTTP/cas01.contoso.local}. */
    public void addService(String name) {
        kadmin("addprinc -randkey " + name);
    }

    /** A keytab holding the current keys of {@code principals}, written without changing them. */
    public Path keytab(String fileName, String... principals) {
        Path keytab = dir.resolve(fileName);
        for (String principal : principals) {
            kadmin("ktadd -norandkey -k " + keytab + " " + principal);
        }
        return keytab;
    }

    /** A new ticket cache for {@code principal}, obtained with kinit from {@code keytab}. */
    public Path kinit(String principal, Path keytab, String cacheName) {
        Path cache = dir.resolve(cacheName);
        run(dir, List.of("/usr/bin/kinit", "-k", "-t", keytab.toString(), "-c", "FILE:" + cache, principal + "@" + realm));
        return cache;
    }

    /** Stops krb5kdc by its PID and removes the realm's folder. */
    @Override
    public void close() {
        if (kdc.isAlive()) {
            kdc.destroy();
            try {
                if (!kdc.waitFor(10, TimeUnit.SECONDS)) {
                    kdc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(dir);
    }

    private void kadmin(String query) {
        run(dir, List.of(KADMIN_LOCAL.toString(), "-r", realm, "-q", query));
    }

    private static String quoted(String text) {
        if (text.contains("\"")) {
            throw new IllegalArgumentException("a password for the test KDC cannot contain a double quote");
        }
        return "\"" + text + "\"";
    }

    private void awaitPort() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!kdc.isAlive()) {
                throw new IllegalStateException("krb5kdc exited with " + kdc.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("krb5kdc did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("krb5kdc.out")) + Files.readString(dir.resolve("kdc.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static Map<String, String> environment(Path dir) {
        return Map.of("KRB5_CONFIG", dir.resolve("krb5.conf").toString(), "KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
    }

    private static void writeConfiguration(String realm, Path dir, int port) {
        String domain = realm.toLowerCase(java.util.Locale.ROOT);
        String kdcConf = """
                [kdcdefaults]
                 kdc_ports = %2$d
                 kdc_tcp_ports = %2$d
                [realms]
                 %1$s = {
                  database_name = %3$s/principal
                  key_stash_file = %3$s/stash
                  acl_file = %3$s/kadm5.acl
                  max_life = 10h
                  max_renewable_life = 1d
                  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                 }
                [logging]
                 kdc = FILE:%3$s/kdc.log
                 admin_server = FILE:%3$s/kadmin.log
                """.formatted(realm, port, dir);
        // TCP only (udp_preference_limit 1): one port to wait for, and what the JDK and MIT agree on
        String krb5Conf = """
                [libdefaults]
                 default_realm = %1$s
                 dns_lookup_kdc = false
                 dns_lookup_realm = false
                 rdns = false
                 dns_canonicalize_hostname = false
                 udp_preference_limit = 1
                 ticket_lifetime = 1h
                 forwardable = true
                 default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
                 default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
                 permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
                [realms]
                 %1$s = {
                  kdc = 127.0.0.1:%2$d
                  admin_server = 127.0.0.1
                 }
                [domain_realm]
                 .%3$s = %1$s
                 %3$s = %1$s
                 localhost = %1$s
                """.formatted(realm, port, domain);
        try {
            Files.writeString(dir.resolve("kdc.conf"), kdcConf, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("krb5.conf"), krb5Conf, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("kadm5.acl"), "", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, List<String> command) {
        try {
            Path out = dir.resolve("command.out");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment(dir));
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in " + COMMAND_TIMEOUT);
            }
            String output = Files.readString(out);
            if (process.exitValue() != 0 || output.contains("error") && command.get(0).endsWith("kadmin.local")) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed (" + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
