package io.ssloffload.simulator.powershell;

import java.util.List;

/**
 * One declared parameter of a {@link Cmdlet}.
 *
 * @param position 0-based position for positional binding, or -1 when named only
 * @param isSwitch a switch parameter ({@code -Force}); bound as {@link Boolean}
 * @param valueFromPipeline pipeline input binds here when the parameter was not given
 * @param emptyArguments which empty arguments a mandatory parameter refuses
 */
public record ParameterSpec(String name, int position, boolean isSwitch, boolean mandatory,
                            boolean valueFromPipeline, List<String> aliases, EmptyArguments emptyArguments) {

    /** What PowerShell's binder refuses for a mandatory parameter. */
    public enum EmptyArguments {
        /** A string or collection parameter (what cmdlet parameters here stand for): $null, '' and @(). */
        REJECT_NULL_AND_EMPTY,
        /** A parameter of another type: only $null. */
        REJECT_NULL,
        /** [AllowNull()] with [AllowEmptyString()] / [AllowEmptyCollection()]. */
        ALLOW
    }

    public ParameterSpec(String name, int position, boolean isSwitch, boolean mandatory, boolean valueFromPipeline,
                         List<String> aliases) {
        this(name, position, isSwitch, mandatory, valueFromPipeline, aliases, EmptyArguments.REJECT_NULL_AND_EMPTY);
    }

    public static ParameterSpec named(String name) {
        return new ParameterSpec(name, -1, false, false, false, List.of());
    }

    public static ParameterSpec positional(String name, int position) {
        return new ParameterSpec(name, position, false, false, false, List.of());
    }

    public static ParameterSpec switchParam(String name) {
        return new ParameterSpec(name, -1, true, false, false, List.of());
    }

    public ParameterSpec required() {
        return new ParameterSpec(name, position, isSwitch, true, valueFromPipeline, aliases, emptyArguments);
    }

    /** [AllowEmptyString()]: still refuses $null. */
    public ParameterSpec allowingEmptyString() {
        return new ParameterSpec(name, position, isSwitch, mandatory, valueFromPipeline, aliases,
                EmptyArguments.REJECT_NULL);
    }

    public ParameterSpec allowingNull() {
        return new ParameterSpec(name, position, isSwitch, mandatory, valueFromPipeline, aliases, EmptyArguments.ALLOW);
    }

    public ParameterSpec fromPipeline() {
        return new ParameterSpec(name, position, isSwitch, mandatory, true, aliases, emptyArguments);
    }

    public ParameterSpec withAliases(String... more) {
        return new ParameterSpec(name, position, isSwitch, mandatory, valueFromPipeline, List.of(more),
                emptyArguments);
    }
}
