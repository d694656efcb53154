package io.ssloffload.simulator.powershell;

import java.util.List;
import java.util.Map;

/** One PowerShell runspace: its variables, commands, environment and language mode. */
public interface Runspace {

    PsHost host();

    CommandTable commands();

    /** Process environment ({@code $env:NAME}); case-insensitive names as on Windows. */
    Map<String, String> environment();

    LanguageMode languageMode();

    Object getVariable(String name);

    /** Records a snap-in Add-PSSnapin loaded (names case-insensitive); false when this runspace already has it. */
    boolean addSnapIn(String name);

    /**
     * Runs a script block in this runspace, as {@code Invoke-Command -Session} does for a remote
     * one, honouring this runspace's language mode. Returns the success-stream objects.
     */
    List<Object> invoke(ScriptBlock block, List<Object> arguments);

    enum LanguageMode {
        /** Ordinary PowerShell. */
        FULL_LANGUAGE,
        /**
         * Exchange's remote endpoint: only commands with literal arguments, no variables,
         * no script constructs ("The syntax is not supported by this runspace...").
         */
        NO_LANGUAGE
    }
}
