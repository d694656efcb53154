package io.ssloffload.kubeharness;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A running etcd + kube-apiserver started by {@code kube-apiserver-env.sh}, with an admin
 * identity ({@code system:masters}) and the operator's ServiceAccount identity, which only has
 * what RBAC grants it. The clients are shared: do not close them.
 */
public final class KubeApiServer extends ScriptedEnvironment {

    private static final String SCRIPT = "kube-apiserver-env.sh";
    /** Sourced by both scripts. */
    private static final String LIBRARY = "kube-env-lib.sh";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);

    private final String operatorNamespace;
    private final String operatorServiceAccount;
    private final KubernetesClient adminClient;
    private final KubernetesClient operatorClient;

    private KubeApiServer(Path dir, Path script, Properties env) {
        super(dir, script, STOP_TIMEOUT);
        this.operatorNamespace = env.getProperty("OPERATOR_NAMESPACE");
        this.operatorServiceAccount = env.getProperty("OPERATOR_SERVICE_ACCOUNT");
        this.adminClient = clientFor(adminKubeconfig());
        this.operatorClient = clientFor(operatorKubeconfig());
    }

    /**
     * Starts a server in {@code target/kube-apiserver-<pid>} (kept after the run: its logs explain
     * failures). Identity defaults come from the script; OPERATOR_NAMESPACE and
     * OPERATOR_SERVICE_ACCOUNT in the environment override them.
     */
    public static KubeApiServer start() {
        try {
            Path dir = Path.of("target", "kube-apiserver-" + ProcessHandle.current().pid()).toAbsolutePath();
            Files.createDirectories(dir);
            copyScript(LIBRARY, dir);
            Path script = copyScript(SCRIPT, dir);
            KubectlResult started = run(List.of("bash", script.toString(), "start", dir.toString()),
                    Map.of(), null, START_TIMEOUT);
            if (!started.succeeded()) {
                throw new IllegalStateException("could not start kube-apiserver: " + started);
            }
            Properties env = new Properties();
            try (var reader = Files.newBufferedReader(dir.resolve("apiserver.env"))) {
                env.load(reader);
            }
            return new KubeApiServer(dir, script, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a script shipped in the kube-harness jar into {@code dir}: the one humans run is the one tests run. */
    static Path copyScript(String name, Path dir) throws IOException {
        Path script = dir.resolve(name);
        try (InputStream in = KubeApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the kube-harness classpath");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** Client with cluster-admin rights, for setting up and inspecting. */
    public KubernetesClient adminClient() {
        return adminClient;
    }

    /** Client authenticated as {@code system:serviceaccount:<operatorNamespace>:<operatorServiceAccount>}. */
    public KubernetesClient operatorClient() {
        return operatorClient;
    }

    public Path adminKubeconfig() {
        return dir().resolve("kubeconfig");
    }

    public Path operatorKubeconfig() {
        return dir().resolve("operator.kubeconfig");
    }

    public String operatorNamespace() {
        return operatorNamespace;
    }

    public String operatorServiceAccount() {
        return operatorServiceAccount;
    }

    /** Creates the namespace unless it exists. */
    public void ensureNamespace(String name) {
        adminClient.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .serverSideApply();
    }

    /** Runs kubectl as the admin, with a {@link #KUBECTL_TIMEOUT} deadline. */
    public KubectlResult kubectl(String... args) {
        return kubectlAs(adminKubeconfig(), null, args);
    }

    /** Runs kubectl as the admin with {@code stdin} as its input (for {@code apply -f -}). */
    public KubectlResult kubectlWithStdin(String stdin, String... args) {
        return kubectlAs(adminKubeconfig(), stdin, args);
    }

    /** Runs kubectl with the given kubeconfig, e.g. {@link #operatorKubeconfig()}. */
    public KubectlResult kubectlAs(Path kubeconfig, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getenv().getOrDefault("KUBECTL_BIN", "kubectl"));
        command.addAll(List.of(args));
        return run(command, Map.of("KUBECONFIG", kubeconfig.toString()), stdin, KUBECTL_TIMEOUT);
    }

    @Override
    void beforeStop() {
        adminClient.close();
        operatorClient.close();
    }

    private static KubernetesClient clientFor(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KubectlResult run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kube-harness-", ".out");
            err = Files.createTempFile("kube-harness-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process process = builder.start();
            if (stdin != null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + "; output so far:\n" + Files.readString(out) + Files.readString(err));
            }
            return new KubectlResult(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
