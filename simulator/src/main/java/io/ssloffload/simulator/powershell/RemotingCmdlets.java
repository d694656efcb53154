package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Invoke-Command, Import-PSSession and Remove-PSSession over {@link PsRemoteSession}s. */
final class RemotingCmdlets {

    private static final Pattern USING = Pattern.compile("\\$(?:using:(\\w+)|\\{using:([^}]+)})",
            Pattern.CASE_INSENSITIVE);

    private RemotingCmdlets() {
    }

    static void register(CommandTable t) {
        t.register(new BuiltinCmdlets.Simple("Invoke-Command", List.of(ParameterSpec.positional("ScriptBlock", 0)
                .required().withAliases("Command"), ParameterSpec.named("Session"), ParameterSpec.named("ComputerName")
                .withAliases("Cn"), ParameterSpec.named("ArgumentList").withAliases("Args"),
                ParameterSpec.named("InputObject").fromPipeline(), ParameterSpec.switchParam("HideComputerName"),
                ParameterSpec.named("Credential")), RemotingCmdlets::invokeCommand));
        t.register(new BuiltinCmdlets.Simple("Import-PSSession", List.of(ParameterSpec.positional("Session", 0)
                .required(), ParameterSpec.positional("CommandName", 1).withAliases("Name"),
                ParameterSpec.switchParam("AllowClobber"), ParameterSpec.switchParam("DisableNameChecking"),
                ParameterSpec.named("Prefix"), ParameterSpec.named("FormatTypeName"), ParameterSpec.named("Module")),
                RemotingCmdlets::importSession));
        t.register(new BuiltinCmdlets.Simple("Remove-PSSession", List.of(ParameterSpec.positional("Session", 0)
                .fromPipeline()), c -> {
                    for (Object s : c.inputOr("Session")) {
                        session(c, s).close();
                    }
                }));
    }

    private static PsRemoteSession session(CmdletContextImpl c, Object value) {
        if (value instanceof PsRemoteSession s) {
            return s;
        }
        throw ParameterBinder.bindingError(c.command(), "Cannot bind parameter 'Session'. Cannot convert the \""
                + LanguagePrimitives.toStr(value) + "\" value of type \"" + Types.typeNameOf(value) + "\" to type "
                + "\"System.Management.Automation.Runspaces.PSSession\".", "CannotConvertArgumentNoMessage", c.extent());
    }

    private static PsException closed(PsRemoteSession s, String commandClass) {
        return BuiltinCmdlets.error("Because the session state for session " + s.get("Name") + ", "
                + s.get("ComputerName") + " is not equal to Open, you cannot run a command in the session.  The session "
                + "state is Closed.", "InvalidSessionState", commandClass, "InvalidOperation", s,
                "InvalidRunspaceStateException");
    }

