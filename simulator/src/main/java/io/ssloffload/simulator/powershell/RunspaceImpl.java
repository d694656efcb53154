package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/** A runspace backed by this package's interpreter. Invocations on one runspace are serialized. */
final class RunspaceImpl implements Runspace {

    /** What a remote invocation produced: output, error records, and the terminating error if one ended it. */
    record RemoteResult(List<Object> output, List<ErrorRecordObject> errors, ErrorRecordObject terminating) {
    }

    private final PsHost host;
    private final CommandTable commands = new CommandTable();
    private final Map<String, String> environment = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final LanguageMode mode;
    private final Interpreter interpreter;
    private final Set<String> snapIns = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    RunspaceImpl(PsHost host, Map<String, String> environment, LanguageMode mode) {
        this.host = host;
        this.mode = mode;
        if (environment != null) {
            this.environment.putAll(environment);
        }
        this.interpreter = new Interpreter(this);
    }

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
    public synchronized Object getVariable(String name) {
        return interpreter.global.get(name);
    }

    @Override
    public synchronized boolean addSnapIn(String name) {
        return snapIns.add(name);
    }

    /**
     * A native program this runspace may start: none on a NoLanguage endpoint, whose session
     * configuration exposes no external commands.
     */
    Optional<NativeCommand> nativeCommand(String name) {
        return mode == LanguageMode.NO_LANGUAGE ? Optional.empty()
                : NativeCommandSearch.find(host, name, environment);
    }

    Interpreter interpreter() {
        return interpreter;
    }

    /** Runs a script as powershell.exe does; the caller handles Flow.Exit, RuntimeError and ParseException. */
    synchronized void runScript(String text, Streams streams, Consumer<Object> out) {
        Ast.Block block = Parser.parseScript(text);
        if (mode == LanguageMode.NO_LANGUAGE) {
            NoLanguageCheck.check(block, text);
        }
        interpreter.streams = streams;
        interpreter.runScript(block, out);
    }

    @Override
    public List<Object> invoke(ScriptBlock block, List<Object> arguments) {
        RemoteResult r = invokeRemote(block, arguments, null, s -> { });
        if (r.terminating() != null) {
            throw new RuntimeError(r.terminating(), false);
        }
        return r.output();
    }

    /**
     * Runs a script block sent from another runspace: the text is parsed here (as remoting sends
     * text), the language mode is enforced, terminating errors come back as error records.
     */
    synchronized RemoteResult invokeRemote(ScriptBlock block, List<Object> arguments, Map<String, Object> using,
                                           Consumer<String> hostOutput) {
        Ast.Block ast;
        try {
            ast = Parser.parseScript(block.text());
        } catch (ParseException e) {
            throw new PsException(new PsErrorRecord(e.getMessage(), e.errorId(), "ParserError", null),
                    "ParseException");
        }
        if (mode == LanguageMode.NO_LANGUAGE) {
            NoLanguageCheck.check(ast, block.text());
        }
        List<Object> out = new ArrayList<>();
        List<ErrorRecordObject> errors = new ArrayList<>();
        ErrorRecordObject terminating = null;
        Streams saved = interpreter.streams;
        interpreter.streams = new Streams(errors::add, hostOutput, hostOutput, hostOutput, false);
        try {
            interpreter.invokeScriptBlock(new ScriptBlockValue(ast, block.text(), using), arguments).forEach(out::add);
        } catch (RuntimeError e) {
            terminating = e.error;
            errors.add(e.error);
        } catch (Flow e) {
            // exit and a stray break end the remote pipeline; its output so far stands
        } finally {
            interpreter.streams = saved;
        }
        return new RemoteResult(out, errors, terminating);
    }

    /**
     * Runs one of this runspace's commands with parameters already bound elsewhere (an
     * Import-PSSession proxy): values arrive as data, so the language mode does not apply.
     */
    synchronized RemoteResult invokeCommandAsData(String name, Map<String, Object> bound, List<Object> input) {
        Cmdlet cmdlet = commands.find(name).orElseThrow(() -> PsException.commandNotFound(name, null));
        List<Object> out = new ArrayList<>();
        List<ErrorRecordObject> errors = new ArrayList<>();
        Map<String, Object> args = ParameterBinder.newBoundMap();
        bound.forEach((k, v) -> args.put(k, Remoting.deserialize(v)));
        List<Object> in = new ArrayList<>();
        input.forEach(i -> in.add(Remoting.deserialize(i)));
        cmdlet.invoke(new CmdletContextImpl(interpreter, cmdlet.name(), null, args, in, out::add, errors::add));
        return new RemoteResult(out, errors, null);
    }
}
