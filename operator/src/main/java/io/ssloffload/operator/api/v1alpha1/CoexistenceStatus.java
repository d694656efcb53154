package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/** How each protocol reaches mailboxes on the legacy servers under {@code spec.coexistence}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CoexistenceStatus {

    /** Exchange2007 or Exchange2010. */
    private String mode;

    private String legacyHostname;

    /** protocol name → Redirect (to legacyHostname) or Proxy (the 2013 CAS fetches from the legacy CAS). */
    private Map<String, String> routes = new LinkedHashMap<>();

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getLegacyHostname() {
        return legacyHostname;
    }

    public void setLegacyHostname(String legacyHostname) {
        this.legacyHostname = legacyHostname;
    }

    public Map<String, String> getRoutes() {
        return routes;
    }

    public void setRoutes(Map<String, String> routes) {
        this.routes = routes;
    }
}
