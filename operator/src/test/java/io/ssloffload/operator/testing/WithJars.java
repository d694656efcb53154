package io.ssloffload.operator.testing;

import io.ssloffload.kubeharness.WithKubeApiServer;
import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that runs what ships as processes ({@code java -jar} of the operator jar and
 * the simulator jar, failsafe, after {@code package}) against the real kube-apiserver: tags it
 * {@code jar} and {@code apiserver} and lets its methods take a {@code KubeApiServer}. The class
 * declares what it runs with one {@link JarFleetExtension}:
 *
 * <pre>{@code
 * @WithJars
 * class SomethingJarIT {
 *     @RegisterExtension
 *     static final JarFleetExtension jars = JarFleetExtension.forClass(SomethingJarIT.class)
 *             .simulator(List.of("--servers", "2", ...), true)
 *             .operator(apiServer -> List.of("--drift-interval", "10s"));
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithKubeApiServer
@Tag("jar")
public @interface WithJars {
}
