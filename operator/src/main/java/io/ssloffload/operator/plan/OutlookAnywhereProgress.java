package io.ssloffload.operator.plan;

import io.ssloffload.operator.api.v1alpha1.OutlookAnywhereStatus;

import java.time.Instant;

/**
 * What the operator remembers (in status) about one server's Outlook Anywhere round trip:
 * AD changed → the Service Host copies it into IIS → the RPC proxy pool is recycled once.
 * Times are whole seconds so that they survive the trip through status unchanged.
 *
 * @param adChangedAt        when the operator last ran Set-OutlookAnywhere, or null
 * @param propagationDeadline when the current wait for the Service Host ends, or null if none began
 * @param rpcPoolRecycledAt  when MSExchangeRpcProxyFrontEndAppPool was recycled after the wait, or null
 * @param confirmedSettings  fingerprint of the desired settings last seen (or written) in AD, or null
 */
public record OutlookAnywhereProgress(
        Instant adChangedAt,
        Instant propagationDeadline,
        Instant rpcPoolRecycledAt,
        String confirmedSettings) {

    public static final OutlookAnywhereProgress NONE = new OutlookAnywhereProgress(null, null, null, null);

    public OutlookAnywhereProgress {
        adChangedAt = Rfc3339.truncate(adChangedAt);
        propagationDeadline = Rfc3339.truncate(propagationDeadline);
        rpcPoolRecycledAt = Rfc3339.truncate(rpcPoolRecycledAt);
    }

    /** A wait for the Service Host began and the pool has not been recycled since. */
    public boolean inFlight() {
        return propagationDeadline != null && rpcPoolRecycledAt == null;
    }

    OutlookAnywhereProgress adChanged(Instant now, Instant deadline, String fingerprint) {
        return new OutlookAnywhereProgress(now, deadline, null, fingerprint);
    }

    OutlookAnywhereProgress waitingUntil(Instant deadline) {
        return new OutlookAnywhereProgress(adChangedAt, deadline, null, confirmedSettings);
    }

    OutlookAnywhereProgress recycled(Instant now) {
        return new OutlookAnywhereProgress(adChangedAt, propagationDeadline, now, confirmedSettings);
    }

    OutlookAnywhereProgress confirmed(String fingerprint) {
        return new OutlookAnywhereProgress(adChangedAt, propagationDeadline, rpcPoolRecycledAt, fingerprint);
    }

    /**
     * Reads the memory back from status; null gives {@link #NONE}. A time that does not parse (a
     * hand edit) is treated as absent: the worst outcome is one extra AD read or wait.
     */
    public static OutlookAnywhereProgress fromStatus(OutlookAnywhereStatus status) {
        if (status == null) {
            return NONE;
        }
        return new OutlookAnywhereProgress(
                Rfc3339.parse(status.getAdChangedTime()).orElse(null),
                Rfc3339.parse(status.getPropagationDeadline()).orElse(null),
                Rfc3339.parse(status.getRpcPoolRecycledTime()).orElse(null),
                status.getConfirmedSettings());
    }

    /** The status form; null when there is nothing to remember. */
    public OutlookAnywhereStatus toStatus() {
        if (equals(NONE)) {
            return null;
        }
        OutlookAnywhereStatus status = new OutlookAnywhereStatus();
        status.setAdChangedTime(adChangedAt == null ? null : Rfc3339.format(adChangedAt));
        status.setPropagationDeadline(propagationDeadline == null ? null : Rfc3339.format(propagationDeadline));
        status.setRpcPoolRecycledTime(rpcPoolRecycledAt == null ? null : Rfc3339.format(rpcPoolRecycledAt));
        status.setConfirmedSettings(confirmedSettings);
        return status;
    }
}
