package io.ssloffload.kubeharness;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the real kube-apiserver: tags it {@code apiserver} and lets its
 * constructor, lifecycle and test methods take a {@link KubeApiServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("apiserver")
@ExtendWith(KubeApiServerExtension.class)
public @interface WithKubeApiServer {
}
