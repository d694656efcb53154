package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** The generic cmdlets every runspace has (output, pipeline, data, files, remoting). */
final class BuiltinCmdlets {

    private BuiltinCmdlets() {
    }

    /** A cmdlet defined by its parameters and a body. */
    record Simple(String name, List<ParameterSpec> parameters, Consumer<CmdletContextImpl> body) implements Cmdlet {
        @Override
        public void invoke(CmdletContext context) {
            body.accept((CmdletContextImpl) context);
        }

        @Override
        public boolean worksAtEndOfInput() {
            // ForEach-Object's -Begin/-End blocks and Measure-Object's count of zero
            return name.equals("ForEach-Object") || name.equals("Measure-Object");
        }
    }

    private static ParameterSpec pos(String name, int position) {
        return ParameterSpec.positional(name, position);
    }

    private static ParameterSpec named(String name) {
        return ParameterSpec.named(name);
    }

    private static ParameterSpec sw(String name) {
        return ParameterSpec.switchParam(name);
    }

    private static ParameterSpec input() {
        return ParameterSpec.named("InputObject").fromPipeline();
    }

    static PsException error(String message, String id, String commandClass, String category, Object target,
                             String exceptionType) {
        return new PsException(new PsErrorRecord(message, id + ",Microsoft.PowerShell.Commands." + commandClass,
                category, target), exceptionType);
    }

