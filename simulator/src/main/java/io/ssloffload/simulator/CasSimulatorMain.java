package io.ssloffload.simulator;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cas-simulator.jar --servers 3 --port 15985 --user U --password P}: serves the
 * simulated fleet until the process is stopped. Prints one line per server
 * ({@code CAS01 http://127.0.0.1:15985/wsman http://127.0.0.1:16985/}) and then {@code ready};
 * the flags ({@link CasSimulatorOptions}) and these lines are a stable contract for scripts and
 * other languages' tests. {@code --help} prints the usage on stdout and exits 0; a usage error
 * prints the problem and the usage on stderr and exits 2; a failed start (a busy port) exits 1.
 */
public final class CasSimulatorMain {

    static final int EXIT_USAGE = 2;

    private CasSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CasSimulatorOptions options = new CasSimulatorOptions();
        CommandLine commandLine = new CommandLine(options);
        CasSimulator simulator;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
                if (commandLine.isUsageHelpRequested()) {
                    commandLine.usage(System.out);
                } else {
                    commandLine.printVersionHelp(System.out);
                }
                System.exit(0);
                return;
            }
            simulator = start(options.builder());
        } catch (CommandLine.ParameterException | CasSimulatorOptions.UsageException e) {
            System.err.println("cas-simulator: " + e.getMessage());
            commandLine.usage(new PrintWriter(System.err, true));
            System.exit(EXIT_USAGE);
            return;
        } catch (RuntimeException e) {
            System.err.println("cas-simulator: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "cas-simulator-shutdown"));
        // stdout carries only the contracted lines
        simulator.adminUrl().ifPresent(url -> System.err.println("cas-simulator: admin endpoint " + url));
        System.err.println("cas-simulator: " + (simulator.fleet().clock().isManual()
                ? "manual clock at " + simulator.now() + " (moves only through POST /clock/advance)"
                : "following the wall clock"));
        announce(simulator, System.out);
        // every listener thread is a daemon: the main thread keeps the process alive until it is stopped
        new CountDownLatch(1).await();
    }

    /** One line per server, then {@code ready}, flushed. */
    static void announce(CasSimulator simulator, PrintStream out) {
        for (CasSimulator.ServerAddress server : simulator.servers()) {
            out.println(server.name() + " " + server.wsmanUrl() + " " + server.iisUrl());
        }
        out.println("ready");
        out.flush();
    }

    /** Parses a command line into a builder (tests); picocli's parse errors become usage errors. */
    static CasSimulator.Builder parse(String... args) throws CasSimulatorOptions.UsageException {
        CasSimulatorOptions options = new CasSimulatorOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new CasSimulatorOptions.UsageException(e.getMessage());
        }
        return options.builder();
    }

    /** Bad values the builder finds (ports past 65535) are usage errors too; a busy port is not. */
    static CasSimulator start(String... args) throws CasSimulatorOptions.UsageException {
        return start(parse(args));
    }

    private static CasSimulator start(CasSimulator.Builder builder) throws CasSimulatorOptions.UsageException {
        try {
            return builder.start();
        } catch (IllegalArgumentException e) {
            throw new CasSimulatorOptions.UsageException(e.getMessage());
        }
    }
}
