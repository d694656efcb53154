package io.ssloffload.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.ssloffload.operator.api.v1alpha1.CoexistenceStatus;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffloadStatus;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.operator.protocol.Protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.ssloffload.operator.status.ServerProblem.Course.HELD_BACK;
import static io.ssloffload.operator.status.ServerProblem.Course.IN_PROGRESS;
import static io.ssloffload.operator.status.ServerProblem.Course.NEEDS_A_PERSON;

/**
 * The resource status of one reconcile, from everything it found: each finding is added as it is
 * made, and {@link #build()} alone decides the status, top-level conditions included. Pure: built
 * from the previous status, so an unchanged world yields an equal status and the reconciler can
 * skip the patch ({@link #changed}).
 */
public final class StatusBuilder {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    /** The reason while a resource's servers are read for the first time. */
    public static final String OBSERVING = "Observing";
    /** The reason while a deletion with Restore waits for a server to be put back. */
    public static final String RESTORING = "Restoring";

    private static final String NOT_STALLED = "NotStalled";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExchangeSslOffloadStatus previous;
    private final Conditions conditions;
    private final long generation;
    private final Instant now;

    // What stopped the reconcile before any server answered: the servers keep what they last showed.
    private Blocker blocker;
    private String restoreProblems;
    private boolean firstSeen;

    // What the servers said.
    private List<ServerOutcome> outcomes;
    private Map<String, Map<Protocol, HealthCheckAnswer>> healthChecks = Map.of();
    private String rollout;
    private String propagationStrategy;
    private CoexistenceStatus coexistence;

    /**
     * @param previous   the status as last written, or null
     * @param generation metadata.generation of the resource this reconcile acted on
     */
    public StatusBuilder(ExchangeSslOffloadStatus previous, long generation, Instant now) {
        this.previous = previous;
        this.conditions = new Conditions(generation, now);
        this.generation = generation;
        this.now = now;
    }

    /** The status of a reconcile that stopped before any server: shorthand for {@link #blocked(Blocker)}. */
    public static ExchangeSslOffloadStatus blocked(ExchangeSslOffloadStatus previous, long generation, Blocker blocker,
                                                   Instant now) {
        return new StatusBuilder(previous, generation, now).blocked(blocker).build();
    }

    /** Something only a person can fix stopped the reconcile before any server: Stalled. */
    public StatusBuilder blocked(Blocker blocker) {
        this.blocker = Objects.requireNonNull(blocker, "blocker");
        return this;
    }

    /**
     * The resource is deleted with Restore and a server cannot be put back yet: the deletion
     * retries by itself, so Reconciling, not Stalled.
     */
    public StatusBuilder restoring(String problems) {
        this.restoreProblems = Objects.requireNonNull(problems, "problems");
        return this;
    }

    /**
     * The resource is first seen and no server was contacted yet: kstatus (Flux's {@code wait})
     * reads a resource with no status as Current, so the status says at once that it is reconciling
     * this generation.
     */
    public StatusBuilder firstSeen() {
        this.firstSeen = true;
        return this;
    }

    /** How the reconcile went on each server, in spec order. */
    public StatusBuilder servers(List<ServerOutcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
        return this;
    }

    /**
     * What the servers' healthcheck.htm answered the probes a load balancer makes. A server not
     * probed (unreached, nothing offloaded) keeps what it last showed.
     *
     * @param answers server name → protocol → answer
     */
    public StatusBuilder healthChecks(Map<String, Map<Protocol, HealthCheckAnswer>> answers) {
        this.healthChecks = Map.copyOf(answers);
        return this;
    }

    /** The rollout's line, or null when nothing is to change. */
    public StatusBuilder rollout(String rollout) {
        this.rollout = rollout;
        return this;
    }

    /** spec.propagation.strategy in effect for Outlook Anywhere, or null when it is not in scope. */
    public StatusBuilder propagationStrategy(String strategy) {
        this.propagationStrategy = strategy;
        return this;
    }

    /** How each protocol reaches the legacy servers, or null. */
    public StatusBuilder coexistence(CoexistenceStatus coexistence) {
        this.coexistence = coexistence;
        return this;
    }

