package io.ssloffload.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link CasSimulatorMain} in a JVM of its own, started from the test class path (no jar needed),
 * as a script or another language would start the jar.
 */
final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final List<String> lines;

    private SimulatorProcess(Process process, Path stderr, List<String> lines) {
        this.process = process;
        this.stderr = stderr;
        this.lines = lines;
    }

    static ProcessBuilder command(Path work, List<String> arguments) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under failsafe (after package) the runnable jar itself is started, as a user would.
        String jar = System.getProperty("simulator.jar");
        List<String> command = new ArrayList<>(jar != null
                ? List.of(java, "-jar", jar)
                : List.of(java, "-cp", testClassPath(), CasSimulatorMain.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectError(work.resolve("simulator-stderr.txt").toFile());
    }

    /** Starts it and reads stdout up to {@code ready}, at most 60 s. */
    static SimulatorProcess start(Path work, List<String> arguments) throws IOException, InterruptedException {
        Process process = command(work, arguments).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> announced = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                    if (line.equals("ready")) {
                        return lines;
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("stdout ended before ready: " + lines);
        });
        Path stderr = work.resolve("simulator-stderr.txt");
        try {
            return new SimulatorProcess(process, stderr, announced.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the simulator did not get ready: " + Files.readString(stderr), e);
        }
    }

    /** Surefire hands the forked JVM a manifest-only jar; its real class path is in this property. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** The lines before {@code ready}. */
    List<String> lines() {
        return lines;
    }

    /** The three fields of server {@code name}'s line: name, WinRM URL, IIS URL. */
    String[] server(String name) {
        return lines.stream().map(line -> line.split(" ")).filter(fields -> fields[0].equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in " + lines));
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
