package io.ssloffload.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.ssloffload.operator.protocol.Protocol;

import java.util.List;

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

    /**
     * The legacy namespace OWA and EWS redirect to, e.g. legacy.contoso.com: required with
     * Exchange2007, and with Exchange2010 when a protocol redirects; never an Exchange 2013 hostname.
     */
    @Pattern(ServerSpec.HOST_PATTERN)
    private String legacyHostname;

    /**
     * Exchange2010 only: the protocols whose Exchange 2010 virtual directory has an ExternalUrl
     * set; those redirect to legacyHostname, the others are proxied.
     */
    private List<Protocol> legacyExternalUrls;

    public List<Protocol> getLegacyExternalUrls() {
        return legacyExternalUrls;
    }

    public void setLegacyExternalUrls(List<Protocol> legacyExternalUrls) {
        this.legacyExternalUrls = legacyExternalUrls;
    }

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
