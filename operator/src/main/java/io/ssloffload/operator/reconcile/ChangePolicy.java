package io.ssloffload.operator.reconcile;

import io.ssloffload.operator.plan.ProtocolState;

import java.util.Optional;

/**
 * What this reconcile may change: nothing (observe-only, paused), or at most
 * {@code maxUnavailable} servers being changed at once.
 *
 * @param hold           when present, every change is held back with this reason and why
 * @param maxUnavailable the rollout bound, as a count of servers
 * @param restartServiceHost spec.propagation.strategy RestartServiceHost: a server that gets Outlook
 *                        Anywhere set has its Service Host restarted (so only servers the rollout admits)
 */
public record ChangePolicy(Optional<Hold> hold, int maxUnavailable, boolean restartServiceHost) {

    public record Hold(ProtocolState.Reason reason, String why) {
    }

    /** Every server may change at once (tests of the engine without a rollout). */
    static ChangePolicy unbounded() {
        return new ChangePolicy(Optional.empty(), Integer.MAX_VALUE, false);
    }
}
