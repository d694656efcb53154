package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/**
 * Older Exchange versions in the organisation. With Exchange 2007, OWA and EWS redirect to a
 * legacy namespace, which must therefore be named.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CoexistenceSpec {

    public enum Mode {
        None,
        Exchange2007,
        Exchange2010
    }

    @Default("None")
    private Mode mode;

    /** Required when mode is Exchange2007, e.g. legacy.contoso.com. */
    @Pattern(ServerSpec.HOST_PATTERN)
    private String legacyHostname;

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getLegacyHostname() {
        return legacyHostname;
    }

    public void setLegacyHostname(String legacyHostname) {
        this.legacyHostname = legacyHostname;
    }
}