    private static void invokeCommand(CmdletContextImpl c) {
        if (!(c.get("ScriptBlock") instanceof ScriptBlockValue block)) {
            throw ParameterBinder.bindingError(c.command(), "Cannot bind parameter 'ScriptBlock'. Cannot convert the \""
                    + LanguagePrimitives.toStr(c.get("ScriptBlock")) + "\" value of type \""
                    + Types.typeNameOf(c.get("ScriptBlock")) + "\" to type \"System.Management.Automation.ScriptBlock\".",
                    "CannotConvertArgumentNoMessage", c.extent());
        }
        List<Object> args = c.isPresent("ArgumentList") ? LanguagePrimitives.asList(c.get("ArgumentList"))
                : new ArrayList<>();
        if (c.isPresent("ComputerName")) {
            throw BuiltinCmdlets.error("Connecting to remote server " + LanguagePrimitives.toStr(c.get("ComputerName"))
                    + " failed with the following error message : WinRM cannot process the request: this simulator "
                    + "opens remote sessions only through New-PSSession.", "PSSessionStateBroken", "InvokeCommandCommand",
                    "OpenError", c.get("ComputerName"), "PSRemotingTransportException");
        }
        if (!c.isPresent("Session")) {
            c.interpreter().invokeScriptBlock(block, args).forEach(o -> Interpreter.emit(o, c::write));
            return;
        }
        Map<String, Object> using = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Matcher m = USING.matcher(block.text());
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            using.put(name, c.interpreter().getVariable(null, name));
        }
        for (Object s : LanguagePrimitives.asList(c.get("Session"))) {
            PsRemoteSession session = session(c, s);
            if (!session.isOpened()) {
                c.writeError(closed(session, "InvokeCommandCommand"));
                continue;
            }
            List<Object> sent = new ArrayList<>();
            args.forEach(a -> sent.add(Remoting.deserialize(a)));
            RunspaceImpl remote = (RunspaceImpl) session.runspace();
            RunspaceImpl.RemoteResult r;
            try {
                r = remote.invokeRemote(block, sent, using, text -> c.interpreter().streams.host().accept(text));
            } catch (PsException e) {
                c.writeErrorRecord(ErrorRecordObject.ofCommand(e, null, null).fromComputer(computer(session)));
                continue;
            }
            r.output().forEach(o -> c.write(Remoting.fromRemote(o, session)));
            r.errors().forEach(e -> c.writeErrorRecord(e.fromComputer(computer(session))));
        }
    }

    private static String computer(PsRemoteSession s) {
        return LanguagePrimitives.toStr(s.get("ComputerName"));
    }

    private static void importSession(CmdletContextImpl c) {
        PsRemoteSession session = session(c, c.get("Session"));
        if (!session.isOpened()) {
            throw closed(session, "ImportPSSessionCommand");
        }
        RunspaceImpl remote = (RunspaceImpl) session.runspace();
        CommandTable local = c.interpreter().runspace().commands();
        List<Object> patterns = c.isPresent("CommandName") ? LanguagePrimitives.asList(c.get("CommandName"))
                : List.of("*");
        String prefix = c.isPresent("Prefix") ? LanguagePrimitives.toStr(c.get("Prefix")) : "";
        List<String> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Cmdlet cmd : remote.commands().all()) {
            boolean wanted = patterns.stream().anyMatch(p -> LanguagePrimitives.like(cmd.name(),
                    LanguagePrimitives.toStr(p), false));
            if (!wanted) {
                continue;
            }
            String localName = prefixed(cmd.name(), prefix);
            var existing = local.find(localName);
            if (existing.isPresent() && !(existing.get() instanceof Proxy) && !c.switchOn("AllowClobber")) {
                skipped.add(localName);
                continue;
            }
            local.register(new Proxy(localName, cmd.name(), cmd.parameters(), session));
            imported.add(localName);
        }
        if (imported.isEmpty() && !skipped.isEmpty()) {
            throw BuiltinCmdlets.error("No command proxies have been created, because all of the requested remote "
                    + "commands would shadow existing local commands.  Use the AllowClobber parameter if you want to "
                    + "shadow existing commands.", "ErrorNoCommandsImportedBecauseOfSkipping", "ImportPSSessionCommand",
                    "InvalidResult", null, "ArgumentException");
        }
        PsHashtable exported = new PsHashtable();
        imported.forEach(n -> exported.put(n, n));
        String moduleName = "tmp_" + LanguagePrimitives.toStr(session.get("Name")).toLowerCase(Locale.ROOT)
                + "_import";
        c.write(new PsObject(List.of("System.Management.Automation.PSModuleInfo", "System.Object"), moduleName)
                .with("ModuleType", "Script").with("Version", "1.0").with("Name", moduleName)
                .with("ExportedCommands", exported));
    }

    private static String prefixed(String name, String prefix) {
        int dash = name.indexOf('-');
        return prefix.isEmpty() || dash < 0 ? name : name.substring(0, dash + 1) + prefix + name.substring(dash + 1);
    }

    /**
     * An implicit-remoting proxy: parameters bind locally (so variables work) and the bound
     * values travel to the remote runspace as data, as Import-PSSession's generated functions do.
     */
    static final class Proxy implements Cmdlet {
        private final String name;
        private final String remoteName;
        private final List<ParameterSpec> parameters;
        private final PsRemoteSession session;

        Proxy(String name, String remoteName, List<ParameterSpec> parameters, PsRemoteSession session) {
            this.name = name;
            this.remoteName = remoteName;
            this.parameters = parameters;
            this.session = session;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ParameterSpec> parameters() {
            return parameters;
        }

        @Override
        public void invoke(CmdletContext context) {
            CmdletContextImpl c = (CmdletContextImpl) context;
            if (!session.isOpened()) {
                throw BuiltinCmdlets.error("The session " + session.get("Name") + " that was used to import the "
                        + "command '" + name + "' is closed. Import the command again from an open session.",
                        "ImplicitRemotingSessionClosed", "ImportPSSessionCommand", "ResourceUnavailable", session,
                        "PSInvalidOperationException");
            }
            RunspaceImpl remote = (RunspaceImpl) session.runspace();
            RunspaceImpl.RemoteResult r = remote.invokeCommandAsData(remoteName, c.bound(), c.pipelineInput());
            r.output().forEach(o -> c.write(Remoting.fromRemote(o, session)));
            r.errors().forEach(e -> c.writeError(new PsException(e.record(), e.exceptionType())));
        }
    }
}
