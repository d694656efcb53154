package io.ssloffload.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.PendingChange;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.plan.ExchangeBuild;
import io.ssloffload.operator.plan.ExchangeProduct;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.plan.ProtocolState.Reason;
import io.ssloffload.operator.plan.Rfc3339;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the resource status from the previous one and this reconcile's outcomes. Pure. Only a
 * change of a condition's status stamps a new transition time; everything else is copied, so an
 * unchanged world yields an equal status and the reconciler can skip the patch ({@link #changed}).
 */
public final class StatusBuilder {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    /** The server condition about its Exchange build (support, newest update): a warning only. */
    public static final String BUILD_SUPPORTED = "BuildSupported";
    /** The reason while a resource's servers are read for the first time. */
    public static final String OBSERVING = "Observing";
    /** The reason while a deletion with Restore waits for a server to be put back. */
    public static final String RESTORING = "Restoring";

    /** Bound on top-level messages: the status must not grow with the number of problems. */
    static final int MAX_MESSAGE = 1024;
    private static final int MAX_FAILURE_DETAIL = 200;
    private static final int MORE_RESERVE = "; and 100 more".length();

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusBuilder() {
    }

    /**
     * @param previous   the status as last written, or null
     * @param generation metadata.generation of the resource this reconcile acted on
     * @param outcomes   one per server, in spec order
     */
    public static ExchangeSslOffloadStatus build(ExchangeSslOffloadStatus previous, long generation,
                                                 List<ServerOutcome> outcomes, Instant now) {
        List<ServerStatus> servers = new ArrayList<>();
        Verdicts verdicts = new Verdicts();
        for (ServerOutcome outcome : outcomes) {
            ServerStatus before = previousServer(previous, outcome.name());
            if (outcome instanceof ServerOutcome.Reached reached) {
                servers.add(reachedServer(reached, before, generation, now, verdicts));
            } else if (outcome instanceof ServerOutcome.Unreached unreached) {
                servers.add(unreachedServer(unreached, before, generation, now, verdicts));
            }
        }

        List<Condition> conditions = new ArrayList<>();
        if (verdicts.notReady.isEmpty()) {
            conditions.add(condition(previous, READY, "True", "Offloaded",
                    "SSL offloading is in effect on all " + servers.size() + " servers", generation, now));
        } else {
            String reason = !verdicts.stalled.isEmpty() ? verdicts.firstStalledReason
                    : verdicts.reconciling.isEmpty() ? verdicts.firstHeldReason : verdicts.firstReconcilingReason;
            conditions.add(condition(previous, READY, "False", reason, verdicts.notReady.render(), generation, now));
        }
        conditions.add(verdicts.reconciling.isEmpty()
                ? condition(previous, RECONCILING, "False", "Settled", "no change is in progress", generation, now)
                : condition(previous, RECONCILING, "True", verdicts.firstReconcilingReason, verdicts.reconciling.render(), generation, now));
        conditions.add(verdicts.stalled.isEmpty()
                ? condition(previous, STALLED, "False", "NotStalled", "nothing needs a person", generation, now)
                : condition(previous, STALLED, "True", verdicts.firstStalledReason, verdicts.stalled.render(), generation, now));

        return status(generation, conditions, servers);
    }

    /** Status for a reconcile that stopped before any server: servers keep what they last showed. */
    public static ExchangeSslOffloadStatus blocked(ExchangeSslOffloadStatus previous, long generation, Blocker blocker,
                                                   Instant now) {
        String message = bounded(blocker.message());
        List<Condition> conditions = List.of(
                condition(previous, READY, "False", blocker.reason(), message, generation, now),
                condition(previous, RECONCILING, "False", blocker.reason(), "waiting for the resource to be fixed", generation, now),
                condition(previous, STALLED, "True", blocker.reason(), message, generation, now));
        List<ServerStatus> servers = previous == null ? List.of() : previous.getServers();
        return status(generation, conditions, servers);
    }

    /**
     * Status of a resource being deleted with Restore while a server cannot be put back yet:
     * the deletion retries by itself, so Reconciling, not Stalled. Servers keep what they showed.
     */
    public static ExchangeSslOffloadStatus restoring(ExchangeSslOffloadStatus previous, long generation, String problems,
                                                     Instant now) {
        String message = bounded("deleted with deletionPolicy Restore; retrying with backoff: " + problems);
        List<ServerStatus> servers = previous == null ? List.of() : previous.getServers();
        return status(generation, List.of(
                condition(previous, READY, "False", RESTORING, message, generation, now),
                condition(previous, RECONCILING, "True", RESTORING, message, generation, now),
                condition(previous, STALLED, "False", "NotStalled", "the deletion retries by itself", generation, now)), servers);
    }

    /**
     * The status of a resource first seen, written before any server is contacted: kstatus (Flux's
     * {@code wait}) reads a resource with no status as Current, so the operator says at once that
     * it is reconciling this generation.
     */
    public static ExchangeSslOffloadStatus firstSeen(long generation, Instant now) {
        String message = "reading the servers for the first time";
        return status(generation, List.of(
                condition(null, READY, "False", OBSERVING, message, generation, now),
                condition(null, RECONCILING, "True", OBSERVING, message, generation, now),
                condition(null, STALLED, "False", "NotStalled", "nothing needs a person", generation, now)), List.of());
    }

    /** Whether {@code next} differs from {@code previous} at all; false means the patch can be skipped. */
    public static boolean changed(ExchangeSslOffloadStatus previous, ExchangeSslOffloadStatus next) {
        return !JSON.valueToTree(next).equals(previous == null ? null : JSON.valueToTree(previous));
    }

    private static ExchangeSslOffloadStatus status(long generation, List<Condition> conditions, List<ServerStatus> servers) {
        ExchangeSslOffloadStatus status = new ExchangeSslOffloadStatus();
        status.setObservedGeneration(generation);
        status.setConditions(new ArrayList<>(conditions));
        status.setServers(new ArrayList<>(servers));
        long ready = servers.stream().filter(StatusBuilder::serverReady).count();
        status.setSummary(ready + "/" + servers.size());
        return status;
    }

    private static boolean serverReady(ServerStatus server) {
        return Boolean.TRUE.equals(server.getReachable())
                && server.getConditions().stream().allMatch(c -> "True".equals(c.getStatus()));
    }

    private static ServerStatus reachedServer(ServerOutcome.Reached reached, ServerStatus before, long generation,
                                              Instant now, Verdicts verdicts) {
        ServerStatus server = new ServerStatus();
        server.setName(reached.name());
        server.setReachable(true);
        server.setExchangeBuild(reached.build().toString());
        server.setExchangeProduct(ExchangeProduct.describe(reached.build()));
        server.setServerConditions(List.of(buildSupported(before, reached.build(), generation, now)));
        List<String> problems = new ArrayList<>();
        for (ProtocolState state : reached.states().values()) {
            server.getConditions().add(serverCondition(before, state.protocol().specName(), state.status().name(),
                    state.reason().name(), state.message(), generation, now));
            if (state.status() == ProtocolState.Status.True) {
                continue; // Offloaded, or NotPresent: no such vdir on this server
            }
            String item = state.protocol().specName() + " " + state.reason().name() + deadlineNote(state, reached);
            problems.add(item);
            if (state.reason().stalls()) {
                verdicts.stalled(reached.name(), item, state.reason().name());
            } else if (state.reason().progressing()) {
                verdicts.reconciling(reached.name(), item, state.reason().name());
            } else {
                verdicts.held(state.reason().name());
            }
        }
        if (!problems.isEmpty()) {
            verdicts.notReady.add(reached.name(), String.join(", ", problems));
        }
        server.setOriginalSslFlags(originalSslFlags(before, reached.observedSslFlags()));
        server.setOutlookAnywhere(reached.progress().toStatus());
        if (!reached.pending().isEmpty()) {
            server.setPendingChanges(reached.pending().changes().stream()
                    .map(c -> new PendingChange(c.protocol().specName(), c.setting(), c.current(), c.desired()))
                    .collect(Collectors.toCollection(ArrayList::new)));
            server.setAppPoolsToRecycle(reached.pending().appPools().isEmpty() ? null : new ArrayList<>(reached.pending().appPools()));
        }
        return server;
    }

    /** The BuildSupported condition: a warning about the Exchange build that does not count for Ready. */
    private static Condition buildSupported(ServerStatus before, ExchangeBuild build, long generation, Instant now) {
        Optional<Condition> earlier = before == null ? Optional.empty() : find(before.getServerConditions(), BUILD_SUPPORTED);
        Optional<ExchangeProduct.Warning> warning = ExchangeProduct.supportWarning(build, now.atZone(ZoneOffset.UTC).toLocalDate());
        return warning.map(w -> newCondition(earlier, BUILD_SUPPORTED, "False", w.reason(), w.message(), generation, now))
                .orElseGet(() -> newCondition(earlier, BUILD_SUPPORTED, "True", "Supported",
                        "%s (%s) is supported and the newest update of its line known on %s"
                                .formatted(ExchangeProduct.describe(build), build, ExchangeProduct.KNOWN_AS_OF), generation, now));
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

    private static ServerStatus unreachedServer(ServerOutcome.Unreached unreached, ServerStatus before, long generation,
                                                Instant now, Verdicts verdicts) {
        ServerStatus server = new ServerStatus();
        server.setName(unreached.name());
        server.setReachable(false);
        String detail = truncate(unreached.message(), MAX_FAILURE_DETAIL);
        for (Protocol protocol : unreached.protocols()) {
            server.getConditions().add(serverCondition(before, protocol.specName(), "Unknown", Reason.Unreachable.name(),
                    unreached.reason() + ": " + detail, generation, now));
        }
        if (before != null) {
            // what we knew about the server stays true while we cannot look
            server.setExchangeBuild(before.getExchangeBuild());
            server.setExchangeProduct(before.getExchangeProduct());
            server.setServerConditions(before.getServerConditions());
            server.setOriginalSslFlags(new LinkedHashMap<>(before.getOriginalSslFlags()));
            server.setOutlookAnywhere(before.getOutlookAnywhere());
        }
        String item = unreached.reason() + " (" + detail + ")";
        verdicts.notReady.add(unreached.name(), item);
        if (unreached.stalls()) {
            verdicts.stalled(unreached.name(), item, unreached.reason());
        } else {
            verdicts.reconciling(unreached.name(), item, unreached.reason());
        }
        return server;
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

    /** A server's entry in a status, by name as Windows compares them (case-insensitive); null if absent. */
    public static ServerStatus previousServer(ExchangeSslOffloadStatus previous, String name) {
        if (previous == null || previous.getServers() == null) {
            return null;
        }
        return previous.getServers().stream()
                .filter(s -> name.equalsIgnoreCase(s.getName()))
                .findFirst().orElse(null);
    }

    private static Condition serverCondition(ServerStatus before, String type, String status, String reason,
                                             String message, long generation, Instant now) {
        Optional<Condition> earlier = before == null ? Optional.empty() : find(before.getConditions(), type);
        return newCondition(earlier, type, status, reason, message, generation, now);
    }

    private static Condition condition(ExchangeSslOffloadStatus previous, String type, String status, String reason,
                                       String message, long generation, Instant now) {
        Optional<Condition> earlier = previous == null ? Optional.empty() : find(previous.getConditions(), type);
        return newCondition(earlier, type, status, reason, message, generation, now);
    }

    static Condition newCondition(Optional<Condition> earlier, String type, String status, String reason,
                                          String message, long generation, Instant now) {
        String transition = earlier.filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElseGet(() -> Rfc3339.format(now));
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    private static String bounded(String message) {
        return truncate(message, MAX_MESSAGE);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Problems collected across servers, for the three top-level conditions. */
    private static final class Verdicts {
        final ServerList notReady = new ServerList();
        final ServerList reconciling = new ServerList();
        final ServerList stalled = new ServerList();
        String firstReconcilingReason;
        String firstStalledReason;
        /** Paused or ObserveOnly: neither progressing nor needing a person. */
        String firstHeldReason;

        void held(String reason) {
            firstHeldReason = firstHeldReason == null ? reason : firstHeldReason;
        }

        void reconciling(String server, String item, String reason) {
            reconciling.add(server, item);
            firstReconcilingReason = firstReconcilingReason == null ? reason : firstReconcilingReason;
        }

        void stalled(String server, String item, String reason) {
            stalled.add(server, item);
            firstStalledReason = firstStalledReason == null ? reason : firstStalledReason;
        }
    }

    /** "CAS01: a, b; CAS02: c", cut at {@link #MAX_MESSAGE} with "and N more" servers. */
    private static final class ServerList {
        private final Map<String, List<String>> itemsByServer = new LinkedHashMap<>();

        void add(String server, String item) {
            itemsByServer.computeIfAbsent(server, s -> new ArrayList<>()).add(item);
        }

        boolean isEmpty() {
            return itemsByServer.isEmpty();
        }

        String render() {
            List<String> parts = itemsByServer.entrySet().stream()
                    .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                    .toList();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                String part = (i > 0 ? "; " : "") + parts.get(i);
                int reserve = i < parts.size() - 1 ? MORE_RESERVE : 0;
                if (text.length() + part.length() + reserve > MAX_MESSAGE) {
                    if (i == 0) {
                        text.append(truncate(part, MAX_MESSAGE - MORE_RESERVE));
                        i++;
                    }
                    return i < parts.size() ? text + "; and " + (parts.size() - i) + " more" : text.toString();
                }
                text.append(part);
            }
            return text.toString();
        }
    }
}
