package io.ssloffload.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.PendingChange;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.ExchangeBuild;
import io.ssloffload.operator.plan.ExchangeProduct;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.Rfc3339;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One server's entry in status, from how this reconcile went on it and what its entry showed last
 * time, with what keeps it from being Ready. Pure.
 */
record ServerEntry(ServerStatus status, List<ServerProblem> problems) {

    /** The server condition about its Exchange build (support, newest update): a warning only. */
    static final String BUILD_SUPPORTED = "BuildSupported";
    private static final int MAX_FAILURE_DETAIL = 200;

    /**
     * @param before       the server's entry in the previous status, or null
     * @param healthChecks per protocol, what its healthcheck.htm answered this time; empty when it
     *                     was not probed (unreached, nothing offloaded), and the entry keeps what it showed
     */
    static ServerEntry of(ServerOutcome outcome, ServerStatus before, Map<Protocol, HealthCheckAnswer> healthChecks,
                          Conditions conditions, Instant now) {
        ServerEntry entry = outcome instanceof ServerOutcome.Reached reached
                ? reached(reached, before, conditions, now)
                : unreached((ServerOutcome.Unreached) outcome, before, conditions);
        entry.status().setHealthChecks(healthChecks.isEmpty()
                ? before == null ? null : before.getHealthChecks()
                : healthChecks(healthChecks, before, conditions));
        return entry;
    }

    private static ServerEntry reached(ServerOutcome.Reached reached, ServerStatus before, Conditions conditions, Instant now) {
        ServerStatus server = new ServerStatus();
        server.setName(reached.name());
        server.setReachable(true);
        server.setExchangeBuild(reached.build().toString());
        server.setExchangeProduct(ExchangeProduct.describe(reached.build()));
        server.setServerConditions(List.of(buildSupported(before, reached.build(), conditions, now)));
        List<ServerProblem> problems = new ArrayList<>();
        for (ProtocolState state : reached.states().values()) {
            server.getConditions().add(conditions.next(before == null ? null : before.getConditions(),
                    state.protocol().specName(), state.status().name(), state.reason().name(), state.message()));
            if (state.status() == ProtocolState.Status.True) {
                continue; // Offloaded, or NotPresent: no such vdir on this server
            }
            problems.add(new ServerProblem(reached.name(),
                    state.protocol().specName() + " " + state.reason().name() + deadlineNote(state, reached),
                    state.reason().name(), course(state.reason())));
        }
        server.setOriginalSslFlags(originalSslFlags(before, reached.observedSslFlags()));
        server.setOutlookAnywhere(reached.progress().toStatus());
        if (!reached.pending().isEmpty()) {
            server.setPendingChanges(reached.pending().changes().stream()
                    .map(c -> new PendingChange(c.protocol().specName(), c.setting(), c.current(), c.desired()))
                    .collect(Collectors.toCollection(ArrayList::new)));
            server.setAppPoolsToRecycle(reached.pending().appPools().isEmpty() ? null : new ArrayList<>(reached.pending().appPools()));
        }
        return new ServerEntry(server, problems);
    }

    private static ServerProblem.Course course(ProtocolState.Reason reason) {
        if (reason.stalls()) {
            return ServerProblem.Course.NEEDS_A_PERSON;
        }
        return reason.progressing() ? ServerProblem.Course.IN_PROGRESS : ServerProblem.Course.HELD_BACK;
    }

    /** The BuildSupported condition: a warning about the Exchange build that does not count for Ready. */
    private static Condition buildSupported(ServerStatus before, ExchangeBuild build, Conditions conditions, Instant now) {
        List<Condition> earlier = before == null ? null : before.getServerConditions();
        Optional<ExchangeProduct.Warning> warning = ExchangeProduct.supportWarning(build, now.atZone(ZoneOffset.UTC).toLocalDate());
        return warning.map(w -> conditions.next(earlier, BUILD_SUPPORTED, "False", w.reason(), w.message()))
                .orElseGet(() -> conditions.next(earlier, BUILD_SUPPORTED, "True", "Supported",
                        "%s (%s) is supported and the newest update of its line known on %s"
                                .formatted(ExchangeProduct.describe(build), build, ExchangeProduct.KNOWN_AS_OF)));
    }

    private static String deadlineNote(ProtocolState state, ServerOutcome.Reached reached) {
        Instant deadline = reached.progress().propagationDeadline();
        if (deadline == null) {
            return "";
        }
        return switch (state.reason()) {
            case AwaitingPropagation -> " until " + Rfc3339.format(deadline);
            case PropagationOverdue -> " since " + Rfc3339.format(deadline);
            default -> "";
        };
    }

    private static ServerEntry unreached(ServerOutcome.Unreached unreached, ServerStatus before, Conditions conditions) {
        ServerStatus server = new ServerStatus();
        server.setName(unreached.name());
        server.setReachable(false);
        String detail = BoundedText.truncate(unreached.message(), MAX_FAILURE_DETAIL);
        for (Protocol protocol : unreached.protocols()) {
            server.getConditions().add(conditions.next(before == null ? null : before.getConditions(), protocol.specName(),
                    "Unknown", ProtocolState.Reason.Unreachable.name(), unreached.reason() + ": " + detail));
        }
        if (before != null) {
            // what we knew about the server stays true while we cannot look
            server.setExchangeBuild(before.getExchangeBuild());
            server.setExchangeProduct(before.getExchangeProduct());
            server.setServerConditions(before.getServerConditions());
            server.setOriginalSslFlags(new LinkedHashMap<>(before.getOriginalSslFlags()));
            server.setOutlookAnywhere(before.getOutlookAnywhere());
        }
        ServerProblem problem = new ServerProblem(unreached.name(), unreached.reason() + " (" + detail + ")", unreached.reason(),
                unreached.stalls() ? ServerProblem.Course.NEEDS_A_PERSON : ServerProblem.Course.IN_PROGRESS);
        return new ServerEntry(server, List.of(problem));
    }

    /** One condition per probed protocol: True when its page passes as a load balancer wants it. */
    private static List<Condition> healthChecks(Map<Protocol, HealthCheckAnswer> answers, ServerStatus before, Conditions conditions) {
        List<Condition> earlier = before == null ? null : before.getHealthChecks();
        List<Condition> checks = new ArrayList<>();
        answers.forEach((protocol, answer) -> checks.add(conditions.next(earlier, protocol.specName(),
                answer.passing() ? "True" : "False", answer.verdict(), answer.answer())));
        return checks;
    }

    /**
     * The first value ever seen per protocol, kept for an undo. Only protocols the operator writes
     * in IIS: Rpc belongs to the Service Host and is undone through Set-OutlookAnywhere.
     */
    private static Map<String, String> originalSslFlags(ServerStatus before, Map<Protocol, SslFlags> observed) {
        Map<String, String> previous = before == null ? Map.of() : before.getOriginalSslFlags();
        Map<String, String> originals = new LinkedHashMap<>();
        for (Protocol protocol : Protocol.values()) {
            String name = protocol.specName();
            if (previous.containsKey(name)) {
                originals.put(name, previous.get(name));
            } else if (protocol.configuredInIis() && observed.containsKey(protocol)) {
                originals.put(name, observed.get(protocol).toString());
            }
        }
        return originals;
    }
}
