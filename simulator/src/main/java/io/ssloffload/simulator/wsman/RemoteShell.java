package io.ssloffload.simulator.wsman;

import io.ssloffload.simulator.windows.ConsoleEncoding;
import io.ssloffload.simulator.windows.WindowsEnvironment;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WinRS shell: its owner, the environment and working directory every command starts with, the
 * console code page, its idle timeout and its commands. The environment is fixed at creation: each command is its
 * own cmd.exe process.
 */
final class RemoteShell {

    private final String id;
    private final String owner;
    private final Map<String, String> environment;
    private final String workingDirectory;
    private final ConsoleEncoding encoding;
    private final Duration idleTimeout;
    private final Map<String, RemoteCommand> commands = new ConcurrentHashMap<>();
    private Instant lastActivity;

    RemoteShell(String id, String owner, Map<String, String> environment, String workingDirectory, ConsoleEncoding encoding,
                Duration idleTimeout, Instant createdAt) {
        this.id = id;
        this.owner = owner;
        this.environment = Collections.unmodifiableMap(WindowsEnvironment.copyOf(environment));
        this.workingDirectory = workingDirectory;
        this.encoding = encoding;
        this.idleTimeout = idleTimeout;
        this.lastActivity = createdAt;
    }

    /** The IdleTimeOut the Create response announced. */
    Duration idleTimeout() {
        return idleTimeout;
    }

    /** An operation on the shell (Command, Receive, Signal) at {@code now}. */
    synchronized void touch(Instant now) {
        if (now.isAfter(lastActivity)) {
            lastActivity = now;
        }
    }

    /** True once {@link #idleTimeout()} has passed since the last operation: WinRM has then deleted the shell. */
    synchronized boolean expiredAt(Instant now) {
        return !now.isBefore(lastActivity.plus(idleTimeout));
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Names only: values can carry secrets and are never recorded. */
    List<String> environmentNames() {
        return environment.keySet().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    String workingDirectory() {
        return workingDirectory;
    }

    ConsoleEncoding encoding() {
        return encoding;
    }

    void add(RemoteCommand command) {
        commands.put(command.id(), command);
    }

    Optional<RemoteCommand> command(String commandId) {
        return Optional.ofNullable(commandId == null ? null : commands.get(commandId));
    }

    Optional<RemoteCommand> remove(String commandId) {
        return Optional.ofNullable(commandId == null ? null : commands.remove(commandId));
    }

    Collection<RemoteCommand> commands() {
        return commands.values();
    }
}
