package io.ssloffload.operator.shipped;

import org.junit.jupiter.api.Tag;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runnable jar holds what its dependencies hold: the files that each dependency jar carries
 * under one name, and that code finds with {@code ClassLoader.getResources}, are merged, so every
 * copy on this test's class path (the original jars) is in the one the jar ships. The simulator
 * ships in the with-simulator jar, never in the operator's.
 */
@Tag("jar")
class OperatorJarContentsIT {

    /** Files of lines (class names, handler mappings), merged by appending. */
    private static final List<String> APPENDED = List.of("META-INF/cxf/bus-extensions.txt", "META-INF/spring.handlers",
            "META-INF/spring.schemas", "META-INF/blueprint.handlers");

    @Test
    void manifestStartsTheOperatorAndReadsVersionedClasses() throws IOException {
        try (JarFile jar = new JarFile(OperatorProcess.jar().toFile())) {
            Manifest manifest = jar.getManifest();
            assertEquals("io.ssloffload.operator.cli.OperatorMain", manifest.getMainAttributes().getValue("Main-Class"));
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/versions/")), "the premise: versioned classes");
            assertEquals("true", manifest.getMainAttributes().getValue("Multi-Release"), "Multi-Release");
        }
    }

    @Test
    void everyDependencysCxfExtensionsAndHandlersAreInTheJar() throws IOException {
        try (JarFile jar = new JarFile(OperatorProcess.jar().toFile())) {
            for (String name : APPENDED) {
                String shipped = text(jar, name);
                List<URL> copies = Collections.list(getClass().getClassLoader().getResources(name));
                assertTrue(copies.size() > 1, name + ": the premise, several dependency jars carry it: " + copies);
                for (URL copy : copies) {
                    for (String line : read(copy).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                        assertTrue(shipped.lines().map(String::strip).anyMatch(line::equals), name + " lacks, from " + copy + ": " + line);
                    }
                }
            }
            String wsdlPlugins = text(jar, "META-INF/wsdl.plugin.xml");
            for (URL copy : Collections.list(getClass().getClassLoader().getResources("META-INF/wsdl.plugin.xml"))) {
                for (String entry : read(copy).lines().map(String::strip).filter(l -> l.startsWith("<entry ")).toList()) {
                    assertThat(wsdlPlugins)
                            .as("META-INF/wsdl.plugin.xml lacks, from " + copy + ": " + entry)
                            .contains(entry);
                }
            }
        }
    }

    /** What only {@code --simulate} needs: the simulator, BouncyCastle (only it brings), the launcher and its service file. */
    private static final List<String> SIMULATOR = List.of("io/ssloffload/simulator/", "org/bouncycastle/",
            "io/ssloffload/operator/cli/simulate/", "META-INF/services/io.ssloffload.operator.cli.convergence.SimulatedFleetLauncher");

    @Test
    void theSimulatorShipsInTheWithSimulatorJarOnly() throws IOException {
        try (JarFile operator = new JarFile(OperatorProcess.jar().toFile());
             JarFile withSimulator = new JarFile(OperatorProcess.withSimulatorJar().toFile())) {
            for (String part : SIMULATOR) {
                // contains, not startsWith: multi-release copies sit under META-INF/versions/N/
                assertFalse(operator.stream().anyMatch(e -> e.getName().contains(part)), "the operator's jar has " + part);
                assertTrue(withSimulator.stream().anyMatch(e -> e.getName().contains(part)), "the with-simulator jar lacks " + part);
            }
            assertEquals(operator.getManifest().getMainAttributes().getValue("Main-Class"),
                    withSimulator.getManifest().getMainAttributes().getValue("Main-Class"), "one Main-Class");
        }
    }

    @Test
    void noTestLibraryShips() throws IOException {
        try (JarFile jar = new JarFile(OperatorProcess.jar().toFile())) {
            for (String library : List.of("org/xmlunit/", "org/hamcrest/", "org/junit/")) {
                assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith(library)), library);
            }
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertNotNull(entry, name + " is in the jar");
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
