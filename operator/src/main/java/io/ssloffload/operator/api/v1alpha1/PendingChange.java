package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One change the operator would make on a server but is not making (ObserveOnly, paused, waiting for the rollout). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PendingChange {

    /** The protocol, as spec.protocols names it. */
    private String protocol;

    /** What is changed: sslFlags (IIS), or an Outlook Anywhere setting in Active Directory, or appPool (a recycle). */
    private String setting;

    private String current;

    private String desired;

    public PendingChange() {
    }

    public PendingChange(String protocol, String setting, String current, String desired) {
        this.protocol = protocol;
        this.setting = setting;
        this.current = current;
        this.desired = desired;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getSetting() {
        return setting;
    }

    public void setSetting(String setting) {
        this.setting = setting;
    }

    public String getCurrent() {
        return current;
    }

    public void setCurrent(String current) {
        this.current = current;
    }

    public String getDesired() {
        return desired;
    }

    public void setDesired(String desired) {
        this.desired = desired;
    }
}
