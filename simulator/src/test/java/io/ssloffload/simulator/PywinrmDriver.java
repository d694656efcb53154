package io.ssloffload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs one scenario of {@code pywinrm_driver.py} with the real pywinrm (Debian's python3-winrm)
 * and returns the JSON it prints. Its stdout and stderr go to files, so a chatty driver can never
 * block on a full pipe while the test waits for it.
 */
public final class PywinrmDriver {

    private static final String SCRIPT = "/io/ssloffload/simulator/wsman/pywinrm_driver.py";

    private static final String OPENSSL_WITH_LEGACY_PROVIDER = """
            openssl_conf = openssl_init
            [openssl_init]
            providers = provider_sect
            [provider_sect]
            default = default_sect
            legacy = legacy_sect
            [default_sect]
            activate = 1
            [legacy_sect]
            activate = 1
            """;

    private PywinrmDriver() {
    }

    /** Runs {@code scenario} in {@code work} with {@code environment} added, killed after {@code timeout}. */
    public static JsonNode run(Path work, String scenario, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Path driver = work.resolve("pywinrm_driver.py");
        if (!Files.exists(driver)) {
            try (InputStream script = PywinrmDriver.class.getResourceAsStream(SCRIPT)) {
                Files.copy(script, driver);
            }
        }
        // NTLM needs MD4, which OpenSSL 3 keeps in its legacy provider (off by default on Debian 12)
        Path openssl = work.resolve("openssl-legacy.cnf");
        Files.writeString(openssl, OPENSSL_WITH_LEGACY_PROVIDER);
        Path stdout = work.resolve("driver-stdout.json");
        Path stderr = work.resolve("driver-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", driver.toString(), scenario)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        // a proxy from the surroundings would capture requests to 127.0.0.1
        env.keySet().removeIf(name -> name.toLowerCase().endsWith("_proxy"));
        env.put("OPENSSL_CONF", openssl.toString());
        env.putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("pywinrm driver did not finish in " + timeout.toSeconds() + " s: " + Files.readString(stderr));
        }
        if (process.exitValue() != 0) {
            fail("pywinrm driver failed (is python3-winrm installed?): " + Files.readString(stderr));
        }
        return new ObjectMapper().readTree(stdout.toFile());
    }
}
