package io.ssloffload.simulator.powershell;

import java.util.List;
import java.util.Map;

/** What a {@link Cmdlet} sees of one invocation. */
public interface CmdletContext {

    /** Bound parameters by canonical name (case-insensitive lookup). Values are interpreter values. */
    Map<String, Object> bound();

    default Object get(String parameter) {
        return bound().get(parameter);
    }

    default boolean isPresent(String parameter) {
        return bound().containsKey(parameter);
    }

    /** True when a switch was given and not set to $false ({@code -Force:$false}). */
    default boolean switchOn(String parameter) {
        Object v = bound().get(parameter);
        return v instanceof Boolean b && b;
    }

    List<Object> pipelineInput();

    /** Writes one object to the success stream. */
    void write(Object value);

    /** Writes a non-terminating error (the pipeline goes on; $? becomes $false). */
    void writeError(PsErrorRecord error);

    /**
     * Writes a non-terminating error whose CategoryInfo names a specific exception type
     * ({@link PsException#exceptionType()}), e.g. {@code ManagementObjectNotFoundException}.
     */
    default void writeError(PsException error) {
        writeError(error.record());
    }

    /** The runspace the command runs in: variables, command table, host. */
    Runspace runspace();
}