    static void registerAll(CommandTable t) {
        t.register(new Simple("Write-Output", List.of(pos("InputObject", 0).required().allowingNull().fromPipeline(),
                sw("NoEnumerate")), c -> {
                    if (!c.pipelineInput().isEmpty()) {
                        c.pipelineInput().forEach(c::write);
                    } else if (c.switchOn("NoEnumerate")) {
                        c.write(c.get("InputObject"));
                    } else {
                        Interpreter.emit(c.get("InputObject"), c::write);
                    }
                }));
        t.register(new Simple("Write-Host", List.of(pos("Object", 0).fromPipeline(), sw("NoNewline"),
                named("Separator"), named("ForegroundColor"), named("BackgroundColor")), c -> {
                    String sep = c.isPresent("Separator") ? LanguagePrimitives.toStr(c.get("Separator")) : " ";
                    List<String> parts = new ArrayList<>();
                    c.inputOr("Object").forEach(o -> parts.add(LanguagePrimitives.toStr(o)));
                    c.interpreter().streams.host().accept(String.join(sep, parts)
                            + (c.switchOn("NoNewline") ? "" : "\r\n"));
                }));
        t.register(new Simple("Write-Error", List.of(pos("Message", 0).fromPipeline(), named("ErrorId"),
                named("Category"), named("TargetObject"), named("ErrorRecord"), named("Exception")), BuiltinCmdlets::writeError));
        t.register(new Simple("Write-Warning", List.of(pos("Message", 0).required().allowingEmptyString().fromPipeline()),
                c -> c.inputOr("Message").forEach(m -> c.interpreter().streams.warnings()
                        .accept("WARNING: " + LanguagePrimitives.toStr(m) + "\r\n"))));
        t.register(new Simple("Write-Verbose", List.of(pos("Message", 0).required().allowingEmptyString().fromPipeline()), c -> {
            if (c.interpreter().runspace().getVariable("VerbosePreference") instanceof String p
                    && p.equalsIgnoreCase("Continue")) {
                c.inputOr("Message").forEach(m -> c.interpreter().streams.host()
                        .accept("VERBOSE: " + LanguagePrimitives.toStr(m) + "\r\n"));
            }
        }));
        t.register(new Simple("Write-Debug", List.of(pos("Message", 0).required().allowingEmptyString().fromPipeline()), c -> { }));
        t.register(new Simple("Write-Progress", List.of(pos("Activity", 0), pos("Status", 1), named("Id"),
                named("PercentComplete"), named("CurrentOperation"), sw("Completed")), c -> { }));
        t.register(new Simple("Out-Null", List.of(input()), c -> { }));
        t.register(new Simple("Out-String", List.of(input(), sw("Stream"), named("Width")), c -> {
            int width = c.isPresent("Width") ? LanguagePrimitives.toInt(c.get("Width")) : ConsoleFormat.WIDTH;
            String text = OutputFormatter.text(c.inputOr("InputObject"), width);
            if (c.switchOn("Stream")) {
                for (String line : text.split("\r\n")) {
                    c.write(line);
                }
            } else {
                c.write(text);
            }
        }));
        Consumer<CmdletContextImpl> outHost = c -> c.interpreter().streams.host()
                .accept(OutputFormatter.text(c.inputOr("InputObject"), ConsoleFormat.WIDTH));
        t.register(new Simple("Out-Default", List.of(input()), outHost));
        t.register(new Simple("Out-Host", List.of(input()), outHost));
        t.register(new Simple("ForEach-Object", List.of(pos("Process", 0), named("Begin"), named("End"),
                input()), BuiltinCmdlets::forEachObject));
        t.register(new Simple("Where-Object", List.of(pos("FilterScript", 0), pos("Value", 1), input(),
                sw("EQ"), sw("NE"), sw("GT"), sw("GE"), sw("LT"), sw("LE"), sw("Like"), sw("NotLike"), sw("Match"),
                sw("NotMatch"), sw("Contains"), sw("NotContains"), sw("In"), sw("NotIn"), sw("CEQ"), sw("Not")),
                BuiltinCmdlets::whereObject));
        t.register(new Simple("Select-Object", List.of(pos("Property", 0), named("ExpandProperty"), named("First"),
                named("Last"), named("Skip"), sw("Unique"), input()), BuiltinCmdlets::selectObject));
        t.register(new Simple("Sort-Object", List.of(pos("Property", 0), sw("Descending"), sw("Unique"),
                sw("CaseSensitive"), input()), BuiltinCmdlets::sortObject));
        t.register(new Simple("Measure-Object", List.of(pos("Property", 0), sw("Sum"), sw("Average"),
                sw("Maximum"), sw("Minimum"), input()), BuiltinCmdlets::measureObject));
        t.register(new Simple("ConvertTo-Json", List.of(pos("InputObject", 0).required().allowingNull().fromPipeline(),
                named("Depth"), sw("Compress")), c -> {
                    List<Object> items = new ArrayList<>();
                    c.inputOr("InputObject").stream().filter(o -> o != null).forEach(items::add);
                    if (c.pipelineInput().isEmpty() && c.get("InputObject") != null
                            && LanguagePrimitives.isEnumerable(c.get("InputObject"))) {
                        items = List.of(c.get("InputObject"));
                    }
                    if (items.isEmpty()) {
                        return;
                    }
                    int depth = c.isPresent("Depth") ? LanguagePrimitives.toInt(c.get("Depth")) : 2;
                    Object value = items.size() == 1 ? items.get(0) : items.toArray();
                    Object prepared = Json.prepare(value, 0, depth);
                    c.write(c.switchOn("Compress") ? Json.compact(prepared) : Json.pretty(prepared));
                }));
        t.register(new Simple("ConvertFrom-Json", List.of(pos("InputObject", 0).required().fromPipeline()), c -> {
            List<String> parts = new ArrayList<>();
            c.inputOr("InputObject").forEach(o -> parts.add(LanguagePrimitives.toStr(o)));
            String text = String.join("\n", parts);
            if (text.isBlank()) {
                return;
            }
            c.write(Json.parse(text));
        }));
        t.register(new Simple("ConvertTo-SecureString", List.of(pos("String", 0).required().fromPipeline(),
                sw("AsPlainText"), sw("Force"), named("Key"), named("SecureKey")), BuiltinCmdlets::toSecureString));
        t.register(new Simple("New-Object", List.of(pos("TypeName", 0).required(),
                pos("ArgumentList", 1).withAliases("Args"), named("Property")), BuiltinCmdlets::newObject));
        registerFiles(t);
        FormatCmdlets.register(t);
        t.register(new Simple("Invoke-Expression", List.of(pos("Command", 0).required().fromPipeline()), c -> {
            for (Object text : c.inputOr("Command")) {
                Ast.Block block;
                try {
                    block = Parser.parseScript(LanguagePrimitives.toStr(text));
                } catch (ParseException e) {
                    throw error(e.getMessage(), e.errorId(), "InvokeExpressionCommand", "ParserError", null,
                            "ParseException");
                }
                c.interpreter().execStatements(block.statements(), o -> Interpreter.emit(o, c::write));
            }
        }));
        t.register(new Simple("Get-Date", List.of(pos("Date", 0), named("Format"), named("UFormat")), c -> {
            PsDateTime now = c.isPresent("Date")
                    ? (PsDateTime) LanguagePrimitives.convertTo(c.get("Date"), Types.DATETIME) : c.interpreter().now();
            c.write(c.isPresent("Format") ? now.format(LanguagePrimitives.toStr(c.get("Format"))) : now);
        }));
        t.register(new Simple("Start-Sleep", List.of(pos("Seconds", 0), named("Milliseconds")), c -> {
            // a simulated machine does not make its caller wait: scripts only need the call to succeed
        }));
        t.register(new Simple("Get-Command", List.of(pos("Name", 0)), BuiltinCmdlets::getCommand));
        RemotingCmdlets.register(t);
    }

