package io.ssloffload.operator.cli.convergence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.PendingChange;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.status.StatusBuilder;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code plan} prints, from the status an observe-only reconcile built: the same
 * per-server, per-protocol changes that spec.managementPolicy ObserveOnly puts in status.
 */
public final class PlanReport {

    /** plan's exit codes, as terraform plan -detailed-exitcode's. */
    public static final int NOTHING_TO_CHANGE = 0;
    public static final int ERROR = 1;
    public static final int CHANGES_PENDING = 2;

    /** Nothing would be changed: done, refused, no vdir there, or held for Extended Protection. */
    private static final Set<String> SETTLED = Set.of(ProtocolState.Reason.Offloaded.name(),
            ProtocolState.Reason.Refused.name(), ProtocolState.Reason.NotPresent.name(),
            ProtocolState.Reason.ExtendedProtectionEnabled.name());

    private PlanReport() {
    }

    /** The outcome for one resource. {@code result}: noChanges, changes, or error. */
    public record ResourcePlan(String resource, String result, String message, List<ServerPlan> servers) {
    }

    /**
     * @param protocols per protocol its state (ObserveOnly: would change; Offloaded; AwaitingPropagation; ...)
     */
    public record ServerPlan(String name, boolean reachable, List<PendingChange> changes, List<String> appPoolsToRecycle,
                      Map<String, String> protocols, Map<String, String> messages) {
    }

    public static ResourcePlan of(ExchangeSslOffload resource) {
        ExchangeSslOffloadStatus status = resource.getStatus();
        String name = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        Condition ready = Convergence.condition(status, StatusBuilder.READY).orElseThrow();
        List<ServerPlan> servers = status.getServers().stream().map(PlanReport::server).toList();
        // No server entry: the resource was refused before any server was reached (a claimed server, a bad Secret).
        if (servers.isEmpty() || servers.stream().anyMatch(s -> !s.reachable())) {
            return new ResourcePlan(name, "error", ready.getMessage(), servers);
        }
        boolean pending = servers.stream().anyMatch(s -> !s.changes().isEmpty() || !s.appPoolsToRecycle().isEmpty()
                || s.protocols().values().stream().anyMatch(reason -> !SETTLED.contains(reason)));
        return new ResourcePlan(name, pending ? "changes" : "noChanges", ready.getMessage(), servers);
    }

    private static ServerPlan server(ServerStatus server) {
        Map<String, String> protocols = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        for (Condition condition : server.getConditions()) {
            protocols.put(condition.getType(), condition.getReason());
            messages.put(condition.getType(), condition.getMessage());
        }
        return new ServerPlan(server.getName(), Boolean.TRUE.equals(server.getReachable()),
                Objects.requireNonNullElse(server.getPendingChanges(), List.of()),
                Objects.requireNonNullElse(server.getAppPoolsToRecycle(), List.of()), protocols, messages);
    }

    public static int exitCode(List<ResourcePlan> plans) {
        if (plans.stream().anyMatch(p -> p.result().equals("error"))) {
            return ERROR;
        }
        return plans.stream().anyMatch(p -> p.result().equals("changes"))
                ? CHANGES_PENDING : NOTHING_TO_CHANGE;
    }

    public static void text(PrintWriter out, List<ResourcePlan> plans) {
        int changing = 0;
        for (ResourcePlan plan : plans) {
            out.println();
            out.println(plan.resource() + ":");
            if (plan.result().equals("error") && plan.servers().isEmpty()) {
                out.println("  error: " + plan.message());
                continue;
            }
            for (ServerPlan server : plan.servers()) {
                if (!server.reachable()) {
                    out.println("  " + server.name() + ": could not be observed: " + server.messages().values().stream()
                            .findFirst().orElse(""));
                    continue;
                }
                boolean changes = !server.changes().isEmpty() || !server.appPoolsToRecycle().isEmpty();
                changing += changes ? 1 : 0;
                out.println("  " + server.name() + ":" + (changes ? "" : " no changes"));
                for (PendingChange change : server.changes()) {
                    out.println(String.format(Locale.ROOT, "    ~ %-16s %-34s %s -> %s", change.getProtocol(),
                            change.getSetting(), change.getCurrent(), change.getDesired()));
                }
                for (String pool : server.appPoolsToRecycle()) {
                    out.println("    ! recycle " + pool);
                }
                server.protocols().forEach((protocol, reason) -> {
                    if (!SETTLED.contains(reason) && !ProtocolState.Reason.ObserveOnly.name().equals(reason)) {
                        out.println(String.format(Locale.ROOT, "    %-18s %s: %s", protocol, reason, server.messages().get(protocol)));
                    } else if (ProtocolState.Reason.Refused.name().equals(reason)) {
                        out.println(String.format(Locale.ROOT, "    %-18s refused: %s", protocol, server.messages().get(protocol)));
                    }
                });
            }
        }
        out.println();
        out.println(switch (exitCode(plans)) {
            case NOTHING_TO_CHANGE -> "No changes: the servers match the resources.";
            case CHANGES_PENDING -> "Plan: " + changing + " server(s) to change. Nothing was changed.";
            default -> "Error: not every server could be planned (see above). Nothing was changed.";
        });
        out.flush();
    }

    public static void json(PrintWriter out, List<ResourcePlan> plans, int exitCode) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("exitCode", exitCode);
        document.put("resources", plans);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is plain data", e);
        }
        out.flush();
    }
}
