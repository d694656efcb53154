package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/**
 * kstatus-style status: {@code Ready}, {@code Reconciling} and {@code Stalled} conditions at the
 * top, one entry per server with one condition per protocol. Holds no timestamps other than
 * transition times, so an unchanged world yields an identical status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExchangeSslOffloadStatus {

    private Long observedGeneration;

    private List<Condition> conditions = new ArrayList<>();

    /** "ready/total" servers, for the SERVERS printer column. */
    private String summary;

    private List<ServerStatus> servers = new ArrayList<>();

    // Operating it safely: what the rollout is doing and whether the servers are configured alike.
    /** e.g. "maxUnavailable 1 of 3 servers: changing CAS01; waiting: CAS02, CAS03"; absent when nothing is to change. */
    private String rollout;

    /** spec.propagation.strategy in effect for Outlook Anywhere (Wait or RestartServiceHost). */
    private String propagationStrategy;

    /** Which server differs from the others in which protocol; absent when every server is configured alike. */
    private List<String> divergence;

    public String getRollout() {
        return rollout;
    }

    public void setRollout(String rollout) {
        this.rollout = rollout;
    }

    public String getPropagationStrategy() {
        return propagationStrategy;
    }

    public void setPropagationStrategy(String propagationStrategy) {
        this.propagationStrategy = propagationStrategy;
    }

    public List<String> getDivergence() {
        return divergence;
    }

    public void setDivergence(List<String> divergence) {
        this.divergence = divergence;
    }

    /** How each protocol reaches the legacy servers; absent unless spec.coexistence.mode names one. */
    private CoexistenceStatus coexistence;

    public CoexistenceStatus getCoexistence() {
        return coexistence;
    }

    public void setCoexistence(CoexistenceStatus coexistence) {
        this.coexistence = coexistence;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public List<ServerStatus> getServers() {
        return servers;
    }

    public void setServers(List<ServerStatus> servers) {
        this.servers = servers;
    }
}
