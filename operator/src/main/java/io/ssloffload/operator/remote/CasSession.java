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
     * Reads the Exchange build and, for each protocol in scope, effective sslFlags and Extended
     * Protection in Default Web Site. With {@code readOutlookAnywhere} also opens an Exchange
     * session (slow) to read the server's Outlook Anywhere settings from AD.
     */
    ServerObservation observe(Set<Protocol> scope, boolean readOutlookAnywhere);

    /** Writes sslFlags at the given Default Web Site locations, then recycles the given app pools. */
    void applyIis(Map<String, SslFlags> sslFlagsByLocation, List<String> appPoolsToRecycle);

    /** {@code iisreset /noforce}: only when the user asked for it instead of app pool recycles. */
    void iisReset();

    /** Set-OutlookAnywhere for {@code serverName}'s Rpc vdir, always with {@code -SSLOffloading $true}. */
    void setOutlookAnywhere(String serverName, OutlookAnywhereSettings desired);

    @Override
    void close();
}
