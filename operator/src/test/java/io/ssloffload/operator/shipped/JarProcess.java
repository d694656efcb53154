package io.ssloffload.operator.shipped;

import io.ssloffload.operator.testing.Waits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One built jar run as a user runs it, {@code java -jar JAR ARGS} in a JVM of its own, its stdout and
 * stderr written to files that outlive the test ({@code <name>-stdout.txt}, {@code <name>-stderr.txt}
 * in the given folder), so a failure message can quote them and a person can read them afterwards.
 */
public final class JarProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_LINES = 200;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param logs        folder for the output files; a name used before gets a number, so a
     *                    restarted process keeps the earlier run's output
     * @param environment added to this JVM's environment
     */
    public static JarProcess start(String name, Path logs, Path jar, List<String> arguments,
                                   Map<String, String> environment) {
        return start(name, logs, null, jar, arguments, environment);
    }

    /**
     * @param directory the working directory (null: this JVM's), so a command can be run exactly as
     *                  a README gives it from the repository root; a relative {@code jar} is taken
     *                  from there
     */
    public static JarProcess start(String name, Path logs, Path directory, Path jar, List<String> arguments,
                                   Map<String, String> environment) {
        if (!Files.isRegularFile(directory == null ? jar : directory.resolve(jar))) {
            throw new IllegalStateException(jar + " does not exist: run the build's package phase first");
        }
        try {
            Files.createDirectories(logs);
            String unique = name;
            for (int n = 2; Files.exists(logs.resolve(unique + "-stdout.txt")); n++) {
                unique = name + "-" + n;
            }
            Path out = logs.resolve(unique + "-stdout.txt");
            Path err = logs.resolve(unique + "-stderr.txt");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            return new JarProcess(unique, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    /** Empties {@code logs} of an earlier run's output files, so the folder shows this run only. */
    public static void clearLogs(Path logs) {
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-stdout.txt") || f.toString().endsWith("-stderr.txt")).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** The last 200 lines of both streams, labelled, for failure messages; the files have it all. */
    public String logs() {
        return "--- " + name + " (pid " + pid() + (isAlive() ? ", running" : ", exited " + process.exitValue())
                + ") " + stdout.toAbsolutePath() + "\n" + tail(stdout()) + "--- " + stderr.toAbsolutePath() + "\n"
                + tail(stderr());
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) + "\n";
    }

    /**
     * Waits until {@code what} holds for the process's output (stdout and stderr read as one text),
     * at most {@code timeout}; fails at once, with the logs, if the process ends first.
     */
    public void awaitOutput(Predicate<String> what, String description, Duration timeout) {
        Waits.until(timeout, Duration.ofMillis(100), () -> {
            if (what.test(stdout() + stderr())) {
                return true;
            }
            if (!isAlive()) {
                throw new AssertionError(name + " exited before " + description + "\n" + logs());
            }
            return false;
        }, () -> name + ": no " + description + "\n" + logs());
    }

    /** SIGTERM (shutdown hooks run), then SIGKILL if it is still there after 20 s; the exit code. */
    public int stop() {
        process.destroy();
        return awaitExit(STOP_GRACE).orElseGet(this::kill);
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook runs, as when a node dies; the exit code. */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(STOP_GRACE).orElseThrow(() -> new IllegalStateException(name + " survived SIGKILL"));
    }

    /** The exit code, once the process has ended by itself within {@code timeout}. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            stop();
        }
    }

    private static String read(Path file) {
        try {
            // bytes, not readString: the process may be half-way through a character
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
