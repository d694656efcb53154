package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.CommandTable;
import io.ssloffload.simulator.powershell.PsHost;
import io.ssloffload.simulator.powershell.Runspace;
import io.ssloffload.simulator.powershell.ScriptBlock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A runspace without a language: holds commands and variables so cmdlets can be called directly
 * (the interpreter lives on another branch). Also serves as the fleet's runspace factory in tests.
 */
final class TestRunspace implements Runspace {

    private final PsHost host;
    private final LanguageMode mode;
    private final CommandTable commands = new CommandTable();
    private final Map<String, String> environment = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> variables = new HashMap<>();

    TestRunspace(PsHost host, LanguageMode mode) {
        this.host = host;
        this.mode = mode;
    }

    /** A local runspace on the server, with the host's commands registered as the interpreter would. */
    static TestRunspace local(CasServer server) {
        TestRunspace runspace = new TestRunspace(server, LanguageMode.FULL_LANGUAGE);
        server.registerCommands(runspace.commands);
        return runspace;
    }

    static final RunspaceFactory FACTORY = (host, environment, mode, registrar) -> {
        TestRunspace runspace = new TestRunspace(host, mode);
        runspace.environment.putAll(environment);
        registrar.accept(runspace.commands);
        return runspace;
    };

    @Override
    public PsHost host() {
        return host;
    }

    @Override
    public CommandTable commands() {
        return commands;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public LanguageMode languageMode() {
        return mode;
    }

    @Override
    public Object getVariable(String name) {
        return variables.get(name);
    }

    @Override
    public void setVariable(String name, Object value) {
        variables.put(name, value);
    }

    @Override
    public List<Object> invoke(ScriptBlock block, List<Object> arguments) {
        throw new UnsupportedOperationException("no interpreter in these tests");
    }
}
