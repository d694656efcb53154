package io.ssloffload.kubeharness;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs a real node (containerd + kubelet + kube-controller-manager) on
 * the real kube-apiserver: tags it {@code node} (not {@code apiserver}, so
 * {@code -Dtest.excludedGroups=node} keeps the other API server tests) and lets it take
 * {@link KubeApiServer} and {@link KubeNode} parameters. Needs root.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("node")
@ExtendWith({KubeApiServerExtension.class, KubeNodeExtension.class})
public @interface WithKubeNode {
}