    static PsCredential newCredential(List<Object> args) {
        if (args.size() != 2) {
            throw LanguagePrimitives.error("Cannot find an overload for \"PSCredential\" and the argument count: \"" + args.size()
                    + "\".", "ConstructorInvokedThrowException", "InvalidOperation");
        }
        if (!(args.get(1) instanceof PsSecureString secure)) {
            throw LanguagePrimitives.error("Cannot convert argument \"password\", with value: \""
                    + LanguagePrimitives.toStr(args.get(1)) + "\", for \"PSCredential\" to type "
                    + "\"System.Security.SecureString\": \"Cannot convert the \"" + LanguagePrimitives.toStr(args.get(1))
                    + "\" value of type \"" + Types.typeNameOf(args.get(1)) + "\" to type "
                    + "\"System.Security.SecureString\".\"", "ConstructorInvokedThrowException", "InvalidOperation");
        }
        String userName = args.get(0) == null ? "" : LanguagePrimitives.toStr(args.get(0));
        if (userName.isEmpty()) {
            // PSCredential's constructor refuses an empty user name (PSArgumentException).
            throw LanguagePrimitives.error("Exception calling \".ctor\" with \"2\" argument(s): \"Cannot process argument because"
                    + " the value of argument \"userName\" is not valid. Change the value of the \"userName\" argument"
                    + " and run the operation again.\"", "ConstructorInvokedThrowException", "InvalidOperation");
        }
        return new PsCredential(userName, secure);
    }

    // ------------------------------------------------------------------ output

    private static void writeError(CmdletContextImpl c) {
        if (c.get("ErrorRecord") instanceof ErrorRecordObject e) {
            c.writeErrorRecord(e);
            return;
        }
        String message = c.isPresent("Message") ? LanguagePrimitives.toStr(c.get("Message"))
                : c.get("Exception") != null ? LanguagePrimitives.toStr(Members.get(c.get("Exception"), "Message"))
                : LanguagePrimitives.toStr(LanguagePrimitives.collapse(c.pipelineInput()));
        String id = c.isPresent("ErrorId") ? LanguagePrimitives.toStr(c.get("ErrorId"))
                : "Microsoft.PowerShell.Commands.WriteErrorException";
        String category = c.isPresent("Category") ? LanguagePrimitives.toStr(c.get("Category")) : "NotSpecified";
        PsErrorRecord record = new PsErrorRecord(message, id, category, c.get("TargetObject"));
        String prefix = c.extent() == null ? c.command() : c.extent().text();
        c.writeErrorRecord(new ErrorRecordObject(record, "WriteErrorException", prefix, "Write-Error", c.extent()));
    }

