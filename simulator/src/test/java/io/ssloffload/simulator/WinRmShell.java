package io.ssloffload.simulator;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.client.retry.SimpleCounterRetryPolicy;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.function.ThrowingSupplier;

import javax.xml.ws.soap.SOAPFaultException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One winrm4j shell on a simulated server, every call under a deadline. PowerShell runs as
 * winrm4j's executePs sends it: {@code powershell -encodedcommand <UTF-16LE base64>}. Its static
 * helpers serve tests that drive winrm4j's client directly.
 */
public final class WinRmShell implements AutoCloseable {

    public static final Duration DEADLINE = Duration.ofSeconds(60);

    public record Run(int exitCode, String stdout, String stderr) {
    }

    private final WinRmClient client;
    private final ShellCommand shell;

    private WinRmShell(WinRmClient client) {
        this.client = client;
        try {
            this.shell = within(client::createShell);
        } catch (RuntimeException | Error e) {
            // the shell never existed: nothing else would close the client
            client.close();
            throw e;
        }
    }

    public static WinRmShell open(WinRmClientContext context, String url, String user, String password,
                                  Map<String, String> environment, long operationTimeoutMs) {
        return new WinRmShell(client(context, url, user, password).environment(environment)
                .operationTimeout(operationTimeoutMs).build());
    }

    /** A winrm4j client with Basic authentication that retries a failed request once, 100 ms later. */
    public static WinRmClientBuilder client(WinRmClientContext context, String url, String user, String password) {
        return WinRmClient.builder(url).authenticationScheme(AuthSchemes.BASIC).credentials(user, password)
                .context(context)
                // winrm4j's default pause between retries is 5 s; one quick retry keeps the tests of it short
                .failureRetryPolicy(new SimpleCounterRetryPolicy(1, 100, TimeUnit.MILLISECONDS));
    }

    public Run cmd(String commandLine) {
        return execute(shell, commandLine);
    }

    public Run powershell(String script) {
        return cmd("powershell -encodedcommand " + encoded(script));
    }

    /** Runs {@code commandLine} in {@code shell} under the deadline. */
    public static Run execute(ShellCommand shell, String commandLine) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = within(() -> shell.execute(commandLine, out, err));
        return new Run(exitCode, out.toString(), err.toString());
    }

    public static String encoded(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    /** The first throwable of {@code type} in {@code thrown}'s cause chain, {@code thrown} included. */
    public static <T extends Throwable> Optional<T> cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** Like {@link #cause}, failing the test when the chain has no {@code type}. */
    public static <T extends Throwable> T assertCause(Throwable thrown, Class<T> type) {
        return cause(thrown, type).orElseThrow(() ->
                new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + thrown, thrown));
    }

    /** The Code of the WSManFault in the SOAP fault in {@code thrown}'s cause chain; the test fails when there is none. */
    public static String wsmanFaultCode(Throwable thrown) {
        return assertCause(thrown, SOAPFaultException.class).getFault().getDetail().getFirstChild().getAttributes()
                .getNamedItem("Code").getNodeValue();
    }

    public static <T> T within(ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(DEADLINE, call);
    }

    @Override
    public void close() {
        within(() -> {
            shell.close();
            client.close();
            return null;
        });
    }
}
