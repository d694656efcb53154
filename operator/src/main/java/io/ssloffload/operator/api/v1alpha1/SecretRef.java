package io.ssloffload.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * A Secret in the resource's namespace, read whole: a credential Secret always holds the keys
 * {@code username} and {@code password} (type {@code kubernetes.io/basic-auth}, or {@code Opaque}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {

    @Required
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