    /** The status from every finding added; nothing is set on it afterwards. */
    public ExchangeSslOffloadStatus build() {
        List<ServerEntry> entries = outcomes == null ? List.of() : outcomes.stream().map(this::entry).toList();
        // Without outcomes no server was contacted: the servers keep what they last showed.
        List<ServerStatus> servers = outcomes != null ? entries.stream().map(ServerEntry::status).toList()
                : previous == null ? List.of() : previous.getServers();
        ServerProblems problems = new ServerProblems(entries.stream().flatMap(e -> e.problems().stream()).toList());

        ExchangeSslOffloadStatus status = new ExchangeSslOffloadStatus();
        status.setObservedGeneration(generation);
        status.setConditions(new ArrayList<>(decide(problems, servers.size()).stamped(conditions, previous)));
        status.setServers(new ArrayList<>(servers));
        status.setSummary(servers.stream().filter(StatusBuilder::serverReady).count() + "/" + servers.size());
        status.setRollout(rollout);
        status.setPropagationStrategy(propagationStrategy);
        List<String> divergence = outcomes == null ? List.of() : Divergence.of(outcomes);
        status.setDivergence(divergence.isEmpty() ? null : divergence);
        status.setCoexistence(coexistence);
        return status;
    }

    private ServerEntry entry(ServerOutcome outcome) {
        return ServerEntry.of(outcome, previousServer(previous, outcome.name()),
                healthChecks.getOrDefault(outcome.name(), Map.of()), conditions, now);
    }

    /**
     * The one place the top-level conditions are decided. What stopped the reconcile before any
     * server outranks what servers said: a blocker (only a person can help), then a deletion being
     * restored, then a resource not looked at yet.
     */
    private TopLevel decide(ServerProblems problems, int servers) {
        if (blocker != null) {
            String message = BoundedText.bounded(blocker.message());
            return new TopLevel(
                    new Verdict("False", blocker.reason(), message),
                    new Verdict("False", blocker.reason(), "waiting for the resource to be fixed"),
                    new Verdict("True", blocker.reason(), message));
        }
        if (restoreProblems != null) {
            String message = BoundedText.bounded("deleted with deletionPolicy Restore; retrying with backoff: " + restoreProblems);
            return new TopLevel(
                    new Verdict("False", RESTORING, message),
                    new Verdict("True", RESTORING, message),
                    new Verdict("False", NOT_STALLED, "the deletion retries by itself"));
        }
        if (firstSeen) {
            String message = "reading the servers for the first time";
            return new TopLevel(
                    new Verdict("False", OBSERVING, message),
                    new Verdict("True", OBSERVING, message),
                    new Verdict("False", NOT_STALLED, "nothing needs a person"));
        }
        Optional<String> stalledReason = problems.firstReason(NEEDS_A_PERSON);
        Optional<String> reconcilingReason = problems.firstReason(IN_PROGRESS);
        Verdict ready = problems.none()
                ? new Verdict("True", "Offloaded", "SSL offloading is in effect on all " + servers + " servers")
                : new Verdict("False", stalledReason.or(() -> reconcilingReason).or(() -> problems.firstReason(HELD_BACK))
                .orElseThrow(), problems.describe());
        Verdict reconciling = reconcilingReason.map(reason -> new Verdict("True", reason, problems.describe(IN_PROGRESS)))
                .orElse(new Verdict("False", "Settled", "no change is in progress"));
        Verdict stalled = stalledReason.map(reason -> new Verdict("True", reason, problems.describe(NEEDS_A_PERSON)))
                .orElse(new Verdict("False", NOT_STALLED, "nothing needs a person"));
        return new TopLevel(ready, reconciling, stalled);
    }

    /** A top-level condition as decided, before its generation and transition time are stamped. */
    private record Verdict(String status, String reason, String message) {
    }

    /** The top-level conditions, one component each: a new one is added here and decided in {@link #decide}. */
    private record TopLevel(Verdict ready, Verdict reconciling, Verdict stalled) {

        List<Condition> stamped(Conditions conditions, ExchangeSslOffloadStatus previous) {
            List<Condition> before = previous == null ? null : previous.getConditions();
            return List.of(
                    conditions.next(before, READY, ready.status(), ready.reason(), ready.message()),
                    conditions.next(before, RECONCILING, reconciling.status(), reconciling.reason(), reconciling.message()),
                    conditions.next(before, STALLED, stalled.status(), stalled.reason(), stalled.message()));
        }
    }

    private static boolean serverReady(ServerStatus server) {
        return Boolean.TRUE.equals(server.getReachable())
                && server.getConditions().stream().allMatch(c -> "True".equals(c.getStatus()));
    }

    /** Whether {@code next} differs from {@code previous} at all; false means the patch can be skipped. */
    public static boolean changed(ExchangeSslOffloadStatus previous, ExchangeSslOffloadStatus next) {
        return !JSON.valueToTree(next).equals(previous == null ? null : JSON.valueToTree(previous));
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
}
