package io.ssloffload.operator.cli;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ssloffload.operator.api.GeneratedCrd;
import io.ssloffload.operator.cli.logging.Logging;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Deployment's arguments, as the chart renders them for the image's entrypoint ({@code java
 * -jar exchange-ssl-offload-operator.jar}), are what the operator's command line reads as {@code run}.
 */
class HelmChartCommandTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void theChartsCommandRunsTheOperatorWithItsValues() {
        String rendered = new Helm(GeneratedCrd.HELM_CHART).template().withName("sslo").withNamespace("ops")
                .set("driftInterval", "7m").set("watch.namespaces[0]", "exchange").set("logLevel", "warn").call();
        Deployment deployment = Arrays.stream(rendered.split("(?m)^---\\s*$"))
                .filter(document -> document.contains("kind: Deployment"))
                .map(document -> SERIALIZATION.unmarshal(document, Deployment.class))
                .findFirst().orElseThrow();
        // the image's entrypoint runs the jar; the chart passes arguments only
        String[] arguments = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()
                .toArray(String[]::new);

        CommandLine.ParseResult parsed = OperatorMain.commandLine().parseArgs(OperatorMain.withDefaultCommand(arguments));
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        OperatorOptions options = run.options("ops");
        assertEquals(Duration.ofMinutes(7), options.driftInterval());
        assertEquals(Set.of("exchange"), options.namespaces());
        assertEquals(Logging.Level.warn, options.logLevel());
        assertEquals("ops", options.leaderElectionNamespace(), "the Lease in the pod's namespace");
        assertEquals("sslo-exchange-ssl-offload-operator", options.leaderElectionLease(), "the release's own Lease");
        assertEquals(8081, options.healthPort(), "the port the chart's probes ask");
    }
}
