package io.ssloffload.operator.reconcile;

/**
 * Every reason an Event of the operator carries (what {@code kubectl describe} and
 * {@code kubectl get events --field-selector reason=...} show). One enum, so that alerts and
 * scripts can rely on the names.
 */
public enum EventReason {
    /** sslFlags written in Default Web Site (and the changed protocols' pools recycled). */
    SslOffloaded(false),
    /** MSExchangeRpcProxyFrontEndAppPool recycled once Outlook Anywhere reached IIS. */
    AppPoolsRecycled(false),
    IisReset(false),
    /** Set-OutlookAnywhere in Active Directory. */
    OutlookAnywhereSet(false),
    /** spec.propagation.strategy RestartServiceHost: MSExchangeServiceHost restarted to apply Outlook Anywhere at once. */
    ServiceHostRestarted(false),
    /** The Service Host copied Outlook Anywhere into IIS. */
    PropagationLanded(false),
    /** The Service Host did not copy Outlook Anywhere into IIS before the deadline. */
    PropagationOverdue(true),
    /**
     * spec.extendedProtection TurnOff: Extended Protection set to None on Default Web Site vdirs; a
     * Warning because it lowers the server's protection (HealthChecker flags the CVEs it names).
     */
    ExtendedProtectionTurnedOff(true),
    /** spec.extendedProtection Respect: a server with Extended Protection on is held as a whole until a person chooses. */
    ExtendedProtectionEnabled(true),
    /** A protocol the operator will not offload on a server, or a resource it will not act on (spec, Secret). */
    Refused(true),
    ServerUnreachable(true),
    ServerRecovered(false),
    /** Deletion with Restore: a server put back as first observed. */
    Restored(false),
    /** Deletion with Restore: a server could not be put back yet; retried with backoff. */
    RestoreFailed(true),
    /** The force-delete annotation let the resource go without restoring. */
    ForcedRemoval(true);

    private final boolean warning;

    EventReason(boolean warning) {
        this.warning = warning;
    }

    /** The Event's type: Warning for what a person should look at, else Normal. */
    public String type() {
        return warning ? "Warning" : "Normal";
    }
}
