package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerStatus {

    private String name;

    private Boolean reachable;

    /** e.g. 15.2.1748.43: ExSetup.exe's file version (with the security update), else the setup registry's */
    private String exchangeBuild;

    /** The build in words, e.g. "Exchange Server 2019 CU15" */
    private String exchangeProduct;

    /**
     * About the server rather than a protocol: BuildSupported (False when out of support or older than
     * the newest known update of its line). A warning only: it does not count for Ready.
     */
    private List<Condition> serverConditions;

    public String getExchangeProduct() {
        return exchangeProduct;
    }

    public void setExchangeProduct(String exchangeProduct) {
        this.exchangeProduct = exchangeProduct;
    }

    public List<Condition> getServerConditions() {
        return serverConditions;
    }

    public void setServerConditions(List<Condition> serverConditions) {
        this.serverConditions = serverConditions;
    }

    /** One condition per protocol in scope: type = protocol name, reason Offloaded, SslRequired, ... */
    private List<Condition> conditions = new ArrayList<>();

    /** sslFlags of each location as first observed (protocol name → value), kept for an undo. */
    private Map<String, String> originalSslFlags = new LinkedHashMap<>();

    private OutlookAnywhereStatus outlookAnywhere;

    // Operating it safely: what would change here but is not being changed (ObserveOnly, paused, rollout).
    /** Per protocol, current → desired; absent when nothing is held back. */
    private List<PendingChange> pendingChanges;

    /** The app pools the held-back changes would recycle. */
    private List<String> appPoolsToRecycle;

    public List<PendingChange> getPendingChanges() {
        return pendingChanges;
    }

    public void setPendingChanges(List<PendingChange> pendingChanges) {
        this.pendingChanges = pendingChanges;
    }

    public List<String> getAppPoolsToRecycle() {
        return appPoolsToRecycle;
    }

    public void setAppPoolsToRecycle(List<String> appPoolsToRecycle) {
        this.appPoolsToRecycle = appPoolsToRecycle;
    }

    /**
     * The load balancer's view, one condition per offloaded protocol (type = protocol name):
     * True/Passing when healthcheck.htm answered 200 with the server's body over plain HTTP,
     * False/SslRequired on 403.4, False/Failing otherwise, with the answer.
     */
    private List<Condition> healthChecks;

    public List<Condition> getHealthChecks() {
        return healthChecks;
    }

    public void setHealthChecks(List<Condition> healthChecks) {
        this.healthChecks = healthChecks;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Boolean getReachable() {
        return reachable;
    }

    public void setReachable(Boolean reachable) {
        this.reachable = reachable;
    }

    public String getExchangeBuild() {
        return exchangeBuild;
    }

    public void setExchangeBuild(String exchangeBuild) {
        this.exchangeBuild = exchangeBuild;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Map<String, String> getOriginalSslFlags() {
        return originalSslFlags;
    }

    public void setOriginalSslFlags(Map<String, String> originalSslFlags) {
        this.originalSslFlags = originalSslFlags;
    }

    public OutlookAnywhereStatus getOutlookAnywhere() {
        return outlookAnywhere;
    }

    public void setOutlookAnywhere(OutlookAnywhereStatus outlookAnywhere) {
        this.outlookAnywhere = outlookAnywhere;
    }
}