    // ------------------------------------------------------------------ pipeline utilities

    private static void forEachObject(CmdletContextImpl c) {
        Interpreter in = c.interpreter();
        if (c.get("Begin") instanceof ScriptBlockValue begin) {
            in.invokeWithItem(begin, null).forEach(o -> Interpreter.emit(o, c::write));
        }
        Object process = c.get("Process");
        for (Object item : c.inputOr("InputObject")) {
            if (process instanceof ScriptBlockValue sb) {
                in.invokeWithItem(sb, item).forEach(o -> Interpreter.emit(o, c::write));
            } else if (process != null) {
                Interpreter.emit(Members.get(item, LanguagePrimitives.toStr(process)), c::write);
            }
        }
        if (c.get("End") instanceof ScriptBlockValue end) {
            in.invokeWithItem(end, null).forEach(o -> Interpreter.emit(o, c::write));
        }
    }

    private static void whereObject(CmdletContextImpl c) {
        Object filter = c.get("FilterScript");
        String[] ops = {"EQ", "NE", "GT", "GE", "LT", "LE", "Like", "NotLike", "Match", "NotMatch", "Contains",
                "NotContains", "In", "NotIn", "CEQ"};
        String op = null;
        for (String o : ops) {
            if (c.switchOn(o)) {
                op = o.toLowerCase(Locale.ROOT);
            }
        }
        for (Object item : c.inputOr("InputObject")) {
            boolean keep;
            if (filter instanceof ScriptBlockValue sb) {
                keep = LanguagePrimitives.toBool(LanguagePrimitives.collapse(c.interpreter().invokeWithItem(sb, item)));
            } else if (filter != null) {
                Object value = Members.get(item, LanguagePrimitives.toStr(filter));
                keep = op == null ? (c.switchOn("Not") ? !LanguagePrimitives.toBool(value) : LanguagePrimitives.toBool(value))
                        : LanguagePrimitives.toBool(c.interpreter().binary("-" + op, value, c.get("Value")));
            } else {
                throw error("Cannot process command because of one or more missing mandatory parameters: FilterScript.",
                        "MissingMandatoryParameter", "WhereObjectCommand", "InvalidArgument", null,
                        "ParameterBindingException");
            }
            if (keep) {
                c.write(item);
            }
        }
    }

    /** Select-Object's -First, -Last and -Skip: [int] with [ValidateRange(0, [int]::MaxValue)]. */
    private static int count(CmdletContextImpl c, String parameter) {
        return LanguagePrimitives.toNonNegativeIntArgument(c.get(parameter), parameter,
                "Microsoft.PowerShell.Commands.SelectObjectCommand");
    }

