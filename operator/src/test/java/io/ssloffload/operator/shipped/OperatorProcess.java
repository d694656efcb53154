package io.ssloffload.operator.shipped;

import java.nio.file.Path;
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

    public static JarProcess start(Path logs, Path kubeconfig, List<String> arguments) {
        return JarProcess.start("operator", logs, jar(), arguments, Map.of("KUBECONFIG", kubeconfig.toString()));
    }
}
