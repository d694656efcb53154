package io.ssloffload.operator.cli.convergence;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.reconcile.ServerAction;
import io.ssloffload.operator.status.StatusBuilder;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code apply} prints: one line per change made and per transition of a server's protocol
 * (so a long wait prints nothing until something happens), then a summary table. Lines carry the
 * time since the start and the resource; messages come from the engine, which never puts a
 * secret in them.
 */
public final class ProgressReport {

    private final PrintWriter out;
    private final Clock clock;
    private final Instant started;
    private final Map<String, Map<String, Integer>> changes = new TreeMap<>();

    public ProgressReport(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.started = clock.instant();
    }

    void note(String text) {
        line(text);
    }

    void reconciled(ExchangeSslOffload resource, ExchangeSslOffloadStatus previous, List<ServerAction> actions) {
        String name = name(resource);
        for (ServerAction action : actions) {
            line(name + "  " + action.message() + "  [" + action.reason().name() + "]");
            changes.computeIfAbsent(name, k -> new TreeMap<>()).merge(action.reason().name(), 1, Integer::sum);
        }
        ExchangeSslOffloadStatus status = resource.getStatus();
        for (ServerStatus server : status.getServers()) {
            ServerStatus before = StatusBuilder.previousServer(previous, server.getName());
            for (Condition protocol : server.getConditions()) {
                String was = before == null ? null : before.getConditions().stream()
                        .filter(c -> c.getType().equals(protocol.getType())).map(Condition::getReason)
                        .findFirst().orElse(null);
                if (Objects.equals(was, protocol.getReason())) {
                    continue;
                }
                String detail = "Offloaded".equals(protocol.getReason()) ? "" : ": " + protocol.getMessage();
                line(String.format(Locale.ROOT, "%s  %-15s %-16s %s -> %s%s", name, server.getName(), protocol.getType(),
                        was == null ? "(new)" : was, protocol.getReason(), detail));
            }
        }
        Condition ready = Convergence.condition(status, StatusBuilder.READY).orElseThrow();
        Condition readyBefore = Convergence.condition(previous, StatusBuilder.READY).orElse(null);
        if (readyBefore == null || !Objects.equals(readyBefore.getReason(), ready.getReason())
                || !Objects.equals(previous.getSummary(), status.getSummary())) {
            line(name + "  " + (status.getSummary() == null ? "" : status.getSummary() + " servers ready, ")
                    + "Ready " + ready.getStatus() + " (" + ready.getReason() + ")");
        }
    }

    void stoppedShort(ExchangeSslOffload resource, String why) {
        Condition ready = Convergence.condition(resource.getStatus(), StatusBuilder.READY).orElseThrow();
        line(name(resource) + "  stopped short, " + why + ": " + ready.getMessage());
    }

    /** The table at the end: per server, its protocols grouped by state. */
    public void summary(List<Convergence.Target> targets, List<Convergence.Verdict> verdicts) {
        out.println();
        out.println("Summary (" + format(Duration.between(started, clock.instant())) + ")");
        for (int i = 0; i < targets.size(); i++) {
            ExchangeSslOffload resource = targets.get(i).resource();
            ExchangeSslOffloadStatus status = resource.getStatus();
            Condition ready = Convergence.condition(status, StatusBuilder.READY).orElseThrow();
            out.println(name(resource) + ": " + switch (verdicts.get(i)) {
                case CONVERGED -> "converged, " + status.getSummary() + " servers offloaded";
                case ERROR -> "error, nothing was changed: " + ready.getMessage();
                case STOPPED_SHORT -> "stopped short, " + (status.getSummary() == null ? "" : status.getSummary()
                        + " servers ready: ") + ready.getReason();
            });
            if (status.getServers().isEmpty()) {
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SERVER", "ADDRESS", "BUILD", "PROTOCOLS"});
            for (ServerStatus server : status.getServers()) {
                rows.add(new String[] {server.getName(), address(resource, server.getName()),
                        Objects.requireNonNullElse(server.getExchangeBuild(), "?"), protocols(server)});
            }
            int[] widths = new int[3];
            rows.forEach(row -> {
                for (int column = 0; column < widths.length; column++) {
                    widths[column] = Math.max(widths[column], row[column].length());
                }
            });
            for (String[] row : rows) {
                out.println(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s",
                        (Object[]) row));
            }
            Map<String, Integer> made = changes.getOrDefault(name(resource), Map.of());
            out.println("  changes made: " + (made.isEmpty() ? "none"
                    : made.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))));
        }
        out.flush();
    }

    /** {@code Offloaded: owa ecp ...; AwaitingPropagation: outlookAnywhere}, in the status's protocol order. */
    private static String protocols(ServerStatus server) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (Condition protocol : server.getConditions()) {
            byReason.computeIfAbsent(protocol.getReason(), k -> new ArrayList<>()).add(protocol.getType());
        }
        return byReason.entrySet().stream().map(e -> e.getKey() + ": " + String.join(" ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String address(ExchangeSslOffload resource, String serverName) {
        return resource.getSpec().getServers().stream().filter(s -> s.getName().equalsIgnoreCase(serverName))
                .findFirst().map(ProgressReport::address).orElse("?");
    }

    private static String address(ServerSpec server) {
        return server.getAddress() + (server.getPort() == null ? "" : ":" + server.getPort());
    }

    private static String name(ExchangeSslOffload resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private void line(String text) {
        out.println("[" + format(Duration.between(started, clock.instant())) + "] " + text);
        out.flush();
    }

    /** {@code 0:07}, {@code 12:30}: minutes and seconds since the start. */
    static String format(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