    private static void selectObject(CmdletContextImpl c) {
        List<Object> items = new ArrayList<>(c.inputOr("InputObject"));
        if (c.switchOn("Unique")) {
            List<Object> unique = new ArrayList<>();
            for (Object o : items) {
                if (unique.stream().noneMatch(u -> LanguagePrimitives.equal(u, o, true))) {
                    unique.add(o);
                }
            }
            items = unique;
        }
        if (c.isPresent("Skip")) {
            items = items.subList(Math.min(items.size(), count(c, "Skip")), items.size());
        }
        if (c.isPresent("First")) {
            items = items.subList(0, Math.min(items.size(), count(c, "First")));
        }
        if (c.isPresent("Last")) {
            items = items.subList(Math.max(0, items.size() - count(c, "Last")), items.size());
        }
        List<Object> properties = c.isPresent("Property") ? LanguagePrimitives.asList(c.get("Property")) : List.of();
        for (Object item : items) {
            if (c.isPresent("ExpandProperty")) {
                String name = LanguagePrimitives.toStr(c.get("ExpandProperty"));
                if (!hasProperty(item, name)) {
                    c.writeError(error("Property \"" + name + "\" cannot be found.", "ExpandPropertyNotFound",
                            "SelectObjectCommand", "InvalidArgument", item, "PSArgumentException"));
                    continue;
                }
                Interpreter.emit(Members.get(item, name), c::write);
            } else if (!properties.isEmpty()) {
                PsObject selected = new PsObject(List.of("Selected." + Types.typeNameOf(item), Types.PSCUSTOMOBJECT,
                        Types.OBJECT), null);
                for (Object p : properties) {
                    if (p instanceof PsHashtable calc) {
                        Object label = calc.containsKey("Name") ? calc.get("Name") : calc.containsKey("n")
                                ? calc.get("n") : calc.containsKey("Label") ? calc.get("Label") : calc.get("l");
                        Object expr = calc.containsKey("Expression") ? calc.get("Expression") : calc.get("e");
                        Object value = expr instanceof ScriptBlockValue sb ? LanguagePrimitives.collapse(
                                c.interpreter().invokeWithItem(sb, item)) : Members.get(item,
                                LanguagePrimitives.toStr(expr));
                        selected.with(LanguagePrimitives.toStr(label), value);
                    } else {
                        String pattern = LanguagePrimitives.toStr(p);
                        for (String name : propertyNames(item)) {
                            if (LanguagePrimitives.like(name, pattern, false)) {
                                selected.with(name, Members.get(item, name));
                            }
                        }
                        if (!pattern.contains("*") && !selected.has(pattern)) {
                            selected.with(pattern, null);
                        }
                    }
                }
                c.write(selected);
            } else {
                c.write(item);
            }
        }
    }

    private static boolean hasProperty(Object item, String name) {
        if (item instanceof PsHashtable h) {
            return h.containsKey(name);
        }
        if (item instanceof PsObject o) {
            return o.has(name);
        }
        return Members.get(item, name) != null;
    }

    private static List<String> propertyNames(Object item) {
        if (item instanceof PsObject o) {
            return o.propertyNames();
        }
        if (item instanceof String) {
            return List.of("Length");
        }
        if (item instanceof PsHashtable) {
            return List.of("IsReadOnly", "IsFixedSize", "IsSynchronized", "Keys", "Values", "SyncRoot", "Count");
        }
        return List.of();
    }

    private static void sortObject(CmdletContextImpl c) {
        List<Object> items = new ArrayList<>(c.inputOr("InputObject"));
        boolean cs = c.switchOn("CaseSensitive");
        List<Object> props = c.isPresent("Property") ? LanguagePrimitives.asList(c.get("Property")) : List.of();
        Comparator<Object> cmp = (a, b) -> {
            if (props.isEmpty()) {
                return LanguagePrimitives.compare(a, b, cs);
            }
            for (Object p : props) {
                Object x = p instanceof ScriptBlockValue sb ? LanguagePrimitives.collapse(c.interpreter()
                        .invokeWithItem(sb, a)) : Members.get(a, LanguagePrimitives.toStr(p));
                Object y = p instanceof ScriptBlockValue sb ? LanguagePrimitives.collapse(c.interpreter()
                        .invokeWithItem(sb, b)) : Members.get(b, LanguagePrimitives.toStr(p));
                int r = LanguagePrimitives.compare(x, y, cs);
                if (r != 0) {
                    return r;
                }
            }
            return 0;
        };
        items.sort(c.switchOn("Descending") ? cmp.reversed() : cmp);
        List<Object> out = new ArrayList<>();
        for (Object o : items) {
            if (!c.switchOn("Unique") || out.isEmpty() || cmp.compare(out.get(out.size() - 1), o) != 0) {
                out.add(o);
            }
        }
        out.forEach(c::write);
    }

