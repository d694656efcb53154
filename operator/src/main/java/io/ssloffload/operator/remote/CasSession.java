package io.ssloffload.operator.remote;

import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only door to one Client Access Server. The reconciler never sees WinRM, SOAP or
 * PowerShell: it observes and applies through this interface. Every call has a deadline and
 * fails with {@link CasException} rather than hanging.
 */
public interface CasSession extends AutoCloseable {

    /**
     * One round trip, no Exchange session: the Exchange build (ExSetup's file version) and, for each
     * protocol in scope, effective sslFlags and Extended Protection in Default Web Site, or that its
     * vdir does not exist there. The result holds no Outlook Anywhere settings.
     */
    ServerObservation observe(Set<Protocol> scope);

    /** Opens an Exchange session (slow: seconds) to read {@code serverName}'s Outlook Anywhere settings from AD. */
    OutlookAnywhereSettings readOutlookAnywhere(String serverName);

    /**
     * Writes sslFlags and Extended Protection's tokenChecking at the given Default Web Site locations,
     * then recycles the given app pools.
     */
    void applyIis(Map<String, SslFlags> sslFlagsByLocation, Map<String, String> tokenCheckingByLocation,
                  List<String> appPoolsToRecycle);

    /** {@code iisreset /noforce}: only when the user asked for it instead of app pool recycles. */
    void iisReset();

    /**
     * Set-OutlookAnywhere for {@code serverName}'s Rpc vdir, always with {@code -SSLOffloading $true},
     * in one Exchange session that also reads the settings just before and just after.
     */
    OutlookAnywhereWrite setOutlookAnywhere(String serverName, OutlookAnywhereSettings desired);

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
