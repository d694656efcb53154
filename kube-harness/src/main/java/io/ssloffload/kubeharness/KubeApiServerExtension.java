package io.ssloffload.kubeharness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link KubeApiServer} parameters. The server is started on first use and shared by
 * every test class of the JVM (starting one takes seconds); it lives in the root store, so JUnit
 * stops it when the run ends. Tests share it, so each should work in namespaces of its own.
 */
public final class KubeApiServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KubeApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return apiServer(extensionContext);
    }

    /**
     * The JVM's one server, started on first use; for other extensions (their {@code beforeAll}
     * callbacks) that set up on the same server the tests' parameters give.
     */
    public static KubeApiServer apiServer(ExtensionContext extensionContext) {
        return extensionContext.getRoot()
                .getStore(ExtensionContext.Namespace.create(KubeApiServerExtension.class))
                .getOrComputeIfAbsent(KubeApiServer.class, key -> KubeApiServer.start(), KubeApiServer.class);
    }
}
