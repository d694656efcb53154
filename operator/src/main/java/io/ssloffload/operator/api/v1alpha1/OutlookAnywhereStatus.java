package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a server is in the Outlook Anywhere round trip: AD changed → Service Host pass copies it
 * into IIS → the RPC proxy pool is recycled once. Times are RFC 3339 strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutlookAnywhereStatus {

    /** When the operator last changed the settings in AD (Set-OutlookAnywhere). */
    private String adChangedTime;

    /** adChangedTime + spec.propagation.timeout: after it the protocol is PropagationOverdue. */
    private String propagationDeadline;

    /** When MSExchangeRpcProxyFrontEndAppPool was recycled after the change reached IIS. */
    private String rpcPoolRecycledTime;

    /** Fingerprint of the desired settings last confirmed in AD; AD is re-read when it changes. */
    private String confirmedSettings;

    /**
     * When AD was last read (or written) and held the desired settings. AD is read again once this
     * is older than the AD verification interval (one hour), so hand edits in AD are found.
     */
    private String adVerifiedTime;

    public String getAdChangedTime() {
        return adChangedTime;
    }

    public void setAdChangedTime(String adChangedTime) {
        this.adChangedTime = adChangedTime;
    }

    public String getPropagationDeadline() {
        return propagationDeadline;
    }

    public void setPropagationDeadline(String propagationDeadline) {
        this.propagationDeadline = propagationDeadline;
    }

    public String getRpcPoolRecycledTime() {
        return rpcPoolRecycledTime;
    }

    public void setRpcPoolRecycledTime(String rpcPoolRecycledTime) {
        this.rpcPoolRecycledTime = rpcPoolRecycledTime;
    }

    public String getConfirmedSettings() {
        return confirmedSettings;
    }

    public void setConfirmedSettings(String confirmedSettings) {
        this.confirmedSettings = confirmedSettings;
    }

    public String getAdVerifiedTime() {
        return adVerifiedTime;
    }

    public void setAdVerifiedTime(String adVerifiedTime) {
        this.adVerifiedTime = adVerifiedTime;
    }
}
