package io.ssloffload.simulator.powershell;

import io.ssloffload.simulator.powershell.Ast.*;
import io.ssloffload.simulator.powershell.ParameterBinder.Argument;
import io.ssloffload.simulator.powershell.ParameterBinder.Binding;
import io.ssloffload.simulator.powershell.ParameterBinder.Named;
import io.ssloffload.simulator.powershell.ParameterBinder.Positional;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Evaluates parsed scripts in one runspace: statements, pipelines, commands and expressions. */
final class Interpreter {

    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        String[][] aliases = {{"%", "ForEach-Object"}, {"foreach", "ForEach-Object"}, {"?", "Where-Object"},
                {"where", "Where-Object"}, {"select", "Select-Object"}, {"sort", "Sort-Object"},
                {"measure", "Measure-Object"}, {"echo", "Write-Output"}, {"write", "Write-Output"},
                {"iex", "Invoke-Expression"}, {"icm", "Invoke-Command"}, {"gc", "Get-Content"}, {"cat", "Get-Content"},
                {"type", "Get-Content"}, {"sc", "Set-Content"}, {"ac", "Add-Content"}, {"rm", "Remove-Item"},
                {"del", "Remove-Item"}, {"erase", "Remove-Item"}, {"ri", "Remove-Item"}, {"sleep", "Start-Sleep"},
                {"gcm", "Get-Command"}, {"rsn", "Remove-PSSession"}, {"ipsn", "Import-PSSession"},
                {"ft", "Format-Table"}, {"fl", "Format-List"}};
        for (String[] a : aliases) {
            ALIASES.put(a[0], a[1]);
        }
    }

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final RunspaceImpl runspace;
    final Scope global;
    private Scope scope;
    Streams streams = Streams.discarding();
    private int tryDepth;
    private boolean lastSuccess = true;
    private Map<String, Object> usingValues;
    private final ArrayList<Object> errorVariable = new ArrayList<>();

    Interpreter(RunspaceImpl runspace) {
        this.runspace = runspace;
        this.global = new Scope(null);
        this.scope = global;
        global.set("Error", errorVariable);
        global.set("ErrorActionPreference", "Continue");
        global.set("WarningPreference", "Continue");
        global.set("VerbosePreference", "SilentlyContinue");
        global.set("ConfirmPreference", "High");
        global.set("LASTEXITCODE", null);
        global.set("PSVersionTable", psVersionTable(runspace.host().windowsRelease()));
        global.set("PSScriptRoot", "");
        global.set("OFS", " ");
    }

    /** Windows PowerShell 5.1's table, in the order 5.1 lists it. */
    private static PsHashtable psVersionTable(WindowsRelease release) {
        PsHashtable table = new PsHashtable();
        table.put("PSVersion", SystemVersion.of(release.powerShellVersion()));
        table.put("PSEdition", "Desktop");
        table.put("PSCompatibleVersions", new Object[] {SystemVersion.of("1.0"), SystemVersion.of("2.0"),
                SystemVersion.of("3.0"), SystemVersion.of("4.0"), SystemVersion.of("5.0"),
                SystemVersion.of(release.powerShellVersion())});
        table.put("BuildVersion", SystemVersion.of(release.powerShellBuildVersion()));
        table.put("CLRVersion", SystemVersion.of("4.0.30319.42000"));
        table.put("WSManStackVersion", SystemVersion.of("3.0"));
        table.put("PSRemotingProtocolVersion", SystemVersion.of("2.3"));
        table.put("SerializationVersion", SystemVersion.of("1.1.0.1"));
        return table;
    }

    RunspaceImpl runspace() {
        return runspace;
    }

    boolean lastSuccess() {
        return lastSuccess;
    }

    PsDateTime now() {
        return new PsDateTime(java.time.ZonedDateTime.now(runspace.host().clock()));
    }

    // ------------------------------------------------------------------ entry points

    /** Runs a script's statements in the global scope (a script file or -Command text). */
    void runScript(Block block, Consumer<Object> out) {
        bindParameters("", block.params(), new Binding(ParameterBinder.newBoundMap(), List.of(),
                ParameterBinder.newBoundMap(), null), List.of());
        try {
            execStatements(block.statements(), out);
        } catch (Flow f) {
            if (f instanceof Flow.Exit) {
                throw f;
            }
        }
    }

    /** Runs a script block in a child scope with positional arguments; returns its output. */
    List<Object> invokeScriptBlock(ScriptBlockValue sb, List<Object> args) {
        List<Object> out = new ArrayList<>();
        List<Argument> positional = new ArrayList<>();
        args.forEach(a -> positional.add(new Positional(a, sb.body.extent())));
        invokeBlock("", sb, positional, null, out::add, false, sb.body.extent());
        return out;
    }

    /** Runs a script block in the current scope with $_ set (ForEach-Object, Where-Object, .Where()). */
    List<Object> invokeWithItem(ScriptBlockValue sb, Object item) {
        List<Object> out = new ArrayList<>();
        Map<String, Object> savedUsing = usingValues;
        if (sb.usingValues != null) {
            usingValues = sb.usingValues;
        }
        try (DollarUnder ignored = new DollarUnder(scope)) {
            scope.set("_", item);
            execStatements(sb.body.statements(), out::add);
        } catch (Flow f) {
            if (!f.kind.equals("return")) {
                throw f;
            }
        } finally {
            usingValues = savedUsing;
        }
        return out;
    }

    /** Restores the scope's $_ when a block that set it ends: the earlier value, or none if it had none. */
    private static final class DollarUnder implements AutoCloseable {
        private final Scope scope;
        private final boolean had;
        private final Object previous;

        DollarUnder(Scope scope) {
            this.scope = scope;
            this.had = scope.hasLocal("_");
            this.previous = scope.get("_");
        }

        @Override
        public void close() {
            if (had) {
                scope.set("_", previous);
            } else {
                scope.remove("_");
            }
        }
    }

    // ------------------------------------------------------------------ statements

    void execStatements(List<Stmt> statements, Consumer<Object> out) {
        for (Stmt s : statements) {
            try {
                execStatement(s, out);
            } catch (PsException e) {
                RuntimeError re = withPosition(e, s.extent());
                if (re.scriptTerminating || tryDepth > 0) {
                    throw re;
                }
                if (preference("ErrorActionPreference").equals("stop")) {
                    throw re.asScriptTerminating();
                }
                reportError(re.error);
                lastSuccess = false;
            }
        }
    }

    static RuntimeError withPosition(PsException e, Extent extent) {
        if (e instanceof RuntimeError re) {
            if (re.error.position() == null && extent != null) {
                return new RuntimeError(re.error.withPosition(extent), re.scriptTerminating, re.fromActionPreference);
            }
            return re;
        }
        return new RuntimeError(new ErrorRecordObject(e.record(), e.exceptionType(), null, null, extent), false);
    }

    /** Adds an error to $Error and writes it to the error stream. */
    void reportError(ErrorRecordObject error) {
        recordError(error);
        streams.errors().accept(error);
    }

    void recordError(ErrorRecordObject error) {
        errorVariable.add(0, error);
        if (errorVariable.size() > 256) {
            errorVariable.remove(errorVariable.size() - 1);
        }
    }

    /** An action preference variable's value, lower-cased. */
    private String preference(String variable) {
        return LanguagePrimitives.toStr(scope.get(variable)).toLowerCase(Locale.ROOT);
    }

    private void execStatement(Stmt s, Consumer<Object> out) {
        if (s instanceof PipelineStmt p) {
            runPipeline(p.pipeline(), out);
        } else if (s instanceof AssignStmt a) {
            assign(a);
        } else if (s instanceof IfStmt i) {
            for (int k = 0; k < i.conditions().size(); k++) {
                if (LanguagePrimitives.toBool(pipelineValue(i.conditions().get(k)))) {
                    execStatements(i.bodies().get(k).statements(), out);
                    return;
                }
            }
            if (i.elseBody() != null) {
                execStatements(i.elseBody().statements(), out);
            }
        } else if (s instanceof ForeachStmt f) {
            for (Object item : LanguagePrimitives.enumerate(pipelineValue(f.collection()))) {
                scope.set(f.variable(), item);
                if (!loopBody(f.body(), out)) {
                    break;
                }
            }
        } else if (s instanceof ForStmt f) {
            if (f.init() != null) {
                execStatement(f.init(), o -> { });
            }
            while (f.condition() == null || LanguagePrimitives.toBool(pipelineValue(f.condition()))) {
                if (!loopBody(f.body(), out)) {
                    break;
                }
                if (f.iterator() != null) {
                    execStatement(f.iterator(), o -> { });
                }
            }
        } else if (s instanceof WhileStmt w) {
            while (LanguagePrimitives.toBool(pipelineValue(w.condition()))) {
                if (!loopBody(w.body(), out)) {
                    break;
                }
            }
        } else if (s instanceof DoStmt d) {
            do {
                if (!loopBody(d.body(), out)) {
                    break;
                }
            } while (LanguagePrimitives.toBool(pipelineValue(d.condition())) != d.until());
        } else if (s instanceof SwitchStmt sw) {
            switchStatement(sw, out);
        } else if (s instanceof FlowStmt f) {
            flow(f, out);
        } else if (s instanceof FunctionStmt f) {
            scope.defineFunction(f.name(), new ScriptBlockValue(f.body(), f.extent().text()));
        } else if (s instanceof TryStmt t) {
            tryStatement(t, out);
        }
    }

    /** Runs a loop body; false when the loop must stop (break). */
    private boolean loopBody(Block body, Consumer<Object> out) {
        try {
            execStatements(body.statements(), out);
            return true;
        } catch (Flow f) {
            if (f.kind.equals("break")) {
                return false;
            }
            if (f.kind.equals("continue")) {
                return true;
            }
            throw f;
        }
    }

    private void flow(FlowStmt f, Consumer<Object> out) {
        switch (f.kind()) {
            case "return" -> {
                if (f.value() != null) {
                    runPipeline(f.value(), out);
                }
                throw new Flow("return");
            }
            case "exit" -> {
                int code = 0;
                if (f.value() != null) {
                    Object v = pipelineValue(f.value());
                    Number n = v instanceof String str ? LanguagePrimitives.parseNumber(str) : null;
                    code = v == null ? 0 : n != null || !(v instanceof String) ? LanguagePrimitives.toInt(v) : 0;
                }
                throw new Flow.Exit(code);
            }
            case "throw" -> {
                Object v = f.value() == null ? null : pipelineValue(f.value());
                throw new RuntimeError(thrownRecord(v, f.extent()), true);
            }
            default -> throw new Flow(f.kind());
        }
    }

    private static ErrorRecordObject thrownRecord(Object v, Extent extent) {
        if (v instanceof ErrorRecordObject e) {
            return e.position() == null ? e.withPosition(extent) : e;
        }
        if (v == null) {
            return new ErrorRecordObject(new PsErrorRecord("ScriptHalted", "ScriptHalted", "OperationStopped", null),
                    "RuntimeException", null, null, extent);
        }
        String message = LanguagePrimitives.toStr(v);
        return new ErrorRecordObject(new PsErrorRecord(message, message, "OperationStopped", v), "RuntimeException",
                null, null, extent);
    }

    private void tryStatement(TryStmt t, Consumer<Object> out) {
        try {
            RuntimeError caught = null;
            tryDepth++;
            try {
                execStatements(t.body().statements(), out);
            } catch (PsException e) {
                caught = withPosition(e, t.extent());
            } finally {
                tryDepth--;
            }
            if (caught != null) {
                CatchClause clause = matchingCatch(t.catches(), caught);
                if (clause == null) {
                    throw caught;
                }
                try (DollarUnder ignored = new DollarUnder(scope)) {
                    scope.set("_", caught.error);
                    execStatements(clause.body().statements(), out);
                }
            }
        } finally {
            if (t.finallyBody() != null) {
                execStatements(t.finallyBody().statements(), out);
            }
        }
    }

    private CatchClause matchingCatch(List<CatchClause> catches, RuntimeError e) {
        List<String> typeNames = ErrorRecordObject.exceptionTypeNames(e.error.exceptionType());
        for (CatchClause c : catches) {
            if (c.types().isEmpty()) {
                return c;
            }
            for (String raw : c.types()) {
                String type = Types.resolve(raw);
                if (type == null) {
                    throw new RuntimeError(typeNotFound(raw, c.extent()), false);
                }
                if (typeNames.contains(type) || e.fromActionPreference
                        && type.equals("System.Management.Automation.ActionPreferenceStopException")) {
                    return c;
                }
            }
        }
        return null;
    }

    private static ErrorRecordObject typeNotFound(String raw, Extent extent) {
        return new ErrorRecordObject(new PsErrorRecord("Unable to find type [" + raw + "].", "TypeNotFound",
                "InvalidOperation", raw), "RuntimeException", null, null, extent);
    }

    private void switchStatement(SwitchStmt sw, Consumer<Object> out) {
        Object subject = pipelineValue(sw.subject());
        List<Object> items = subject == null ? java.util.Collections.singletonList(null)
                : LanguagePrimitives.asList(subject);
        try (DollarUnder ignored = new DollarUnder(scope)) {
            for (Object item : items) {
                scope.set("_", item);
                boolean matched = false;
                try {
                    for (SwitchClause c : sw.clauses()) {
                        if (switchMatches(sw, c.pattern(), item)) {
                            matched = true;
                            execStatements(c.body().statements(), out);
                        }
                    }
                    if (!matched && sw.defaultBody() != null) {
                        execStatements(sw.defaultBody().statements(), out);
                    }
                } catch (Flow f) {
                    if (f.kind.equals("break")) {
                        return;
                    }
                    if (!f.kind.equals("continue")) {
                        throw f;
                    }
                }
            }
        }
    }

    private boolean switchMatches(SwitchStmt sw, Expr pattern, Object item) {
        if (pattern instanceof ScriptBlockLit sb) {
            List<Object> r = new ArrayList<>();
            execStatements(sb.body().statements(), r::add);
            return LanguagePrimitives.toBool(LanguagePrimitives.collapse(r));
        }
        Object p = eval(pattern);
        return switch (sw.mode()) {
            case "regex" -> match(item, p, sw.caseSensitive());
            case "wildcard" -> LanguagePrimitives.like(item, LanguagePrimitives.toStr(p), sw.caseSensitive());
            default -> item instanceof String || p instanceof String
                    ? sw.caseSensitive() ? LanguagePrimitives.toStr(item).equals(LanguagePrimitives.toStr(p))
                    : LanguagePrimitives.toStr(item).equalsIgnoreCase(LanguagePrimitives.toStr(p))
                    : LanguagePrimitives.equal(item, p, sw.caseSensitive());
        };
    }

    // ------------------------------------------------------------------ assignment

    private void assign(AssignStmt a) {
        lastSuccess = true;
        Object value = statementValue(a.value());
        if (!a.op().equals("=")) {
            String op = a.op().substring(0, 1);
            value = binary(op, eval(a.target()), value);
        }
        assignTo(a.target(), value);
    }

    private void assignTo(Expr target, Object value) {
        if (target instanceof Var v) {
            setVariable(v.scope(), v.name(), value);
        } else if (target instanceof Cast c && c.operand() instanceof Var v) {
            setVariable(v.scope(), v.name(), LanguagePrimitives.convertTo(value, resolveType(c.type(), c.extent())));
        } else if (target instanceof Member m) {
            if (m.isStatic()) {
                throw LanguagePrimitives.error("Cannot set a static property in this PowerShell subset.", "PropertyAssignment",
                        "InvalidOperation");
            }
            Members.set(eval(m.target()), LanguagePrimitives.toStr(eval(m.name())), value);
        } else if (target instanceof Index ix) {
            Object container = eval(ix.target());
            Object key = eval(ix.index());
            setIndex(container, key, value);
        } else if (target instanceof ArrayLit al) {
            List<Object> values = LanguagePrimitives.isEnumerable(value) ? LanguagePrimitives.enumerate(value)
                    : new ArrayList<>(java.util.Collections.singletonList(value));
            int n = al.items().size();
            for (int i = 0; i < n; i++) {
                Object v;
                if (i < n - 1) {
                    v = i < values.size() ? values.get(i) : null;
                } else {
                    v = i < values.size() ? LanguagePrimitives.collapse(values.subList(i, values.size())) : null;
                }
                assignTo(al.items().get(i), v);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void setIndex(Object container, Object key, Object value) {
        if (container instanceof PsHashtable h) {
            h.put(key, value);
        } else if (container instanceof Object[] arr) {
            int i = LanguagePrimitives.toInt(key);
            int at = i < 0 ? arr.length + i : i;
            if (at < 0 || at >= arr.length) {
                throw DotNetExceptions.fromEngine("IndexOutOfRangeException", "Index was outside the bounds of the "
                        + "array.");
            }
            arr[at] = value;
        } else if (container instanceof List<?> list) {
            int i = LanguagePrimitives.toInt(key);
            int at = i < 0 ? list.size() + i : i;
            if (at < 0 || at >= list.size()) {
                // the list's own indexer throws, as ArrayList's does
                throw DotNetExceptions.fromEngine("ArgumentOutOfRangeException", "Index was out of range. Must be "
                        + "non-negative and less than the size of the collection.\r\nParameter name: index");
            }
            ((List<Object>) list).set(at, value);
        } else if (container == null) {
            throw LanguagePrimitives.error("Cannot index into a null array.", "NullArray", "InvalidOperation");
        } else {
            throw LanguagePrimitives.error("Unable to index into an object of type " + Types.typeNameOf(container) + ".",
                    "CannotIndex", "InvalidOperation");
        }
    }

    // ------------------------------------------------------------------ variables

    Object getVariable(String scopeName, String name) {
        if (scopeName != null) {
            switch (scopeName) {
                case "env":
                    return runspace.environment().get(name);
                case "using":
                    if (usingValues != null && usingValues.containsKey(name)) {
                        return usingValues.get(name);
                    }
                    throw LanguagePrimitives.error("A Using variable cannot be retrieved. A Using variable can be used only with "
                            + "Invoke-Command, Start-Job, or InlineScript in the script workflow. When it is used with "
                            + "Invoke-Command, the Using variable is valid only if the script block is invoked on a "
                            + "remote computer.", "UsingWithoutInvokeCommand", "InvalidOperation");
                case "global", "script":
                    return global.get(name);
                case "local", "private", "variable":
                    break;
                default:
                    return null;
            }
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            case "?":
                return lastSuccess;
            case "psitem":
                return scope.get("_");
            default:
                return scope.get(name);
        }
    }

    void setVariable(String scopeName, String name, Object value) {
        if ("env".equals(scopeName)) {
            if (value == null || LanguagePrimitives.toStr(value).isEmpty()) {
                runspace.environment().remove(name);
            } else {
                runspace.environment().put(name, LanguagePrimitives.toStr(value));
            }
            return;
        }
        if ("using".equals(scopeName)) {
            throw LanguagePrimitives.error("The assignment expression is not valid. A Using variable cannot be assigned.",
                    "InvalidLeftHandSide", "ParserError");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("null")) {
            return;
        }
        if (lower.equals("true") || lower.equals("false") || lower.equals("?")) {
            throw new PsException(new PsErrorRecord("Cannot overwrite variable " + name + " because it is read-only or "
                    + "constant.", "VariableNotWritable", "WriteError", name), "SessionStateUnauthorizedAccessException");
        }
        if ("global".equals(scopeName) || "script".equals(scopeName)) {
            global.set(name, value);
        } else {
            scope.set(lower.equals("psitem") ? "_" : name, value);
        }
    }

    // ------------------------------------------------------------------ pipelines

    /** A pipeline's value: a lone expression as is, otherwise its collected output. */
    Object pipelineValue(Pipeline p) {
        if (p.elements().size() == 1 && p.elements().get(0) instanceof ExprElement e && e.redirects().isEmpty()) {
            Object value = eval(e.expr());
            lastSuccess = true;
            return value;
        }
        List<Object> out = new ArrayList<>();
        runPipeline(p, out::add);
        return LanguagePrimitives.collapse(out);
    }

    private Object statementValue(Stmt s) {
        if (s instanceof PipelineStmt p) {
            return pipelineValue(p.pipeline());
        }
        if (s instanceof AssignStmt a) {
            assign(a);
            return eval(a.target() instanceof Cast c ? c.operand() : a.target());
        }
        List<Object> out = new ArrayList<>();
        execStatements(List.of(s), out::add);
        return LanguagePrimitives.collapse(out);
    }

    void runPipeline(Pipeline p, Consumer<Object> out) {
        boolean ok = true;
        List<Object> input = null;
        int n = p.elements().size();
        for (int i = 0; i < n; i++) {
            Element el = p.elements().get(i);
            boolean last = i == n - 1;
            List<Object> produced = last ? null : new ArrayList<>();
            Consumer<Object> sink = last ? out : produced::add;
            ok &= runElement(el, input, sink);
            input = produced;
        }
        lastSuccess = ok;
    }

    private boolean runElement(Element el, List<Object> input, Consumer<Object> sink) {
        Streams saved = streams;
        Consumer<Object> target = sink;
        List<String> fileOutput = null;
        OutputFormatter fileFormatter = null;
        String file = null;
        boolean append = false;
        for (Redirect r : el.redirects()) {
            if (r.merge() != null) {
                continue;
            }
            String path = r.file() == null ? null : (String) Optional.ofNullable(eval(r.file()))
                    .map(LanguagePrimitives::toStr).orElse(null);
            switch (r.stream()) {
                case "1" -> {
                    if (path == null) {
                        target = o -> { };
                    } else {
                        fileOutput = new ArrayList<>();
                        file = path;
                        append = r.append();
                        fileFormatter = new OutputFormatter(fileOutput::add, ConsoleFormat.WIDTH);
                        target = fileFormatter;
                    }
                }
                case "*" -> {
                    target = o -> { };
                    streams = Streams.discarding().withErrors(e -> { });
                }
                case "2" -> streams = streams.withErrors(e -> { });
                case "3" -> streams = streams.withWarnings(w -> { });
                case "6" -> streams = streams.withHost(h -> { });
                default -> {
                    // verbose (4) and debug (5) output is never produced, so there is nothing to redirect
                }
            }
        }
        for (Redirect r : el.redirects()) {
            if (r.merge() != null && !r.stream().equals("*")) {
                Consumer<Object> merged = target;
                streams = streams.withErrors(merged::accept);
            }
        }
        try {
            if (el instanceof ExprElement e) {
                Object v = eval(e.expr());
                lastSuccess = true;
                if (!(e.expr() instanceof IncDec || e.expr() instanceof Cast c && isVoid(c)
                        || e.expr() instanceof Invoke && v == null)) {
                    emit(v, target);
                }
                return true;
            }
            return invokeCommand((Command) el, input, target);
        } finally {
            streams = saved;
            if (file != null) {
                fileFormatter.flush();
                String text = String.join("\r\n", fileOutput) + (fileOutput.isEmpty() ? "" : "\r\n");
                if (append) {
                    runspace.host().files().append(file, text);
                } else {
                    runspace.host().files().write(file, text);
                }
            }
        }
    }

    private boolean isVoid(Cast c) {
        return Types.VOID.equals(Types.resolve(c.type()));
    }

    static void emit(Object v, Consumer<Object> out) {
        if (LanguagePrimitives.isEnumerable(v)) {
            LanguagePrimitives.enumerate(v).forEach(out);
        } else {
            out.accept(v);
        }
    }

    // ------------------------------------------------------------------ commands

    private boolean invokeCommand(Command cmd, List<Object> input, Consumer<Object> out) {
        Object nameValue = cmd.name() instanceof Const c ? c.value() : eval(cmd.name());
        List<Argument> args = evalArgs(cmd.args());
        if (nameValue instanceof ScriptBlockValue sb) {
            return invokeBlock("", sb, args, input, out, ".".equals(cmd.invocation()), cmd.extent());
        }
        String name = LanguagePrimitives.toStr(nameValue);
        String resolved = ALIASES.getOrDefault(name.toLowerCase(Locale.ROOT), name);
        ScriptBlockValue function = scope.function(resolved);
        if (function != null) {
            return invokeBlock(resolved, function, args, input, out, ".".equals(cmd.invocation()), cmd.extent());
        }
        Optional<Cmdlet> cmdlet = runspace.commands().find(resolved);
        if (cmdlet.isPresent()) {
            return invokeCmdlet(cmdlet.get(), args, input, out, cmd.extent());
        }
        Optional<NativeCommand> exe = runspace.nativeCommand(name);
        if (exe.isPresent()) {
            return invokeNative(name, exe.get(), args, out, cmd.extent());
        }
        PsException notFound = PsException.commandNotFound(name, null);
        throw new RuntimeError(new ErrorRecordObject(notFound.record(), notFound.exceptionType(), name, null,
                cmd.nameExtent()), false);
    }

    private List<Argument> evalArgs(List<Arg> args) {
        List<Argument> out = new ArrayList<>();
        for (Arg a : args) {
            if (a instanceof ParamArg p) {
                out.add(new Named(p.name(), p.value() == null ? null : eval(p.value()), p.value() != null,
                        p.extent()));
            } else if (a instanceof ValueArg v) {
                out.add(new Positional(eval(v.value()), v.extent()));
            } else if (a instanceof SplatArg s) {
                Object value = getVariable(null, s.variable());
                if (value instanceof PsHashtable h) {
                    h.forEach((k, v) -> out.add(new Named(LanguagePrimitives.toStr(k), v, true, s.extent())));
                } else if (value != null) {
                    LanguagePrimitives.asList(value).forEach(v -> out.add(new Positional(v, s.extent())));
                }
            }
        }
        return out;
    }

    /** Runs a cmdlet with PowerShell's binding, error-action and stream rules; returns its $?. */
    boolean invokeCmdlet(Cmdlet cmdlet, List<Argument> args, List<Object> input, Consumer<Object> out,
                         Extent extent) {
        String name = cmdlet.name();
        boolean hasInput = input != null && !input.isEmpty();
        Binding binding = ParameterBinder.bind(name, cmdlet.parameters(), true, false, args, input != null, extent);
        if (input != null && input.isEmpty() && !cmdlet.worksAtEndOfInput()
                && cmdlet.parameters().stream().anyMatch(ParameterSpec::valueFromPipeline)) {
            // downstream of a pipeline that produced nothing: arguments bound, no object to process
            return true;
        }
        if (hasInput && cmdlet.parameters().stream().noneMatch(ParameterSpec::valueFromPipeline)) {
            for (Object item : input) {
                PsErrorRecord r = new PsErrorRecord("The input object cannot be bound to any parameters for the "
                        + "command either because the command does not take pipeline input or the input and its "
                        + "properties do not match any of the parameters that take pipeline input.",
                        "InputObjectNotBound," + name, "InvalidArgument", item);
                reportError(new ErrorRecordObject(r, "ParameterBindingException", name, name, extent));
            }
            return false;
        }
        if (hasInput && binding.pipelineParameter() != null) {
            binding.bound().put(binding.pipelineParameter().name(),
                    input.size() == 1 ? input.get(0) : input.toArray());
        }
        String action = actionPreference(binding.common().get("ErrorAction"), "ErrorActionPreference", name, extent);
        String warningAction = actionPreference(binding.common().get("WarningAction"), "WarningPreference", name,
                extent);
        ArrayList<Object> errors = new ArrayList<>();
        ArrayList<Object> written = new ArrayList<>();
        boolean[] failed = {false};
        Consumer<ErrorRecordObject> onError = e -> {
            failed[0] = true;
            errors.add(e);
            switch (action) {
                case "stop" -> throw new RuntimeError(e, true, true);
                case "ignore" -> { }
                case "silentlycontinue" -> recordError(e);
                default -> reportError(e);
            }
        };
        Streams saved = streams;
        if (warningAction.equals("silentlycontinue") || warningAction.equals("ignore")) {
            streams = streams.withWarnings(w -> { });
        }
        CmdletContextImpl context = new CmdletContextImpl(this, name, extent, binding.bound(),
                input == null ? List.of() : input, o -> {
                    written.add(o);
                    out.accept(o);
                }, onError);
        try {
            cmdlet.invoke(context);
        } catch (RuntimeError e) {
            throw e.error.position() == null ? withPosition(e, extent) : e;
        } catch (PsException e) {
            throw new RuntimeError(ErrorRecordObject.ofCommand(e, name, extent), false);
        } catch (Flow | ParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RuntimeError(ErrorRecordObject.ofCommand(DotNetExceptions.cmdlet(name, e), name, extent), false);
        } finally {
            streams = saved;
            assignStreamVariable(binding.common().get("ErrorVariable"), errors);
            assignStreamVariable(binding.common().get("OutVariable"), written);
        }
        return !failed[0];
    }

    private void assignStreamVariable(Object nameValue, List<Object> values) {
        if (nameValue == null) {
            return;
        }
        String name = LanguagePrimitives.toStr(nameValue);
        if (name.startsWith("+")) {
            Object existing = getVariable(null, name.substring(1));
            ArrayList<Object> list = existing instanceof ArrayList<?> l ? new ArrayList<>(l) : new ArrayList<>();
            list.addAll(values);
            setVariable(null, name.substring(1), list);
        } else {
            setVariable(null, name, new ArrayList<>(values));
        }
    }

    private String actionPreference(Object given, String variable, String command, Extent extent) {
        String value = given == null ? preference(variable) : LanguagePrimitives.toStr(given).toLowerCase(Locale.ROOT);
        switch (value) {
            case "stop", "continue", "silentlycontinue", "ignore", "inquire":
                return value;
            case "0":
                return "silentlycontinue";
            case "1":
                return "stop";
            case "2":
                return "continue";
            default:
                if (given == null) {
                    return "continue";
                }
                throw ParameterBinder.bindingError(command, "Cannot bind parameter 'ErrorAction'. Cannot convert value "
                        + "\"" + given + "\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable "
                        + "to match the identifier name " + given + " to a valid enumerator name. Specify one of the "
                        + "following enumerator names and try again:\r\nSilentlyContinue, Stop, Continue, Inquire, "
                        + "Ignore, Suspend\"", "CannotConvertArgumentNoMessage", extent);
        }
    }

    /** A function or script block call: binds param() (or $args), runs in a child scope unless dot-sourced. */
    private boolean invokeBlock(String name, ScriptBlockValue sb, List<Argument> args, List<Object> input,
                                Consumer<Object> out, boolean dotSource, Extent extent) {
        ParamBlock pb = sb.body.params();
        boolean advanced = pb != null && pb.advanced();
        Binding binding = ParameterBinder.bind(name, specsOf(pb), advanced, !advanced, args, input != null, extent);
        Scope saved = scope;
        Map<String, Object> savedUsing = usingValues;
        if (sb.usingValues != null) {
            usingValues = sb.usingValues;
        }
        scope = dotSource ? scope : new Scope(scope);
        try {
            bindParameters(name, pb, binding, input == null ? List.of() : input);
            if (advanced && binding.common().containsKey("ErrorAction")) {
                scope.set("ErrorActionPreference", binding.common().get("ErrorAction"));
            }
            execStatements(sb.body.statements(), out);
        } catch (Flow f) {
            if (!f.kind.equals("return")) {
                throw f;
            }
        } finally {
            scope = saved;
            usingValues = savedUsing;
        }
        return lastSuccess;
    }

    private static List<ParameterSpec> specsOf(ParamBlock pb) {
        List<ParameterSpec> specs = new ArrayList<>();
        if (pb == null) {
            return specs;
        }
        boolean explicitPositions = pb.params().stream().anyMatch(p -> p.position() >= 0);
        int index = 0;
        for (ParamDecl d : pb.params()) {
            boolean isSwitch = d.type() != null && Types.SWITCH.equals(Types.resolve(d.type()));
            int position = isSwitch ? -1 : explicitPositions ? d.position() : index++;
            String type = d.type() == null ? Types.OBJECT : Types.resolve(d.type());
            ParameterSpec.EmptyArguments empty = type.equals(Types.STRING) || type.endsWith("[]")
                    ? ParameterSpec.EmptyArguments.REJECT_NULL_AND_EMPTY : ParameterSpec.EmptyArguments.REJECT_NULL;
            specs.add(new ParameterSpec(d.name(), position, isSwitch, d.mandatory(), d.fromPipeline(), d.aliases(),
                    empty));
        }
        return specs;
    }

    private void bindParameters(String command, ParamBlock pb, Binding binding, List<Object> input) {
        scope.set("args", binding.extras().toArray());
        scope.set("input", input.toArray());
        if (pb == null) {
            return;
        }
        for (ParamDecl d : pb.params()) {
            String type = d.type() == null ? null : resolveType(d.type(), d.extent());
            Object value;
            boolean given = true;
            if (binding.bound().containsKey(d.name())) {
                value = binding.bound().get(d.name());
                validate(command, d, value);
            } else if (d.fromPipeline() && !input.isEmpty()) {
                value = LanguagePrimitives.collapse(input);
            } else {
                given = false;
                value = d.defaultValue() == null ? null : eval(d.defaultValue());
            }
            if (given && (Types.SWITCH.equals(type) || Types.BOOL.equals(type))) {
                value = ParameterBinder.booleanArgument(command, d.name(), value, type, d.extent());
            } else if (type != null) {
                try {
                    value = Types.SWITCH.equals(type) ? LanguagePrimitives.toBool(value)
                            : LanguagePrimitives.convertTo(value, type);
                } catch (PsException e) {
                    throw ParameterBinder.bindingError(command, "Cannot process argument transformation on parameter "
                            + "'" + d.name() + "'. " + e.getMessage(), "ParameterArgumentTransformationError",
                            d.extent());
                }
            }
            scope.set(d.name(), value);
        }
    }

    private void validate(String command, ParamDecl d, Object value) {
        if (d.notNullOrEmpty() && (value == null || LanguagePrimitives.toStr(value).isEmpty()
                && !LanguagePrimitives.isEnumerable(value))) {
            throw ParameterBinder.bindingError(command, "Cannot validate argument on parameter '" + d.name() + "'. The "
                    + "argument is null or empty. Provide an argument that is not null or empty, and then try the "
                    + "command again.", "ParameterArgumentValidationError", d.extent());
        }
        if (d.validateSet() != null) {
            List<String> allowed = d.validateSet().stream().map(e -> LanguagePrimitives.toStr(eval(e))).toList();
            for (Object v : LanguagePrimitives.asList(value)) {
                if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(LanguagePrimitives.toStr(v)))) {
                    throw ParameterBinder.bindingError(command, "Cannot validate argument on parameter '" + d.name()
                            + "'. The argument \"" + LanguagePrimitives.toStr(v) + "\" does not belong to the set \""
                            + String.join(",", allowed) + "\" specified by the ValidateSet attribute. Supply an argument "
                            + "that is in the set and then try the command again.", "ParameterArgumentValidationError",
                            d.extent());
                }
            }
        }
    }

    private boolean invokeNative(String name, NativeCommand exe, List<Argument> args, Consumer<Object> out,
                                 Extent extent) {
        List<String> argv = new ArrayList<>();
        for (Argument a : args) {
            if (a instanceof Named n) {
                argv.add("-" + n.name() + (n.hasValue() ? ":" + LanguagePrimitives.toStr(n.value()) : ""));
            } else {
                LanguagePrimitives.asList(((Positional) a).value()).forEach(v -> argv.add(LanguagePrimitives.toStr(v)));
            }
        }
        NativeCommand.Result r = exe.run(argv, new TreeMap<>(runspace.environment()));
        for (String line : lines(r.stdout())) {
            out.accept(line);
        }
        boolean ok = r.exitCode() == 0;
        List<String> errLines = lines(r.stderr());
        if (!errLines.isEmpty()) {
            if (streams.stderrRedirected()) {
                ok = false;
                for (String line : errLines) {
                    PsErrorRecord rec = new PsErrorRecord(line, "NativeCommandError", "NotSpecified", line);
                    streams.errors().accept(new ErrorRecordObject(rec, "RemoteException", name, null, extent));
                }
            } else {
                streams.nativeStderr().accept(String.join("\r\n", errLines) + "\r\n");
            }
        }
        global.set("LASTEXITCODE", r.exitCode());
        return ok;
    }

    /**
     * Text as PowerShell reads it line by line (a native program's output, Get-Content): split as
     * StreamReader.ReadLine splits, at CRLF, LF or CR, with no empty line after a final line break.
     */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        out.addAll(List.of(text.split("\r\n|\r|\n", -1)));
        if (out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    // ------------------------------------------------------------------ expressions

    String resolveType(String raw, Extent extent) {
        String type = Types.resolve(raw);
        if (type == null) {
            throw new RuntimeError(typeNotFound(raw, extent), false);
        }
        return type;
    }

    Object eval(Expr e) {
        if (e instanceof Const c) {
            return c.value();
        }
        if (e instanceof Var v) {
            return getVariable(v.scope(), v.name());
        }
        if (e instanceof ExpandString s) {
            StringBuilder sb = new StringBuilder();
            for (Object part : s.parts()) {
                sb.append(part instanceof String str ? str : LanguagePrimitives.toStr(eval((Expr) part)));
            }
            return sb.toString();
        }
        if (e instanceof ArrayLit a) {
            Object[] items = new Object[a.items().size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = eval(a.items().get(i));
            }
            return items;
        }
        if (e instanceof SubExpr s) {
            List<Object> out = new ArrayList<>();
            execStatements(s.statements(), out::add);
            return LanguagePrimitives.collapse(out);
        }
        if (e instanceof ArraySubExpr s) {
            List<Object> out = new ArrayList<>();
            execStatements(s.statements(), out::add);
            return out.toArray();
        }
        if (e instanceof Paren p) {
            return statementValue(p.statement());
        }
        if (e instanceof HashLit h) {
            PsHashtable table = new PsHashtable(h.ordered());
            for (int i = 0; i < h.keys().size(); i++) {
                Object key = eval(h.keys().get(i));
                if (table.containsKey(key)) {
                    throw new PsException(new PsErrorRecord("Duplicate keys '" + LanguagePrimitives.toStr(key)
                            + "' are not allowed in hash literals.", "DuplicateKeyInHashLiteral", "ParserError", null),
                            "ParseException");
                }
                table.put(key, statementValue(h.values().get(i)));
            }
            return table;
        }
        if (e instanceof ScriptBlockLit sb) {
            return new ScriptBlockValue(sb.body(), sb.text());
        }
        if (e instanceof Binary b) {
            return binaryExpr(b);
        }
        if (e instanceof Unary u) {
            return unary(u);
        }
        if (e instanceof IncDec i) {
            Object old = eval(i.target());
            Object updated = binary(i.op().substring(0, 1), old == null ? 0 : old, 1);
            assignTo(i.target(), updated);
            return i.prefix() ? updated : old;
        }
        if (e instanceof Cast c) {
            String type = resolveType(c.type(), c.extent());
            return LanguagePrimitives.convertTo(eval(c.operand()), type);
        }
        if (e instanceof TypeLit t) {
            return new Types.StaticType(resolveType(t.type(), t.extent()));
        }
        if (e instanceof Member m) {
            String name = LanguagePrimitives.toStr(eval(m.name()));
            if (m.isStatic()) {
                return Members.getStatic(this, staticType(m.target()), name);
            }
            return Members.get(eval(m.target()), name);
        }
        if (e instanceof Invoke inv) {
            String name = LanguagePrimitives.toStr(eval(inv.name()));
            List<Object> args = new ArrayList<>();
            if (inv.isStatic()) {
                String type = staticType(inv.target());
                inv.args().forEach(a -> args.add(eval(a)));
                return callMethod(name, args, () -> invokeStatic(type, name, args));
            }
            Object target = eval(inv.target());
            inv.args().forEach(a -> args.add(eval(a)));
            return callMethod(name, args, () -> Members.invoke(this, target, name, args));
        }
        if (e instanceof Index ix) {
            return index(eval(ix.target()), eval(ix.index()));
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /** A .NET method call: an exception the simulated method did not foresee is PowerShell's MethodInvocationException. */
    private Object callMethod(String name, List<Object> args, java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (PsException | Flow | ParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DotNetExceptions.methodCall(name, args.size(), e);
        }
    }

    private Object invokeStatic(String type, String name, List<Object> args) {
        if (name.equalsIgnoreCase("new")) {
            switch (type) {
                case Types.ARRAYLIST:
                    return new ArrayList<>();
                case Types.HASHTABLE:
                    return new PsHashtable();
                case Types.PSCREDENTIAL:
                    return BuiltinCmdlets.newCredential(args);
                default:
                    Object constructed = CompressedText.construct(type, args);
                    if (constructed != null) {
                        return constructed;
                    }
                    break;
            }
        }
        return Members.invokeStatic(this, type, name, args);
    }

    private String staticType(Expr target) {
        Object t = eval(target);
        if (t instanceof Types.StaticType st) {
            return st.name();
        }
        throw LanguagePrimitives.error("Static members are reached through a type: [" + LanguagePrimitives.toStr(t) + "]::",
                "InvalidStaticMemberAccess", "InvalidOperation");
    }

    private Object index(Object target, Object key) {
        if (target == null) {
            throw LanguagePrimitives.error("Cannot index into a null array.", "NullArray", "InvalidOperation");
        }
        if (LanguagePrimitives.isEnumerable(key) && !(target instanceof PsHashtable)) {
            List<Object> out = new ArrayList<>();
            for (Object k : LanguagePrimitives.enumerate(key)) {
                Object v = index(target, k);
                if (v != null) {
                    out.add(v);
                }
            }
            return out.toArray();
        }
        if (target instanceof PsHashtable h) {
            return h.get(key);
        }
        if (target instanceof String s) {
            int i = LanguagePrimitives.toInt(key);
            int at = i < 0 ? s.length() + i : i;
            return at >= 0 && at < s.length() ? s.charAt(at) : null;
        }
        if (LanguagePrimitives.isEnumerable(target)) {
            List<Object> items = LanguagePrimitives.enumerate(target);
            int i = LanguagePrimitives.toInt(key);
            int at = i < 0 ? items.size() + i : i;
            return at >= 0 && at < items.size() ? items.get(at) : null;
        }
        if (!(target instanceof PsObject)) {
            int i = LanguagePrimitives.toInt(key);
            if (i == 0 || i == -1) {
                return target;
            }
        }
        throw LanguagePrimitives.error("Unable to index into an object of type " + Types.typeNameOf(target) + ".", "CannotIndex",
                "InvalidOperation");
    }

    private Object unary(Unary u) {
        Object v = eval(u.operand());
        switch (u.op()) {
            case "!", "-not":
                return !LanguagePrimitives.toBool(v);
            case ",":
                return new Object[] {v};
            case "-":
                return binary("*", LanguagePrimitives.toNumber(v), -1);
            case "+":
                return LanguagePrimitives.toNumber(v);
            case "-bnot":
                return LanguagePrimitives.narrow(~LanguagePrimitives.toLong(v));
            case "-join": {
                StringBuilder sb = new StringBuilder();
                LanguagePrimitives.enumerate(v).forEach(o -> sb.append(LanguagePrimitives.toStr(o)));
                return v instanceof String s ? s : sb.toString();
            }
            case "-split": {
                List<Object> out = new ArrayList<>();
                for (Object o : LanguagePrimitives.asList(v)) {
                    String s = LanguagePrimitives.toStr(o).trim();
                    out.addAll(List.of((Object[]) s.split("\\s+", -1)));
                }
                return out.toArray();
            }
            default:
                throw new IllegalStateException(u.op());
        }
    }

    private Object binaryExpr(Binary b) {
        switch (b.op()) {
            case "-and":
                return LanguagePrimitives.toBool(eval(b.left())) && LanguagePrimitives.toBool(eval(b.right()));
            case "-or":
                return LanguagePrimitives.toBool(eval(b.left())) || LanguagePrimitives.toBool(eval(b.right()));
            default:
                return binary(b.op(), eval(b.left()), eval(b.right()));
        }
    }

    private static final java.util.Set<String> CASE_OPS = java.util.Set.of("eq", "ne", "gt", "ge", "lt", "le", "like",
            "notlike", "match", "notmatch", "contains", "notcontains", "in", "notin", "replace", "split");

    Object binary(String op, Object l, Object r) {
        String name = op.length() > 1 && op.startsWith("-") ? op.substring(1) : op;
        boolean cs = false;
        if (name.length() > 1 && (name.charAt(0) == 'c' || name.charAt(0) == 'i')
                && CASE_OPS.contains(name.substring(1))) {
            cs = name.charAt(0) == 'c';
            name = name.substring(1);
        }
        boolean caseSensitive = cs;
        switch (name) {
            case "+":
                return add(l, r);
            case "-", "*", "/", "%":
                return arithmetic(name, l, r);
            case "..":
                return range(l, r);
            case "f":
                return Formatting.formatOperator(LanguagePrimitives.toStr(l), LanguagePrimitives.asList(r));
            case "xor":
                return LanguagePrimitives.toBool(l) ^ LanguagePrimitives.toBool(r);
            case "band":
                return LanguagePrimitives.narrow(LanguagePrimitives.toLong(l) & LanguagePrimitives.toLong(r));
            case "bor":
                return LanguagePrimitives.narrow(LanguagePrimitives.toLong(l) | LanguagePrimitives.toLong(r));
            case "bxor":
                return LanguagePrimitives.narrow(LanguagePrimitives.toLong(l) ^ LanguagePrimitives.toLong(r));
            case "shl":
                return LanguagePrimitives.narrow(LanguagePrimitives.toLong(l) << LanguagePrimitives.toInt(r));
            case "shr":
                return LanguagePrimitives.narrow(LanguagePrimitives.toLong(l) >> LanguagePrimitives.toInt(r));
            case "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch": {
                if (LanguagePrimitives.isEnumerable(l)) {
                    List<Object> out = new ArrayList<>();
                    for (Object item : LanguagePrimitives.enumerate(l)) {
                        if (compareOp(name, item, r, caseSensitive, false)) {
                            out.add(item);
                        }
                    }
                    return out.toArray();
                }
                return compareOp(name, l, r, caseSensitive, true);
            }
            case "contains", "notcontains": {
                boolean found = LanguagePrimitives.asList(l).stream()
                        .anyMatch(item -> LanguagePrimitives.equal(item, r, caseSensitive));
                return name.equals("contains") == found;
            }
            case "in", "notin": {
                boolean found = LanguagePrimitives.asList(r).stream()
                        .anyMatch(item -> LanguagePrimitives.equal(item, l, caseSensitive));
                return name.equals("in") == found;
            }
            case "replace": {
                List<Object> parts = LanguagePrimitives.asList(r);
                if (parts.size() > 2) {
                    throw LanguagePrimitives.error("The -replace operator allows only two elements to follow it, not "
                            + parts.size() + ".", "BadReplaceArgument", "InvalidOperation");
                }
                Pattern p = LanguagePrimitives.regex(LanguagePrimitives.toStr(parts.get(0)), caseSensitive);
                String replacement = LanguagePrimitives.dotNetReplacement(parts.size() > 1
                        ? LanguagePrimitives.toStr(parts.get(1)) : "");
                if (LanguagePrimitives.isEnumerable(l)) {
                    return LanguagePrimitives.enumerate(l).stream()
                            .map(o -> p.matcher(LanguagePrimitives.toStr(o)).replaceAll(replacement)).toArray();
                }
                return p.matcher(LanguagePrimitives.toStr(l)).replaceAll(replacement);
            }
            case "split": {
                List<Object> parts = LanguagePrimitives.asList(r);
                Pattern p = LanguagePrimitives.regex(LanguagePrimitives.toStr(parts.get(0)), caseSensitive);
                int max = parts.size() > 1 ? LanguagePrimitives.toInt(parts.get(1)) : 0;
                List<Object> out = new ArrayList<>();
                for (Object o : LanguagePrimitives.asList(l)) {
                    String s = LanguagePrimitives.toStr(o);
                    out.addAll(List.of((Object[]) p.split(s, max > 0 ? max : -1)));
                    if (s.isEmpty() && out.isEmpty()) {
                        out.add("");
                    }
                }
                return out.toArray();
            }
            case "join": {
                StringBuilder sb = new StringBuilder();
                String sep = LanguagePrimitives.toStr(r);
                List<Object> items = LanguagePrimitives.asList(l);
                for (int i = 0; i < items.size(); i++) {
                    sb.append(i == 0 ? "" : sep).append(LanguagePrimitives.toStr(items.get(i)));
                }
                return l == null ? "" : sb.toString();
            }
            case "is", "isnot": {
                String type = r instanceof Types.StaticType t ? t.name()
                        : resolveType(LanguagePrimitives.toStr(r), null);
                return name.equals("is") == Types.isInstance(l, type);
            }
            case "as": {
                String type = r instanceof Types.StaticType t ? t.name()
                        : resolveType(LanguagePrimitives.toStr(r), null);
                try {
                    Object v = LanguagePrimitives.convertTo(l, type);
                    return type.equals(Types.PSCUSTOMOBJECT) || Types.isInstance(v, type) || v == null
                            || !(v instanceof PsObject) ? v : null;
                } catch (PsException e) {
                    return null;
                }
            }
            default:
                throw new IllegalStateException("operator " + op);
        }
    }

    private boolean compareOp(String name, Object l, Object r, boolean cs, boolean setMatches) {
        return switch (name) {
            case "eq" -> LanguagePrimitives.equal(l, r, cs);
            case "ne" -> !LanguagePrimitives.equal(l, r, cs);
            case "gt" -> LanguagePrimitives.compare(l, r, cs) > 0;
            case "ge" -> LanguagePrimitives.compare(l, r, cs) >= 0;
            case "lt" -> LanguagePrimitives.compare(l, r, cs) < 0;
            case "le" -> LanguagePrimitives.compare(l, r, cs) <= 0;
            case "like" -> LanguagePrimitives.like(l, LanguagePrimitives.toStr(r), cs);
            case "notlike" -> !LanguagePrimitives.like(l, LanguagePrimitives.toStr(r), cs);
            case "match" -> setMatches ? match(l, r, cs) : LanguagePrimitives.regex(LanguagePrimitives.toStr(r), cs)
                    .matcher(LanguagePrimitives.toStr(l)).find();
            default -> !(setMatches ? match(l, r, cs) : LanguagePrimitives.regex(LanguagePrimitives.toStr(r), cs)
                    .matcher(LanguagePrimitives.toStr(l)).find());
        };
    }

    /** {@code -match} on a scalar: sets $Matches (numbered and named groups) when it matches. */
    private boolean match(Object l, Object r, boolean cs) {
        String pattern = LanguagePrimitives.toStr(r);
        Matcher m = LanguagePrimitives.regex(pattern, cs).matcher(LanguagePrimitives.toStr(l));
        if (!m.find()) {
            return false;
        }
        PsHashtable matches = new PsHashtable();
        Matcher names = NAMED_GROUP.matcher(pattern);
        List<String> groupNames = new ArrayList<>();
        while (names.find()) {
            groupNames.add(names.group(1));
        }
        for (int i = m.groupCount(); i >= 0; i--) {
            if (m.group(i) != null) {
                matches.put(i, m.group(i));
            }
        }
        for (String g : groupNames) {
            if (m.group(g) != null) {
                matches.put(g, m.group(g));
            }
        }
        scope.set("Matches", matches);
        return true;
    }

    private static Object add(Object l, Object r) {
        if (l == null) {
            return LanguagePrimitives.isEnumerable(r) ? LanguagePrimitives.enumerate(r).toArray() : r;
        }
        if (l instanceof String s) {
            return s + LanguagePrimitives.toStr(r);
        }
        if (l instanceof Object[] || l instanceof List<?>) {
            List<Object> out = LanguagePrimitives.enumerate(l);
            if (LanguagePrimitives.isEnumerable(r)) {
                out.addAll(LanguagePrimitives.enumerate(r));
            } else {
                out.add(r);
            }
            return out.toArray();
        }
        if (l instanceof PsHashtable h) {
            if (!(r instanceof PsHashtable other)) {
                throw LanguagePrimitives.error("A hash table can only be added to another hash table.", "AddHashTableToNonHashTable",
                        "InvalidOperation");
            }
            PsHashtable out = h.copy();
            for (Map.Entry<Object, Object> e : other.entrySet()) {
                if (out.containsKey(e.getKey())) {
                    throw LanguagePrimitives.error("Item has already been added. Key in dictionary: '"
                            + LanguagePrimitives.toStr(e.getKey()) + "'  Key being added: '"
                            + LanguagePrimitives.toStr(e.getKey()) + "'", "System.ArgumentException", "NotSpecified");
                }
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }
        if (LanguagePrimitives.isNumber(l) || l instanceof Boolean || l instanceof Character) {
            return numeric("+", LanguagePrimitives.toNumber(l), LanguagePrimitives.toNumber(r));
        }
        throw LanguagePrimitives.error("Method invocation failed because [" + Types.typeNameOf(l) + "] does not contain a method "
                + "named 'op_Addition'.", "MethodNotFound", "InvalidOperation");
    }

    private static Object arithmetic(String op, Object l, Object r) {
        if (op.equals("*") && l instanceof String s) {
            return s.repeat(Math.max(0, LanguagePrimitives.toInt(r)));
        }
        if (op.equals("*") && (l instanceof Object[] || l instanceof List<?>)) {
            List<Object> items = LanguagePrimitives.enumerate(l);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < LanguagePrimitives.toInt(r); i++) {
                out.addAll(items);
            }
            return out.toArray();
        }
        if (l != null && !LanguagePrimitives.isNumber(l) && !(l instanceof String) && !(l instanceof Boolean)
                && !(l instanceof Character)) {
            String method = switch (op) {
                case "-" -> "op_Subtraction";
                case "*" -> "op_Multiply";
                case "/" -> "op_Division";
                default -> "op_Modulus";
            };
            throw LanguagePrimitives.error("Method invocation failed because [" + Types.typeNameOf(l) + "] does not contain a "
                    + "method named '" + method + "'.", "MethodNotFound", "InvalidOperation");
        }
        return numeric(op, LanguagePrimitives.toNumber(l), LanguagePrimitives.toNumber(r));
    }

    private static Object numeric(String op, Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if ((op.equals("/") || op.equals("%")) && y == 0) {
                throw divideByZero();
            }
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                default -> x % y;
            };
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            BigDecimal x = new BigDecimal(a.toString());
            BigDecimal y = new BigDecimal(b.toString());
            if ((op.equals("/") || op.equals("%")) && y.signum() == 0) {
                throw divideByZero();
            }
            return switch (op) {
                case "+" -> x.add(y);
                case "-" -> x.subtract(y);
                case "*" -> x.multiply(y);
                case "/" -> x.divide(y, java.math.MathContext.DECIMAL128);
                default -> x.remainder(y);
            };
        }
        long x = a.longValue();
        long y = b.longValue();
        boolean wide = a instanceof Long || b instanceof Long;
        try {
            long result = switch (op) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "/" -> {
                    if (y == 0) {
                        throw divideByZero();
                    }
                    if (x % y != 0) {
                        throw new ArithmeticException("fraction");
                    }
                    yield x / y;
                }
                default -> {
                    if (y == 0) {
                        throw divideByZero();
                    }
                    yield x % y;
                }
            };
            if (!wide && (result > Integer.MAX_VALUE || result < Integer.MIN_VALUE)) {
                return (double) result;
            }
            return wide ? (Object) result : (Object) (int) result;
        } catch (ArithmeticException e) {
            return numeric(op, (double) x, (double) y);
        }
    }

    private static PsException divideByZero() {
        return new PsException(new PsErrorRecord("Attempted to divide by zero.", "RuntimeException", "NotSpecified",
                null), "RuntimeException");
    }

    private static Object range(Object l, Object r) {
        int from = LanguagePrimitives.toInt(l);
        int to = LanguagePrimitives.toInt(r);
        if (Math.abs((long) to - from) > 10_000_000) {
            throw LanguagePrimitives.error("The range is too large.", "RangeTooLarge", "InvalidOperation");
        }
        Object[] out = new Object[Math.abs(to - from) + 1];
        int step = from <= to ? 1 : -1;
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i * step;
        }
        return out;
    }
}
