package io.ssloffload.kubeharness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single node joined to a {@link KubeApiServer} by {@code kube-node-env.sh}: containerd, a
 * kubelet, a kube-controller-manager (Deployments, ReplicaSets, ServiceAccount tokens) and a
 * kube-scheduler. Pods reach the API server (127.0.0.1) only with
 * {@code hostNetwork}; images come from {@link #importImages}, not from a registry.
 */
public final class KubeNode extends ScriptedEnvironment {

    private static final String SCRIPT = "kube-node-env.sh";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;

    private KubeNode(Path dir, Path script, String name) {
        super(dir, script, STOP_TIMEOUT);
        this.name = name;
    }

    /** Joins a node to the server; its logs go to {@code <server dir>/node/}. */
    public static KubeNode start(KubeApiServer apiServer) {
        try {
            Path script = KubeApiServer.copyScript(SCRIPT, apiServer.dir());
            KubectlResult started = KubeApiServer.run(List.of("bash", script.toString(), "start",
                    apiServer.dir().toString()), Map.of(), null, START_TIMEOUT);
            if (!started.succeeded()) {
                throw new IllegalStateException("could not start the node: " + started);
            }
            return new KubeNode(apiServer.dir(), script, System.getenv().getOrDefault("KUBE_NODE_NAME", "harness-node"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** The kubelet's, containerd's and the controller manager's logs, and Pod logs under kubelet/. */
    public Path logDir() {
        return dir().resolve("node");
    }

    /** Imports image tarballs (docker-archive or OCI archive) into containerd for the kubelet. */
    public void importImages(Path... tars) {
        List<String> command = new ArrayList<>(List.of("bash", script().toString(), "import", dir().toString()));
        for (Path tar : tars) {
            command.add(tar.toAbsolutePath().toString());
        }
        KubectlResult imported = KubeApiServer.run(command, Map.of(), null, IMPORT_TIMEOUT);
        if (!imported.succeeded()) {
            throw new IllegalStateException("could not import images: " + imported);
        }
    }
}
