package io.ssloffload.operator.remote;

import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only door to one Client Access Server. The reconciler never sees WinRM, SOAP or
 * PowerShell: it observes and applies through this interface. Every call has a deadline and
 * fails with {@link CasException} rather than hanging.
 */
public interface CasSession extends AutoCloseable {

    /**
     * One powershell.exe: the Exchange build (ExSetup's file version) and, for each protocol in scope,
     * effective sslFlags and Extended Protection in Default Web Site, or that its vdir does not exist
     * there; and, when {@code outlookAnywhereOf} names a server, its Outlook Anywhere settings read from
     * AD in an Exchange session (slow: seconds). Without it, no Exchange session and no Outlook Anywhere.
     */
    ServerObservation observe(Set<Protocol> scope, Optional<String> outlookAnywhereOf);

    /** {@link #observe(Set, Optional)} without Exchange: what a drift check needs. */
    default ServerObservation observe(Set<Protocol> scope) {
        return observe(scope, Optional.empty());
    }

    /** Opens an Exchange session (slow: seconds) to read {@code serverName}'s Outlook Anywhere settings from AD. */
    OutlookAnywhereSettings readOutlookAnywhere(String serverName);

    /**
     * One powershell.exe for a server's changes, in this order: sslFlags and Extended Protection's
     * tokenChecking written at Default Web Site locations and the given app pools recycled; then
     * Set-OutlookAnywhere, when the change has one, in one Exchange session that also reads the
     * settings just before and just after; then, when {@link Change#observeAfter} is not empty, those
     * protocols observed again. One process instead of three: on a real server each start costs a
     * second and each Exchange session several.
     */
    Changed change(Change change);

    /**
     * @param outlookAnywhere Set-OutlookAnywhere for {@code serverName}'s Rpc vdir, always with
     *                        {@code -SSLOffloading $true}; empty: AD is not touched
     * @param observeAfter    the protocols to observe once the change is made; empty: none
     */
    record Change(Map<String, SslFlags> sslFlagsByLocation, Map<String, String> tokenCheckingByLocation,
                  List<String> appPoolsToRecycle, String serverName, Optional<OutlookAnywhereSettings> outlookAnywhere,
                  Set<Protocol> observeAfter) {

        /** IIS only: writes and recycles, nothing observed after. */
        public static Change iis(Map<String, SslFlags> sslFlagsByLocation, Map<String, String> tokenCheckingByLocation,
                                 List<String> appPoolsToRecycle) {
            return new Change(sslFlagsByLocation, tokenCheckingByLocation, appPoolsToRecycle, null, Optional.empty(), Set.of());
        }
    }

    /**
     * @param outlookAnywhere what AD held around the Set-OutlookAnywhere, when the change had one
     * @param observation     the protocols of {@link Change#observeAfter}, observed after the change
     */
    record Changed(Optional<OutlookAnywhereWrite> outlookAnywhere, Optional<ServerObservation> observation) {
    }

    /**
     * {@link #change}'s IIS part was made (written, pools recycled) but its Set-OutlookAnywhere failed:
     * what IIS owes is settled, what Outlook Anywhere owes is not.
     */
    final class OutlookAnywhereNotSet extends CasException {
        public OutlookAnywhereNotSet(String message) {
            super(Kind.REMOTE_ERROR, message);
        }
    }

    /** {@code iisreset /noforce}: only when the user asked for it instead of app pool recycles. */
    void iisReset();

    /**
     * What AD held around one Set-OutlookAnywhere, read in its own Exchange session (which
     * talks to one domain controller, so the read after sees the write).
     *
     * @param before as held just before the set: what the operator found there, when it had not read AD
     * @param after  as held just after: what the set left
     */
    record OutlookAnywhereWrite(OutlookAnywhereSettings before, OutlookAnywhereSettings after) {
    }

    /**
     * Set-OutlookAnywhere back to settings as first read, all of them: SSLOffloading (which may be
     * $false), hostnames, RequireSsl, client authentication and IIS authentication methods.
     */
    void restoreOutlookAnywhere(String serverName, OutlookAnywhereSettings original);

    /** How many command deadlines {@link #restartServiceHost} may take: stopping Exchange's service host is slow. */
    int SERVICE_RESTART_COMMANDS = 3;

    /**
     * Restarts MSExchangeServiceHost (spec.propagation.strategy RestartServiceHost): its start-up
     * pass copies Outlook Anywhere from AD into IIS at once, under {@link #SERVICE_RESTART_COMMANDS}
     * command deadlines.
     */
    void restartServiceHost();

    /** Releases the session; closing it again does nothing. */
    @Override
    void close();
}