    private static void measureObject(CmdletContextImpl c) {
        List<Object> items = c.inputOr("InputObject");
        String property = c.isPresent("Property") ? LanguagePrimitives.toStr(c.get("Property")) : null;
        List<Object> values = new ArrayList<>();
        for (Object o : items) {
            values.add(property == null ? o : Members.get(o, property));
        }
        PsObject info = new PsObject(List.of("Microsoft.PowerShell.Commands.GenericMeasureInfo", "System.Object"),
                "Microsoft.PowerShell.Commands.GenericMeasureInfo");
        info.with("Count", values.size());
        boolean any = c.switchOn("Sum") || c.switchOn("Average") || c.switchOn("Maximum") || c.switchOn("Minimum");
        double sum = 0;
        Object max = null;
        Object min = null;
        for (Object v : values) {
            if (any) {
                sum += LanguagePrimitives.toDouble(v);
                max = max == null || LanguagePrimitives.compare(v, max, false) > 0 ? v : max;
                min = min == null || LanguagePrimitives.compare(v, min, false) < 0 ? v : min;
            }
        }
        info.with("Average", c.switchOn("Average") && !values.isEmpty() ? sum / values.size() : null)
                .with("Sum", c.switchOn("Sum") ? sum : null)
                .with("Maximum", c.switchOn("Maximum") && max != null ? LanguagePrimitives.toDouble(max) : null)
                .with("Minimum", c.switchOn("Minimum") && min != null ? LanguagePrimitives.toDouble(min) : null)
                .with("Property", property);
        c.write(info);
    }

    // ------------------------------------------------------------------ data

    private static void toSecureString(CmdletContextImpl c) {
        for (Object s : c.inputOr("String")) {
            if (!c.switchOn("AsPlainText")) {
                throw error("Key not valid for use in specified state.", "ImportSecureString_InvalidArgument_"
                        + "CryptographicError", "ConvertToSecureStringCommand", "InvalidArgument", null,
                        "CryptographicException");
            }
            if (!c.switchOn("Force")) {
                throw error("The system cannot protect plain text input. To suppress this warning and convert the "
                        + "plain text to a SecureString, reenter the command using the Force parameter. For more "
                        + "information, type: get-help ConvertTo-SecureString.", "ImportSecureString_InvalidArgument",
                        "ConvertToSecureStringCommand", "InvalidArgument", null, "ArgumentException");
            }
            c.write(new PsSecureString(LanguagePrimitives.toStr(s)));
        }
    }

    private static void newObject(CmdletContextImpl c) {
        String raw = LanguagePrimitives.toStr(c.get("TypeName"));
        String type = Types.resolve(raw);
        List<Object> args = c.isPresent("ArgumentList") ? LanguagePrimitives.asList(c.get("ArgumentList")) : List.of();
        Object created;
        if (Types.PSCREDENTIAL.equals(type)) {
            created = newCredential(args);
        } else if (Types.PSOBJECT.equals(type) || Types.PSCUSTOMOBJECT.equals(type)) {
            PsObject o = new PsObject();
            if (c.get("Property") instanceof PsHashtable h) {
                h.forEach((k, v) -> o.with(LanguagePrimitives.toStr(k), v));
            }
            created = o;
        } else if (Types.ARRAYLIST.equals(type)) {
            created = new ArrayList<>();
        } else if (Types.HASHTABLE.equals(type)) {
            created = new PsHashtable();
        } else if (type != null && (created = CompressedText.construct(type, args)) != null) {
            // a stream over bytes, a GZipStream over it, a StreamReader over that
        } else {
            throw error("Cannot find type [" + raw + "]: verify that the assembly containing this type is loaded.",
                    "TypeNotFound", "NewObjectCommand", "InvalidType", null, "PSArgumentException");
        }
        c.write(created);
    }

