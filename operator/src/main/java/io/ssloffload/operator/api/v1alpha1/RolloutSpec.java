package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.IntOrString;

/** How many servers may be disturbed (changed, recycled, or failing) at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = CountOrPercentCustomizer.class, input = "maxUnavailable")
public class RolloutSpec {

    /** A positive count, or a percentage of the servers (1%-100%, rounded down, at least one server). */
    public static final String MAX_UNAVAILABLE_PATTERN = "^([1-9][0-9]{0,2}|([1-9][0-9]?|100)%)$";

    @Default("1")
    private IntOrString maxUnavailable;

    public IntOrString getMaxUnavailable() {
        return maxUnavailable;
    }

    public void setMaxUnavailable(IntOrString maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
    }
}
