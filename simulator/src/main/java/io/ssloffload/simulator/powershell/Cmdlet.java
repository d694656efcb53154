package io.ssloffload.simulator.powershell;

import java.util.List;

/**
 * A command the interpreter can call by name. The interpreter binds arguments against
 * {@link #parameters()} the way PowerShell does (case-insensitive names, unambiguous prefixes,
 * aliases, positions, switches, splatting) and fails with PowerShell's own errors for unknown or
 * missing parameters, so an implementation only sees well-formed {@link CmdletContext#bound()}.
 */
public interface Cmdlet {

    /** Canonical name, e.g. {@code Get-WebConfigurationProperty}. */
    String name();

    List<ParameterSpec> parameters();

    /**
     * Runs once per pipeline position with all pipeline input collected in
     * {@link CmdletContext#pipelineInput()}. Throw {@link PsException} for a terminating error.
     */
    void invoke(CmdletContext context);

    /**
     * True for a cmdlet that does its work when its input ends (EndProcessing, as Measure-Object
     * does), so it still runs when the pipeline before it produced nothing. Other cmdlets with a
     * pipeline parameter work per input object and then do not run at all.
     */
    default boolean worksAtEndOfInput() {
        return false;
    }
}