    // ------------------------------------------------------------------ files

    private static void registerFiles(CommandTable t) {
        t.register(new Simple("Get-Content", List.of(pos("Path", 0).withAliases("LiteralPath", "PSPath"), sw("Raw"),
                named("Encoding"), named("TotalCount").withAliases("First", "Head")), c -> {
                    for (Object p : LanguagePrimitives.asList(c.get("Path"))) {
                        String path = LanguagePrimitives.toStr(p);
                        var text = c.interpreter().runspace().host().files().read(path);
                        if (text.isEmpty()) {
                            c.writeError(notFound(path, "GetContentCommand"));
                            continue;
                        }
                        if (c.switchOn("Raw")) {
                            c.write(text.get());
                            continue;
                        }
                        List<String> lines = Interpreter.lines(text.get());
                        int max = c.isPresent("TotalCount") ? LanguagePrimitives.toInt(c.get("TotalCount")) : -1;
                        for (int i = 0; i < lines.size() && (max < 0 || i < max); i++) {
                            c.write(lines.get(i));
                        }
                    }
                }));
        t.register(new Simple("Set-Content", List.of(pos("Path", 0).required(), pos("Value", 1).fromPipeline(),
                sw("NoNewline"), named("Encoding"), sw("Force")), c -> writeContent(c, false)));
        t.register(new Simple("Add-Content", List.of(pos("Path", 0).required(), pos("Value", 1).fromPipeline(),
                sw("NoNewline"), named("Encoding"), sw("Force")), c -> writeContent(c, true)));
        t.register(new Simple("Remove-Item", List.of(pos("Path", 0).fromPipeline().withAliases("LiteralPath"),
                sw("Force"), sw("Recurse")), c -> {
                    for (Object p : c.inputOr("Path")) {
                        String path = LanguagePrimitives.toStr(p);
                        if (!c.interpreter().runspace().host().files().delete(path)) {
                            c.writeError(notFound(path, "RemoveItemCommand"));
                        }
                    }
                }));
        t.register(new Simple("Test-Path", List.of(pos("Path", 0).required().fromPipeline()
                .withAliases("LiteralPath"), named("PathType"), sw("IsValid")), c -> {
                    for (Object p : c.inputOr("Path")) {
                        String path = LanguagePrimitives.toStr(p);
                        String kind = c.isPresent("PathType") ? LanguagePrimitives.toStr(c.get("PathType")) : "Any";
                        PsHost host = c.interpreter().runspace().host();
                        Optional<Boolean> container = c.switchOn("IsValid") ? Optional.empty() : host.providerContainerExists(path);
                        if (container.isPresent()) {
                            c.write(container.get() && !kind.equalsIgnoreCase("Leaf"));
                            continue;
                        }
                        boolean exists = host.files().read(path).isPresent() || programAt(host, path).isPresent();
                        c.write(c.switchOn("IsValid") || (exists && !kind.equalsIgnoreCase("Container")));
                    }
                }));
        t.register(new Simple("Get-Item", List.of(pos("Path", 0).required().fromPipeline()
                .withAliases("LiteralPath")), BuiltinCmdlets::getItem));
    }

    private static PsException notFound(String path, String commandClass) {
        return PsException.pathNotFound(path, "Microsoft.PowerShell.Commands." + commandClass);
    }

