package io.ssloffload.operator.status;

import io.ssloffload.operator.plan.ExchangeBuild;
import io.ssloffload.operator.plan.OutlookAnywhereProgress;
import io.ssloffload.operator.plan.PendingChanges;
import io.ssloffload.operator.plan.ProtocolState;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** How one reconcile went on one server, as the status builder needs it. */
public sealed interface ServerOutcome {

    String name();

    /**
     * The server answered.
     *
     * @param states           per protocol, from the planner's verdict after verifying
     * @param observedSslFlags sslFlags as found BEFORE this reconcile changed anything (they become
     *                         the originals the first time a protocol is seen)
     * @param pending          what would change but was held back (observe-only, paused, rollout)
     */
    record Reached(String name, ExchangeBuild build, Map<Protocol, ProtocolState> states,
                   OutlookAnywhereProgress progress, Map<Protocol, SslFlags> observedSslFlags,
                   PendingChanges pending) implements ServerOutcome {
        public Reached(String name, ExchangeBuild build, Map<Protocol, ProtocolState> states,
                       OutlookAnywhereProgress progress, Map<Protocol, SslFlags> observedSslFlags) {
            this(name, build, states, progress, observedSslFlags, PendingChanges.NONE);
        }

        public Reached {
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(build, "build");
            Objects.requireNonNull(progress, "progress");
            states = Collections.unmodifiableMap(states.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(states));
            observedSslFlags = Collections.unmodifiableMap(
                    observedSslFlags.isEmpty() ? new EnumMap<>(Protocol.class) : new EnumMap<>(observedSslFlags));
        }
    }

    /**
     * The server could not be talked to (or refused the credentials).
     *
     * @param reason    CamelCase, e.g. Unreachable, AuthenticationFailed
     * @param stalls    retrying with the same credentials and spec will not help
     * @param message   why, free of secrets (it goes into status)
     * @param protocols the protocols it would report (scope and refused), for their Unknown conditions
     */
    record Unreached(String name, String reason, boolean stalls, String message, Set<Protocol> protocols)
            implements ServerOutcome {
        public Unreached {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            protocols = Collections.unmodifiableSet(protocols.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(protocols));
        }
    }
}
