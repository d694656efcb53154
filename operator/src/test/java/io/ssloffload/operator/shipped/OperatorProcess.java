package io.ssloffload.operator.shipped;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar operator/target/exchange-ssl-offload-operator.jar ARGS} with {@code KUBECONFIG}
 * set, as the README runs it: the cluster and the identity are the kubeconfig's.
 */
public final class OperatorProcess {

    private OperatorProcess() {
    }

    /** The jar the build made, as failsafe names it ({@code operator.jar}). */
    public static Path jar() {
        return Path.of(System.getProperty("operator.jar", "target/exchange-ssl-offload-operator.jar"));
    }

    /** The same plus the CAS simulator, for {@code apply --simulate}, as failsafe names it ({@code operator-with-simulator.jar}). */
    public static Path withSimulatorJar() {
        return Path.of(System.getProperty("operator-with-simulator.jar",
                "target/exchange-ssl-offload-operator-with-simulator.jar"));
    }

    public static JarProcess start(Path logs, Path kubeconfig, List<String> arguments) {
        return start(logs, kubeconfig, arguments, Map.of());
    }

    /**
     * @param environment more of it, e.g. {@code HOSTNAME}, which a pod has and the Lease holder's
     *                    identity is taken from, so two processes on one machine are two replicas
     */
    public static JarProcess start(Path logs, Path kubeconfig, List<String> arguments, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(environment);
        all.put("KUBECONFIG", kubeconfig.toString());
        return JarProcess.start("operator", logs, jar(), arguments, all);
    }
}
