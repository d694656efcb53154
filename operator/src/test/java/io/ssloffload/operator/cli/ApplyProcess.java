package io.ssloffload.operator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar operator/target/exchange-ssl-offload-operator.jar apply ...} run from the
 * repository root as a user runs it, its output in files under {@code target/apply-it/} that
 * outlive the test.
 */
final class ApplyProcess implements AutoCloseable {

    /** The repository root: failsafe runs in the operator module. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The jar as the README names it, relative to the root. */
    static final String JAR = "operator/target/exchange-ssl-offload-operator.jar";

    private static final Path LOGS = Path.of("target", "apply-it").toAbsolutePath();

    private final Process process;
    private final Path out;
    private final Path err;

    private ApplyProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ApplyProcess start(String name, Map<String, String> environment, String... arguments) {
        if (!Files.isRegularFile(ROOT.resolve(JAR))) {
            throw new IllegalStateException(JAR + " does not exist: run the build's package phase first");
        }
        try {
            Files.createDirectories(LOGS);
            Path out = LOGS.resolve(name + "-stdout.txt");
            Path err = LOGS.resolve(name + "-stderr.txt");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove(SecretSources.USERNAME_VARIABLE);
            builder.environment().remove(SecretSources.PASSWORD_VARIABLE);
            builder.environment().putAll(environment);
            return new ApplyProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code; fails, killing the process, when it runs longer than {@code timeout}. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("apply still running after " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    /** Waits until stdout holds {@code text}; fails if the process ends first or {@code timeout} passes. */
    void awaitStdout(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!stdout().contains(text)) {
            if (!process.isAlive() && !stdout().contains(text)) {
                throw new AssertionError("apply ended before printing " + text + "\n" + output());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + text + " within " + timeout + "\n" + output());
            }
            Thread.sleep(100);
        }
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** Both streams, labelled, for assertion messages. */
    String output() {
        return "--- stdout " + out + "\n" + stdout() + "--- stderr " + err + "\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