    private static void writeContent(CmdletContextImpl c, boolean append) {
        List<Object> values = c.inputOr("Value");
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append(LanguagePrimitives.toStr(v));
            if (!c.switchOn("NoNewline")) {
                sb.append("\r\n");
            }
        }
        for (Object p : LanguagePrimitives.asList(c.get("Path"))) {
            String path = LanguagePrimitives.toStr(p);
            if (append) {
                c.interpreter().runspace().host().files().append(path, sb.toString());
            } else {
                c.interpreter().runspace().host().files().write(path, sb.toString());
            }
        }
    }

    // ------------------------------------------------------------------ commands

    private static void getCommand(CmdletContextImpl c) {
        for (Object n : LanguagePrimitives.asList(c.get("Name"))) {
            String name = LanguagePrimitives.toStr(n);
            var cmdlet = c.interpreter().runspace().commands().find(name);
            Optional<NativeCommand> program = cmdlet.isPresent() ? Optional.empty()
                    : c.interpreter().runspace().nativeCommand(name);
            String type = cmdlet.isPresent() ? cmdlet.get() instanceof RemotingCmdlets.Proxy ? "Function" : "Cmdlet"
                    : program.isPresent() ? "Application" : null;
            if (type == null) {
                c.writeError(PsException.commandNotFound(name, "Microsoft.PowerShell.Commands.GetCommandCommand"));
                continue;
            }
            Optional<PsObject> versionInfo = program.flatMap(NativeCommand::fileVersionInfo);
            if (versionInfo.isPresent()) {
                // an ApplicationInfo: the program found on PATH, named by its file
                String path = LanguagePrimitives.toStr(versionInfo.get().get("FileName"));
                c.write(new PsObject(List.of("System.Management.Automation.ApplicationInfo",
                        "System.Management.Automation.CommandInfo", "System.Object"), path.substring(path.lastIndexOf('\\') + 1))
                        .with("CommandType", type).with("Name", path.substring(path.lastIndexOf('\\') + 1))
                        .with("Source", path).with("Path", path).with("Definition", path)
                        .with("FileVersionInfo", versionInfo.get()));
                continue;
            }
            c.write(new PsObject(List.of("System.Management.Automation.CommandInfo", "System.Object"),
                    cmdlet.map(Cmdlet::name).orElse(name)).with("CommandType", type)
                    .with("Name", cmdlet.map(Cmdlet::name).orElse(name)));
        }
    }

    /** The program the host has at a full path (a file that Test-Path and Get-Item see), if any. */
    private static Optional<NativeCommand> programAt(PsHost host, String path) {
        return path.contains("\\") || path.contains("/") ? host.nativeCommand(path) : Optional.empty();
    }

    /**
     * Get-Item for files: the host's programs (with VersionInfo where the host models it) and the
     * files scripts wrote. Items of provider drives (IIS:, HKLM:) are not modelled here.
     */
    private static void getItem(CmdletContextImpl c) {
        PsHost host = c.interpreter().runspace().host();
        for (Object p : c.inputOr("Path")) {
            String path = LanguagePrimitives.toStr(p);
            if (host.providerContainerExists(path).orElse(false)) {
                c.writeError(new PsErrorRecord("Get-Item on '" + path + "': this simulator models items of provider drives"
                        + " for Test-Path only.", "NotModelled,Microsoft.PowerShell.Commands.GetItemCommand",
                        "NotImplemented", path));
                continue;
            }
            Optional<NativeCommand> program = programAt(host, path);
            Optional<String> text = host.files().read(path);
            if (program.isEmpty() && text.isEmpty()) {
                c.writeError(notFound(path, "GetItemCommand").record());
                continue;
            }
            String fullName = program.flatMap(NativeCommand::fileVersionInfo)
                    .map(info -> LanguagePrimitives.toStr(info.get("FileName"))).orElse(path);
            int slash = fullName.lastIndexOf('\\');
            String fileName = fullName.substring(slash + 1);
            c.write(new PsObject(List.of("System.IO.FileInfo", "System.IO.FileSystemInfo", "System.Object"), fullName)
                    .with("Name", fileName)
                    .with("FullName", fullName)
                    .with("DirectoryName", slash < 0 ? "" : fullName.substring(0, slash))
                    .with("Extension", fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.')) : "")
                    .with("VersionInfo", program.flatMap(NativeCommand::fileVersionInfo).orElse(null)));
        }
    }
}
