package io.ssloffload.operator.plan;

import io.ssloffload.operator.protocol.Protocol;

import java.util.Objects;

/** Where one protocol on one server stands; becomes one condition in the server's status. */
public record ProtocolState(Protocol protocol, Reason reason, String message) {

    public enum Status { True, False, Unknown }

    /** Condition reasons (CamelCase, as Kubernetes conditions spell them); each implies the status. */
    public enum Reason {
        Offloaded(Status.True, false),
        /** The location still requires SSL; the plan changes it. */
        SslRequired(Status.False, false),
        /** A change is being made whose outcome is not known yet. */
        Applying(Status.Unknown, false),
        /** Outlook Anywhere is right in AD; the Service Host has not copied it into IIS yet. */
        AwaitingPropagation(Status.False, false),
        /** The Service Host did not copy AD into IIS before the deadline: someone must look. */
        PropagationOverdue(Status.False, true),
        /** The protocol cannot be offloaded on this server; retrying will not change that. */
        Refused(Status.False, true),
        /**
         * The protocol's vdir does not exist on this server (the API vdir on Exchange 2013): nothing
         * to offload there, and nothing missing, so it counts as done.
         */
        NotPresent(Status.True, false, false),
        /**
         * Extended Protection is on in an in-scope vdir and spec.extendedProtection is Respect: nothing
         * is changed on the whole server until a person chooses (ExtendedProtection says the ways out).
         */
        ExtendedProtectionEnabled(Status.False, true),
        Unreachable(Status.Unknown, false),
        // A change the planner wants, held back (ServerStatus.pendingChanges says what it is):
        /** Other servers are being changed and spec.rollout.maxUnavailable is reached. */
        WaitingForRollout(Status.False, false),
        /** The resource carries the annotation ssloffload.io/paused: "true". */
        Paused(Status.False, false, false),
        /** spec.managementPolicy is ObserveOnly. */
        ObserveOnly(Status.False, false, false);

        private final Status status;
        private final boolean stalls;
        private final boolean progressing;

        Reason(Status status, boolean stalls) {
            this(status, stalls, !stalls);
        }

        Reason(Status status, boolean stalls, boolean progressing) {
            this.status = status;
            this.stalls = stalls;
            this.progressing = progressing;
        }

        /** True when the operator is working towards the desired state on its own (kstatus "Reconciling"). */
        public boolean progressing() {
            return progressing;
        }

        public Status status() {
            return status;
        }

        /** True when the operator cannot make progress on its own (kstatus "Stalled"). */
        public boolean stalls() {
            return stalls;
        }
    }

    public ProtocolState {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public Status status() {
        return reason.status();
    }
}
