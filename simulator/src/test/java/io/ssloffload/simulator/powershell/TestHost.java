package io.ssloffload.simulator.powershell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A minimal machine for interpreter tests: a few test cmdlets, scripted native programs, files. */
final class TestHost implements PsHost {

    final VirtualFileSystem files = new VirtualFileSystem();
    final Map<String, NativeCommand> natives = new HashMap<>();
    final List<Cmdlet> extraCmdlets = new ArrayList<>();
    /** Every invocation of the test cmdlets, as "Name:param=value;...". */
    final List<String> calls = new ArrayList<>();
    java.time.Clock clock = java.time.Clock.systemDefaultZone();

    @Override
    public java.time.Clock clock() {
        return clock;
    }

    @Override
    public String computerName() {
        return "CAS01";
    }

    @Override
    public void registerCommands(CommandTable commands) {
        commands.register(cmdlet("Get-Widget", List.of(ParameterSpec.positional("Name", 0).required(),
                ParameterSpec.named("Size"), ParameterSpec.switchParam("Force"), ParameterSpec.named("Sizing")), c -> {
                    record(c, "Get-Widget");
                    c.write(new PsObject(List.of("Test.Widget", "System.Object"), null)
                            .with("Name", c.get("Name")).with("Size", c.get("Size")).with("Force", c.switchOn("Force")));
                }));
        commands.register(cmdlet("Set-Widget", List.of(ParameterSpec.named("Identity").fromPipeline(),
                ParameterSpec.named("Value"), ParameterSpec.switchParam("Confirm")), c -> {
                    record(c, "Set-Widget");
                    if ("missing".equals(String.valueOf(c.get("Identity")))) {
                        c.writeError(new PsException(new PsErrorRecord("The widget 'missing' was not found.",
                                "WidgetNotFound,Set-Widget", "ObjectNotFound", "missing"),
                                "ManagementObjectNotFoundException"));
                    }
                }));
        commands.register(cmdlet("Stop-Widget", List.of(ParameterSpec.positional("Name", 0)), c -> {
            record(c, "Stop-Widget");
            throw new PsException(new PsErrorRecord("Widget cannot stop.", "WidgetStuck,Stop-Widget",
                    "InvalidOperation", c.get("Name")), "InvalidOperationException");
        }));
        extraCmdlets.forEach(commands::register);
    }

    private void record(CmdletContext c, String name) {
        StringBuilder sb = new StringBuilder(name + ":");
        c.bound().forEach((k, v) -> sb.append(k).append('=').append(LanguagePrimitives.toStr(v)).append(';'));
        calls.add(sb.toString());
    }

    static Cmdlet cmdlet(String name, List<ParameterSpec> params, Consumer<CmdletContext> body) {
        return new Cmdlet() {
            public String name() {
                return name;
            }

            public List<ParameterSpec> parameters() {
                return params;
            }

            public void invoke(CmdletContext context) {
                body.accept(context);
            }
        };
    }

    @Override
    public Optional<NativeCommand> nativeCommand(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        key = key.substring(key.lastIndexOf('\\') + 1);
        if (key.endsWith(".exe")) {
            key = key.substring(0, key.length() - 4);
        }
        return Optional.ofNullable(natives.get(key));
    }

    @Override
    public VirtualFileSystem files() {
        return files;
    }
}
