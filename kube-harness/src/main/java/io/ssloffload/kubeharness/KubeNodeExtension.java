package io.ssloffload.kubeharness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link KubeNode} parameters: one node per test JVM, joined to the JVM's
 * {@link KubeApiServer} on first use and kept in the root store after it, so JUnit stops the node
 * before the server.
 */
public final class KubeNodeExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KubeNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        KubeApiServer apiServer = KubeApiServerExtension.apiServer(extensionContext);
        return extensionContext.getRoot()
                .getStore(ExtensionContext.Namespace.create(KubeNodeExtension.class))
                .getOrComputeIfAbsent(KubeNode.class, key -> KubeNode.start(apiServer), KubeNode.class);
    }
}
