package io.ssloffload.simulator.wsman;

import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PsHost;
import io.ssloffload.simulator.windows.CmdExe;
import io.ssloffload.simulator.windows.ConsoleEncoding;
import io.ssloffload.simulator.windows.WindowsEnvironment;
import org.w3c.dom.Element;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The WinRS shell resource: Create, Command, Receive, Signal and Delete on behalf of an
 * authenticated user. Each answer is the SOAP body Windows sends; problems are {@link WsmanFault}s.
 */
final class ShellService {

    private static final String DONE = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done";
    private static final String RUNNING = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Running";
    /** Room left in a Receive envelope for everything but the base64 output. */
    private static final int ENVELOPE_OVERHEAD = 4096;

    private final PsHost host;
    private final CmdExe cmd;
    private final WsmanQuotas quotas;
    private final EndpointLog<CommandLogEntry> commandLog;
    private final String endpointUrl;
    private final Map<String, RemoteShell> shells = new ConcurrentHashMap<>();
    private final ExecutorService processes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "wsman-process");
        thread.setDaemon(true);
        return thread;
    });

    ShellService(PsHost host, CmdExe cmd, WsmanQuotas quotas, EndpointLog<CommandLogEntry> commandLog, String endpointUrl) {
        this.host = host;
        this.cmd = cmd;
        this.quotas = quotas;
        this.commandLog = commandLog;
        this.endpointUrl = endpointUrl;
    }

    String create(Account user, WsmanRequest request, String clientIp) throws WsmanFault {
        Element shellElement = request.bodyElement(Namespaces.SHELL, "Shell")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "Create needs an rsp:Shell body"));
        Map<String, String> environment = WindowsEnvironment.defaultsFor(host.computerName(), user.userName(),
                host.installedEnvironment());
        WsmanRequest.child(shellElement, Namespaces.SHELL, "Environment").ifPresent(variables ->
                WsmanRequest.children(variables, Namespaces.SHELL, "Variable").forEach(variable ->
                        environment.put(variable.getAttribute("Name"), variable.getTextContent())));
        String workingDirectory = WsmanRequest.child(shellElement, Namespaces.SHELL, "WorkingDirectory")
                .map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty())
                .orElse(environment.get("USERPROFILE"));
        ConsoleEncoding encoding = consoleEncoding(request);
        String inputStreams = childText(shellElement, "InputStreams", "stdin");
        String outputStreams = childText(shellElement, "OutputStreams", "stdout stderr");

        Duration idleTimeout = idleTimeout(shellElement);

        String shellId = newId();
        synchronized (shells) {
            removeExpiredShells();
            long owned = shells.values().stream().filter(s -> s.owner().equalsIgnoreCase(user.userName())).count();
            if (owned >= quotas.maxShellsPerUser()) {
                throw new WsmanFault(WsmanFaultKind.SHELL_QUOTA, quotas.maxShellsPerUser());
            }
            shells.put(shellId, new RemoteShell(shellId, user.userName(), environment, workingDirectory, encoding,
                    idleTimeout, now()));
        }
        return "<x:ResourceCreated><a:Address>" + Xml.escape(endpointUrl) + "</a:Address><a:ReferenceParameters>"
                + "<w:ResourceURI>" + Namespaces.CMD_RESOURCE_URI + "</w:ResourceURI><w:SelectorSet>"
                + "<w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet></a:ReferenceParameters>"
                + "</x:ResourceCreated>"
                + "<rsp:Shell xmlns:rsp=\"" + Namespaces.SHELL + "\"><rsp:ShellId>" + shellId + "</rsp:ShellId>"
                + "<rsp:ResourceUri>" + Namespaces.CMD_RESOURCE_URI + "</rsp:ResourceUri>"
                + "<rsp:Owner>" + Xml.escape(user.userName()) + "</rsp:Owner>"
                + "<rsp:ClientIP>" + Xml.escape(clientIp) + "</rsp:ClientIP>"
                + "<rsp:IdleTimeOut>" + xsSeconds(idleTimeout) + "</rsp:IdleTimeOut>"
                + "<rsp:InputStreams>" + Xml.escape(inputStreams) + "</rsp:InputStreams>"
                + "<rsp:OutputStreams>" + Xml.escape(outputStreams) + "</rsp:OutputStreams>"
                + "<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime><rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity>"
                + "</rsp:Shell>";
    }

    /** Starts the command line under cmd.exe unless {@code neverFinish}, an injected hang. */
    String command(Account user, WsmanRequest request, boolean neverFinish) throws WsmanFault {
        RemoteShell shell = shellOf(user, request);
        Element commandLine = request.bodyElement(Namespaces.SHELL, "CommandLine")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "Command needs an rsp:CommandLine body"));
        String command = WsmanRequest.child(commandLine, Namespaces.SHELL, "Command").map(Element::getTextContent)
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "rsp:CommandLine has no rsp:Command"));
        List<String> arguments = WsmanRequest.children(commandLine, Namespaces.SHELL, "Arguments").stream()
                .map(Element::getTextContent).toList();
        CommandLogEntry entry = new CommandLogEntry(Instant.now(), user.userName(), shell.id(), command, arguments,
                shell.environmentNames());
        commandLog.add(entry);

        RemoteCommand remote = new RemoteCommand(newId());
        shell.add(remote);
        if (!neverFinish) {
            remote.startedAs(processes.submit(() -> runProcess(shell, remote, entry.commandLine())));
        }
        return "<rsp:CommandResponse><rsp:CommandId>" + remote.id() + "</rsp:CommandId></rsp:CommandResponse>";
    }

    private void runProcess(RemoteShell shell, RemoteCommand remote, String commandLine) {
        NativeCommand.Result result;
        try {
            result = cmd.run(commandLine, shell.environment(), shell.workingDirectory());
        } catch (RuntimeException e) {
            result = new NativeCommand.Result("", "cas-simulator: the process failed: " + e + "\r\n", 1);
        }
        ConsoleEncoding encoding = shell.encoding();
        remote.finish(encoding.encode(result.stdout()), encoding.encode(result.stderr()), result.exitCode());
    }

    /** Held until there is output or the command ended, at most {@code timeout}; then TimedOut. */
    String receive(Account user, WsmanRequest request, Duration timeout, int maxEnvelopeSize) throws WsmanFault, InterruptedException {
        RemoteShell shell = shellOf(user, request);
        Element receive = request.bodyElement(Namespaces.SHELL, "Receive")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "Receive needs an rsp:Receive body"));
        Element desired = WsmanRequest.child(receive, Namespaces.SHELL, "DesiredStream")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "rsp:Receive has no rsp:DesiredStream"));
        String commandId = WsmanRequest.attribute(desired, "CommandId").orElse(null);
        RemoteCommand command = shell.command(commandId)
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.COMMAND_NOT_FOUND, commandId));
        Optional<RemoteCommand.Output> received = command.receive(timeout, outputBudget(maxEnvelopeSize));
        // a held Receive is activity for its whole length
        shell.touch(now());
        RemoteCommand.Output output = received.orElseThrow(() -> new WsmanFault(WsmanFaultKind.TIMED_OUT));

        StringBuilder body = new StringBuilder("<rsp:ReceiveResponse>");
        appendStream(body, "stdout", commandId, output.stdout(), false);
        appendStream(body, "stderr", commandId, output.stderr(), false);
        if (output.done()) {
            appendStream(body, "stdout", commandId, new byte[0], true);
            appendStream(body, "stderr", commandId, new byte[0], true);
            body.append("<rsp:CommandState CommandId=\"").append(commandId).append("\" State=\"").append(DONE)
                    .append("\"><rsp:ExitCode>").append(output.exitCode()).append("</rsp:ExitCode></rsp:CommandState>");
        } else {
            body.append("<rsp:CommandState CommandId=\"").append(commandId).append("\" State=\"").append(RUNNING).append("\"/>");
        }
        return body.append("</rsp:ReceiveResponse>").toString();
    }

    private static final String SIGNAL_PREFIX = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/";
    private static final List<String> SIGNAL_CODES = List.of("terminate", "ctrl_c", "ctrl_break");

    /** terminate, ctrl_c and ctrl_break all end the command; a command already gone is not an error. */
    String signal(Account user, WsmanRequest request) throws WsmanFault {
        RemoteShell shell = shellOf(user, request);
        Element signal = request.bodyElement(Namespaces.SHELL, "Signal")
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST, "Signal needs an rsp:Signal body"));
        String code = WsmanRequest.child(signal, Namespaces.SHELL, "Code").map(e -> e.getTextContent().strip()).orElse("");
        if (!code.startsWith(SIGNAL_PREFIX) || !SIGNAL_CODES.contains(code.substring(SIGNAL_PREFIX.length()))) {
            throw new WsmanFault(WsmanFaultKind.INVALID_SIGNAL, code);
        }
        WsmanRequest.attribute(signal, "CommandId").flatMap(shell::remove).ifPresent(RemoteCommand::terminate);
        return "<rsp:SignalResponse/>";
    }

    String delete(Account user, WsmanRequest request) throws WsmanFault {
        RemoteShell shell = shellOf(user, request);
        shells.remove(shell.id());
        shell.commands().forEach(RemoteCommand::terminate);
        return "";
    }

    int shellCount() {
        removeExpiredShells();
        return shells.size();
    }

    /**
     * The shell's rsp:IdleTimeOut: a client may ask for a shorter one than winrs IdleTimeout; a
     * longer request gets the configured maximum, as Windows caps it.
     */
    private Duration idleTimeout(Element shellElement) throws WsmanFault {
        Optional<String> requested = WsmanRequest.child(shellElement, Namespaces.SHELL, "IdleTimeOut")
                .map(e -> e.getTextContent().strip());
        if (requested.isEmpty()) {
            return quotas.shellIdleTimeout();
        }
        Duration asked = XsDuration.parse(requested.get()).filter(d -> !d.isZero())
                .orElseThrow(() -> new WsmanFault(WsmanFaultKind.MALFORMED_REQUEST,
                        "rsp:IdleTimeOut " + requested.get() + " is not a positive xs:duration"));
        return asked.compareTo(quotas.shellIdleTimeout()) < 0 ? asked : quotas.shellIdleTimeout();
    }

    /** "PT7200.000S", as Windows writes durations in a Create response. */
    private static String xsSeconds(Duration duration) {
        return String.format(Locale.ROOT, "PT%d.%03dS", duration.getSeconds(), duration.toMillisPart());
    }

    /** WinRM deletes a shell once it has been idle for its IdleTimeOut, ending its commands. */
    private void removeExpiredShells() {
        Instant now = now();
        shells.values().removeIf(shell -> {
            if (shell.expiredAt(now)) {
                shell.commands().forEach(RemoteCommand::terminate);
                return true;
            }
            return false;
        });
    }

    /** The machine's clock: the simulated one on a CAS, so idle shells expire when simulated time passes. */
    private Instant now() {
        return host.clock().instant();
    }

    void close() {
        shells.values().forEach(shell -> shell.commands().forEach(RemoteCommand::terminate));
        shells.clear();
        processes.shutdownNow();
    }

    /** Another user's shell is reported as not found, like one that never existed. */
    private RemoteShell shellOf(Account user, WsmanRequest request) throws WsmanFault {
        removeExpiredShells();
        String shellId = request.shellId().orElse("");
        RemoteShell shell = shells.get(shellId);
        if (shell == null || !shell.owner().equalsIgnoreCase(user.userName())) {
            throw new WsmanFault(WsmanFaultKind.SHELL_NOT_FOUND, shellId);
        }
        shell.touch(now());
        return shell;
    }

    /** WINRS_CODEPAGE: absent means 437; a code page the shell does not support is refused. */
    private static ConsoleEncoding consoleEncoding(WsmanRequest request) throws WsmanFault {
        String codePage = request.options().get("WINRS_CODEPAGE");
        if (codePage == null) {
            return ConsoleEncoding.defaultCodePage();
        }
        try {
            Optional<ConsoleEncoding> encoding = ConsoleEncoding.forCodePage(Integer.parseInt(codePage.strip()));
            if (encoding.isPresent()) {
                return encoding.get();
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new WsmanFault(WsmanFaultKind.INVALID_OPTION, "WINRS_CODEPAGE", codePage);
    }

    /** Base64 output that fits an envelope of {@code maxEnvelopeSize} bytes. */
    private static int outputBudget(int maxEnvelopeSize) {
        return (maxEnvelopeSize - ENVELOPE_OVERHEAD) / 4 * 3;
    }

    private static void appendStream(StringBuilder body, String name, String commandId, byte[] data, boolean end) {
        if (data.length == 0 && !end) {
            return;
        }
        body.append("<rsp:Stream Name=\"").append(name).append("\" CommandId=\"").append(commandId).append('"');
        if (end) {
            body.append(" End=\"true\"");
        }
        body.append('>').append(Base64.getEncoder().encodeToString(data)).append("</rsp:Stream>");
    }

    private static String childText(Element parent, String localName, String fallback) {
        return WsmanRequest.child(parent, Namespaces.SHELL, localName).map(e -> e.getTextContent().strip()).orElse(fallback);
    }

    private static String newId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
