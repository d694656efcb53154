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
 * @param adVerifiedAt       when AD was last read (or written) holding them, or null
 */
public record OutlookAnywhereProgress(
        Instant adChangedAt,
        Instant propagationDeadline,
        Instant rpcPoolRecycledAt,
        String confirmedSettings,
        Instant adVerifiedAt) {

    public static final OutlookAnywhereProgress NONE = new OutlookAnywhereProgress(null, null, null, null, null);

    public OutlookAnywhereProgress {
        adChangedAt = Rfc3339.truncate(adChangedAt);
        propagationDeadline = Rfc3339.truncate(propagationDeadline);
        rpcPoolRecycledAt = Rfc3339.truncate(rpcPoolRecycledAt);
        adVerifiedAt = Rfc3339.truncate(adVerifiedAt);
    }

    /** A wait for the Service Host began and the pool has not been recycled since. */
    public boolean inFlight() {
        return propagationDeadline != null && rpcPoolRecycledAt == null;
    }

    /** The wait for the Service Host began past its deadline and AD has not been read since. */
    public boolean overdueUnverified(Instant now) {
        return inFlight() && now.isAfter(propagationDeadline)
                && (adVerifiedAt == null || !adVerifiedAt.isAfter(propagationDeadline));
    }

    /** AD was set now; the Service Host must copy it into IIS by {@code deadline}. */
    OutlookAnywhereProgress adChanged(Instant now, Instant deadline, String fingerprint) {
        return new OutlookAnywhereProgress(now, deadline, null, fingerprint, now);
    }

    /** AD was set now, with nothing the Service Host copies into IIS changing: no wait, no recycle. */
    OutlookAnywhereProgress adChangedOutsideIis(Instant now, String fingerprint) {
        return new OutlookAnywhereProgress(now, null, null, fingerprint, now);
    }

    OutlookAnywhereProgress waitingUntil(Instant deadline) {
        return new OutlookAnywhereProgress(adChangedAt, deadline, null, confirmedSettings, adVerifiedAt);
    }

    OutlookAnywhereProgress recycled(Instant now) {
        return new OutlookAnywhereProgress(adChangedAt, propagationDeadline, now, confirmedSettings, adVerifiedAt);
    }

    /** AD was read now and holds the settings of {@code fingerprint}. */
    OutlookAnywhereProgress confirmed(String fingerprint, Instant now) {
        return new OutlookAnywhereProgress(adChangedAt, propagationDeadline, rpcPoolRecycledAt, fingerprint, now);
    }

    /**
     * This memory with the Set-OutlookAnywhere recorded before it was run, which wins over what
     * status says: in flight from the set until Rpc's recycle. While the set's answer is unknown,
     * the settings count as unconfirmed, so that AD is read to find out whether it happened.
     */
    public OutlookAnywhereProgress with(InFlight.OutlookAnywhereIntent intent) {
        if (intent == null) {
            return this;
        }
        boolean known = intent.answered();
        Instant verified = !known ? adVerifiedAt
                : adVerifiedAt == null || adVerifiedAt.isBefore(intent.setAt()) ? intent.setAt() : adVerifiedAt;
        return new OutlookAnywhereProgress(intent.setAt(), intent.deadline(), null, known ? intent.fingerprint() : null,
                verified);
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
                status.getConfirmedSettings(),
                Rfc3339.parse(status.getAdVerifiedTime()).orElse(null));
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
        status.setAdVerifiedTime(adVerifiedAt == null ? null : Rfc3339.format(adVerifiedAt));
        return status;
    }
}
