package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.ssloffload.operator.protocol.Protocol;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
// "map" keyed by name makes the API server refuse two servers of the same name; "set" refuses a
// protocol named twice.
@SchemaCustomizer(value = ListTypeCustomizer.class, input = """
        {"servers": {"type": "map", "mapKeys": ["name"]}, "protocols": {"type": "set"}}
        """)
public class ExchangeSslOffloadSpec {

    @Required
    @Size(min = 1, max = 100)
    private List<ServerSpec> servers;

    @Required
    private WinRmSpec winrm;

    /** Protocols to offload; absent means every offloadable protocol. */
    @Size(min = 1, max = 10)
    private List<Protocol> protocols;

    private OutlookAnywhereSpec outlookAnywhere;

    // "{}" so that the defaults of the nested fields apply when the user leaves the block out.
    @Default("{}")
    private CoexistenceSpec coexistence;

    @Default("{}")
    private PropagationSpec propagation;

    @Default("AppPools")
    private RecycleMode recycle;

    // Operating it safely: how many servers change at once, and whether anything may change at all.
    @Default("{}")
    private RolloutSpec rollout;

    @Default("Manage")
    private ManagementPolicy managementPolicy;

    // What to do on a server where Extended Protection is on (README "Extended Protection").
    @Default("Respect")
    private ExtendedProtectionPolicy extendedProtection;

    public ExtendedProtectionPolicy getExtendedProtection() {
        return extendedProtection;
    }

    public void setExtendedProtection(ExtendedProtectionPolicy extendedProtection) {
        this.extendedProtection = extendedProtection;
    }

    public RolloutSpec getRollout() {
        return rollout;
    }

    public void setRollout(RolloutSpec rollout) {
        this.rollout = rollout;
    }

    public ManagementPolicy getManagementPolicy() {
        return managementPolicy;
    }

    public void setManagementPolicy(ManagementPolicy managementPolicy) {
        this.managementPolicy = managementPolicy;
    }

    // Undo on delete (README "Deleting a resource"): Restore puts back what was first observed.
    @Default("Retain")
    private DeletionPolicy deletionPolicy;

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    public List<ServerSpec> getServers() {
        return servers;
    }

    public void setServers(List<ServerSpec> servers) {
        this.servers = servers;
    }

    public WinRmSpec getWinrm() {
        return winrm;
    }

    public void setWinrm(WinRmSpec winrm) {
        this.winrm = winrm;
    }

    public List<Protocol> getProtocols() {
        return protocols;
    }

    public void setProtocols(List<Protocol> protocols) {
        this.protocols = protocols;
    }

    public OutlookAnywhereSpec getOutlookAnywhere() {
        return outlookAnywhere;
    }

    public void setOutlookAnywhere(OutlookAnywhereSpec outlookAnywhere) {
        this.outlookAnywhere = outlookAnywhere;
    }

    public CoexistenceSpec getCoexistence() {
        return coexistence;
    }

    public void setCoexistence(CoexistenceSpec coexistence) {
        this.coexistence = coexistence;
    }

    public PropagationSpec getPropagation() {
        return propagation;
    }

    public void setPropagation(PropagationSpec propagation) {
        this.propagation = propagation;
    }

    public RecycleMode getRecycle() {
        return recycle;
    }

    public void setRecycle(RecycleMode recycle) {
        this.recycle = recycle;
    }
}
