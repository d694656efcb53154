package io.ssloffload.operator.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator has set out to do on one server and not yet seen through, recorded before
 * the first change is made (write-ahead). A step whose answer is lost (a timeout, a reset, the
 * operator killed) therefore stays here as "may have happened": the next reconcile checks it and
 * finishes it, instead of forgetting it or repeating it blindly. The server counts against the
 * rollout bound for as long as this is not empty. Times are whole seconds.
 *
 * @param since           when the first change of this round was recorded
 * @param appPoolsOwed    pools whose recycle is owed for sslFlags written (or about to be): done
 *                        once a recycle of them has answered
 * @param iisResetOwed    likewise, {@code iisreset /noforce} in place of the recycles
 * @param outlookAnywhere the Set-OutlookAnywhere whose change is on its way to Rpc's recycle, or null
 */
public record InFlight(Instant since, List<String> appPoolsOwed, boolean iisResetOwed, OutlookAnywhereIntent outlookAnywhere) {

    public static final InFlight NONE = new InFlight(null, List.of(), false, null);

    /**
     * @param fingerprint the desired settings set
     * @param setAt       when the set was (about to be) run
     * @param deadline    when the wait for the Service Host's pass ends
     * @param answered    the set's answer came back, or AD was read holding the settings since; while
     *                    false, the set may or may not have happened and AD is read to find out
     */
    public record OutlookAnywhereIntent(String fingerprint, Instant setAt, Instant deadline, boolean answered) {
        public OutlookAnywhereIntent {
            Objects.requireNonNull(fingerprint, "fingerprint");
            setAt = Rfc3339.truncate(setAt);
            deadline = Rfc3339.truncate(deadline);
        }
    }

    public InFlight {
        since = Rfc3339.truncate(since);
        appPoolsOwed = List.copyOf(appPoolsOwed);
    }

    public boolean isEmpty() {
        return appPoolsOwed.isEmpty() && !iisResetOwed && outlookAnywhere == null;
    }

    /** This record with {@code more} owed as well; {@code since} stays the first change's. */
    public InFlight and(InFlight more) {
        List<String> pools = new ArrayList<>(appPoolsOwed);
        more.appPoolsOwed.stream().filter(pool -> !pools.contains(pool)).forEach(pools::add);
        InFlight merged = new InFlight(since != null ? since : more.since, pools, iisResetOwed || more.iisResetOwed,
                more.outlookAnywhere != null ? more.outlookAnywhere : outlookAnywhere);
        return merged.isEmpty() ? NONE : merged;
    }

    /** The recycles (or the IIS reset) have answered: nothing of them is owed any more. */
    public InFlight recyclesDone() {
        return of(since, List.of(), false, outlookAnywhere);
    }

    /** Set-OutlookAnywhere answered, or AD was read holding its settings. */
    public InFlight outlookAnywhereAnswered() {
        return outlookAnywhere == null ? this : of(since, appPoolsOwed, iisResetOwed, new OutlookAnywhereIntent(
                outlookAnywhere.fingerprint(), outlookAnywhere.setAt(), outlookAnywhere.deadline(), true));
    }

    /** Rpc's pool was recycled after the Service Host copied the change: the round trip is over. */
    public InFlight outlookAnywhereDone() {
        return of(since, appPoolsOwed, iisResetOwed, null);
    }

    private static InFlight of(Instant since, List<String> pools, boolean iisReset, OutlookAnywhereIntent outlookAnywhere) {
        InFlight next = new InFlight(since, pools, iisReset, outlookAnywhere);
        return next.isEmpty() ? NONE : next;
    }
}
