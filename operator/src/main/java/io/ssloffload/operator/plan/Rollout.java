package io.ssloffload.operator.plan;

import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which servers may be changed in this reconcile, so that at no moment more than
 * {@code spec.rollout.maxUnavailable} servers are being changed. A server is being changed from
 * the moment the operator records its first change (before making it) until its last follow-up
 * (the recycle owed) is done: whatever failed in between (a lost answer, propagation overdue, the
 * server unreachable half-way), it keeps its place, finishes, and stops the rollout from
 * spreading. A server that was only unreachable, with nothing of the operator's in flight, is not
 * being changed. Pure; servers are taken in spec order so that the same world always admits the
 * same servers.
 */
public final class Rollout {

    public static final int DEFAULT_MAX_UNAVAILABLE = 1;

    private Rollout() {
    }

    /**
     * @param wantsChange   the plan changes something there
     * @param beingChanged  a change of the operator's is in flight there: it counts against the
     *                      bound whether or not it is changed now, and may always go on
     * @param why           what is in flight (for the status), or null
     */
    public record Candidate(String server, boolean wantsChange, boolean beingChanged, String why) {
    }

    /** What the rollout decided: who changes now, who waits, and a line for status (null when nothing waits). */
    public record Decision(Set<String> admitted, List<String> waiting, String summary) {
        public boolean admits(String server) {
            return admitted.contains(server);
        }
    }

    /** The bound as a count of servers: a count as given, a percentage rounded down, never below one. */
    public static int maxUnavailable(IntOrString spec, int servers) {
        if (spec == null) {
            return DEFAULT_MAX_UNAVAILABLE;
        }
        if (spec.getIntVal() != null) {
            return Math.max(1, spec.getIntVal());
        }
        String value = spec.getStrVal().trim();
        if (value.endsWith("%")) {
            int percent = Integer.parseInt(value.substring(0, value.length() - 1));
            return Math.max(1, servers * percent / 100);
        }
        return Math.max(1, Integer.parseInt(value));
    }

    /** Whether a spec value is one {@link #maxUnavailable} understands and that is at least one server. */
    public static boolean valid(IntOrString spec) {
        if (spec == null) {
            return true;
        }
        if (spec.getIntVal() != null) {
            return spec.getIntVal() >= 1;
        }
        return spec.getStrVal() != null
                && spec.getStrVal().matches(io.ssloffload.operator.api.v1alpha1.RolloutSpec.MAX_UNAVAILABLE_PATTERN);
    }

    public static Decision decide(List<Candidate> candidates, int maxUnavailable) {
        Set<String> admitted = new LinkedHashSet<>();
        List<String> inFlightNotes = new ArrayList<>();
        Set<String> inFlightServers = new LinkedHashSet<>();
        for (Candidate candidate : candidates) {
            if (candidate.beingChanged()) {
                inFlightServers.add(candidate.server());
                inFlightNotes.add(candidate.server() + (candidate.why() == null ? "" : " (" + candidate.why() + ")"));
                if (candidate.wantsChange()) {
                    admitted.add(candidate.server());
                }
            }
        }
        int free = maxUnavailable - inFlightServers.size();
        List<String> waiting = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.wantsChange() && !candidate.beingChanged()) {
                if (free > 0) {
                    admitted.add(candidate.server());
                    free--;
                } else {
                    waiting.add(candidate.server());
                }
            }
        }
        String summary = null;
        // Only a wait is worth a line: what is being changed, the servers' own conditions say.
        if (!waiting.isEmpty()) {
            List<String> changing = candidates.stream().map(Candidate::server)
                    .filter(s -> admitted.contains(s) && !inFlightServers.contains(s))
                    .toList();
            List<String> parts = new ArrayList<>();
            if (!inFlightNotes.isEmpty()) {
                parts.add("being changed: " + String.join(", ", inFlightNotes));
            }
            if (!changing.isEmpty()) {
                parts.add("changing now: " + String.join(", ", changing));
            }
            if (!waiting.isEmpty()) {
                parts.add("waiting: " + String.join(", ", waiting));
            }
            summary = "maxUnavailable " + maxUnavailable + " of " + candidates.size() + " servers; "
                    + String.join("; ", parts);
        }
        return new Decision(Set.copyOf(admitted), List.copyOf(waiting), summary);
    }
}
