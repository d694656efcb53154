package io.ssloffload.operator.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.plan.ExchangeBuild;
import io.ssloffload.operator.plan.OutlookAnywhereSettings;
import io.ssloffload.operator.plan.ServerObservation;
import io.ssloffload.operator.protocol.Protocol;
import io.ssloffload.operator.protocol.SslFlags;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One WinRM shell on one server, used for a whole reconcile: commands run one at a time, each
 * under its own deadline (winrm4j alone retries a held Receive forever).
 */
final class WinRmCasSession implements CasSession {

    private static final String IIS = "iis.ps1";
    private static final String EXCHANGE = "exchange.ps1";
    private static final PowerShellScript OBSERVE_IIS = PowerShellScript.load("observe-iis.ps1", IIS, EXCHANGE);
    private static final PowerShellScript APPLY = PowerShellScript.load("apply.ps1", IIS, EXCHANGE);
    private static final PowerShellScript READ_OUTLOOK_ANYWHERE = PowerShellScript.load("read-outlook-anywhere.ps1", EXCHANGE);
    private static final PowerShellScript RESTART_SERVICE_HOST = PowerShellScript.load("restart-service-host.ps1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerEndpoint endpoint;
    private final WinRmClient client;
    private final ExecutorService executor;
    private final DeadlineClock deadline;
    private final RemoteCallListener listener;
    /** Created by the first command's task thread, read by later tasks and by close(). */
    private volatile ShellCommand shell;
    private boolean broken;
    private boolean closed;

    WinRmCasSession(ServerEndpoint endpoint, WinRmClient client, ExecutorService executor, DeadlineClock deadline,
                    RemoteCallListener listener) {
        this.listener = listener;
        this.endpoint = endpoint;
        this.client = client;
        this.executor = executor;
        this.deadline = deadline;
    }

    @Override
    public ServerObservation observe(Set<Protocol> scope, Optional<String> outlookAnywhereOf) {
        Map<String, Object> parameters = observeParameters(scope);
        parameters.put("outlookAnywhere", outlookAnywhereOf.map(Protocol::outlookAnywhereIdentity).orElse(null));
        JsonNode result = runScript(OBSERVE_IIS, parameters);
        ServerObservation observation = observation(result.path("iis"));
        return outlookAnywhereOf.isEmpty() ? observation
                : observation.withOutlookAnywhere(settings(result.path("outlookAnywhere")));
    }

    /** The locations of the protocols in scope, and where Outlook Anywhere's IIS authentication is read. */
    private static Map<String, Object> observeParameters(Set<Protocol> scope) {
        List<Map<String, String>> locations = new ArrayList<>();
        for (Protocol p : scope) {
            p.location().ifPresent(location -> locations.add(Map.of("protocol", p.specName(), "location", location)));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("locations", locations);
        parameters.put("authenticationAt", scope.contains(Protocol.OUTLOOK_ANYWHERE)
                ? Protocol.OUTLOOK_ANYWHERE.location().orElseThrow() : null);
        return parameters;
    }

    /** What Get-IisObservation (iis.ps1) reports. */
    private ServerObservation observation(JsonNode result) {
        String computerName = result.path("computerName").asText();
        if (!computerName.equalsIgnoreCase(endpoint.serverName())) {
            // Part of the first command of every reconcile, so no change has been made anywhere yet.
            throw new CasException(CasException.Kind.WRONG_SERVER, endpoint.serverName() + ": " + endpoint.address()
                    + ":" + endpoint.port() + " answers as computer '" + computerName + "', not " + endpoint.serverName()
                    + "; nothing was changed there (check spec.servers' name and address)");
        }
        Map<Protocol, SslFlags> flags = new EnumMap<>(Protocol.class);
        Map<Protocol, String> extendedProtection = new EnumMap<>(Protocol.class);
        Set<Protocol> notPresent = EnumSet.noneOf(Protocol.class);
        for (JsonNode location : result.path("locations")) {
            Protocol protocol = Protocol.fromSpecName(location.path("protocol").asText())
                    .orElseThrow(() -> remoteError("observation named an unknown protocol: " + location));
            if (!location.path("present").asBoolean(true)) {
                notPresent.add(protocol);
                continue;
            }
            flags.put(protocol, parse(() -> SslFlags.parse(location.path("sslFlags").asText())));
            extendedProtection.put(protocol, tokenChecking(location.path("extendedProtection").asText()));
        }
        ExchangeBuild build = build(result);
        JsonNode authentication = result.path("authentication");
        Optional<Set<AuthenticationMethod>> rpcAuthentication = authentication.isObject()
                ? Optional.of(iisAuthentication(authentication)) : Optional.empty();
        return new ServerObservation(build, flags, extendedProtection, rpcAuthentication, Optional.empty(), notPresent);
    }

    /**
     * ExSetup.exe's file version ("15.02.2562.017": it carries the security update), else the setup
     * registry key's Msi values, which may not.
     */
    private ExchangeBuild build(JsonNode result) {
        String exSetup = result.path("exSetupVersion").asText("");
        if (!exSetup.isBlank()) {
            try {
                return ExchangeBuild.parse(exSetup);
            } catch (IllegalArgumentException e) {
                // not four numbers (a damaged file's version resource): the registry still names the CU
            }
        }
        return parse(() -> ExchangeBuild.parse(result.path("build").asText()));
    }

    /** Basic authentication on → Basic; Windows authentication on → its NTLM and Negotiate providers. */
    private static Set<AuthenticationMethod> iisAuthentication(JsonNode authentication) {
        Set<AuthenticationMethod> methods = EnumSet.noneOf(AuthenticationMethod.class);
        if (authentication.path("basic").asText().equalsIgnoreCase("true")) {
            methods.add(AuthenticationMethod.Basic);
        }
        if (authentication.path("windows").asText().equalsIgnoreCase("true")) {
            for (JsonNode provider : authentication.path("providers")) {
                switch (provider.asText().trim().toLowerCase(Locale.ROOT)) {
                    case "ntlm" -> methods.add(AuthenticationMethod.Ntlm);
                    case "negotiate" -> methods.add(AuthenticationMethod.Negotiate);
                    default -> { } // Negotiate:Kerberos and others are not Outlook Anywhere methods
                }
            }
        }
        return methods;
    }

    @Override
    public OutlookAnywhereSettings readOutlookAnywhere(String serverName) {
        return settings(runScript(READ_OUTLOOK_ANYWHERE, Map.of("identity", Protocol.outlookAnywhereIdentity(serverName))));
    }

    /** What Read-OutlookAnywhere (exchange.ps1) reports of an Outlook Anywhere object. */
    private static OutlookAnywhereSettings settings(JsonNode oa) {
        List<AuthenticationMethod> iis = new ArrayList<>();
        for (JsonNode method : oa.path("iisAuthenticationMethods")) {
            authenticationMethod(method.asText()).ifPresent(iis::add);
        }
        return new OutlookAnywhereSettings(
                text(oa, "externalHostname"), text(oa, "internalHostname"),
                bool(oa, "externalClientsRequireSsl"), bool(oa, "internalClientsRequireSsl"),
                authenticationMethod(text(oa, "externalClientAuthenticationMethod")).orElse(null),
                authenticationMethod(text(oa, "internalClientAuthenticationMethod")).orElse(null),
                iis, Boolean.TRUE.equals(bool(oa, "sslOffloading")));
    }

    @Override
    public Changed change(Change change) {
        List<Map<String, String>> sslFlags = new ArrayList<>();
        change.sslFlagsByLocation().forEach((location, flags) ->
                sslFlags.add(Map.of("location", location, "sslFlags", flags.toString())));
        List<Map<String, String>> tokenChecking = new ArrayList<>();
        change.tokenCheckingByLocation().forEach((location, value) ->
                tokenChecking.add(Map.of("location", location, "tokenChecking", value)));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("changes", sslFlags);
        parameters.put("tokenChecking", tokenChecking);
        parameters.put("appPools", change.appPoolsToRecycle());
        parameters.put("outlookAnywhere", change.outlookAnywhere()
                .map(desired -> outlookAnywhereParameters(change.serverName(), desired)).orElse(null));
        parameters.put("observe", change.observeAfter().isEmpty() ? null : observeParameters(change.observeAfter()));
        JsonNode result = runApply(parameters);
        Optional<OutlookAnywhereWrite> written = Optional.empty();
        if (change.outlookAnywhere().isPresent()) {
            JsonNode oa = result.path("outlookAnywhere");
            if (!oa.path("before").isObject() || !oa.path("after").isObject()) {
                throw remoteError(APPLY.name() + " reported no Outlook Anywhere settings before and after: " + result);
            }
            written = Optional.of(new OutlookAnywhereWrite(settings(oa.path("before")), settings(oa.path("after"))));
        }
        Optional<ServerObservation> observation = change.observeAfter().isEmpty()
                ? Optional.empty() : Optional.of(observation(result.path("observation")));
        return new Changed(written, observation);
    }

    @Override
    public void iisReset() {
        timed("iisreset", () -> {
            CommandResult result = execute("iisreset /noforce", endpoint.commandDeadline());
            if (result.exitCode() != 0) {
                throw remoteError("iisreset failed: " + Clixml.toText(result.stderr() + result.stdout()));
            }
            return result;
        });
    }

    @Override
    public void restoreOutlookAnywhere(String serverName, OutlookAnywhereSettings original) {
        Map<String, Object> outlookAnywhere = outlookAnywhereParameters(serverName, original);
        outlookAnywhere.put("sslOffloading", original.sslOffloading());
        outlookAnywhere.put("clearExternalHostname", original.externalHostname() == null);
        outlookAnywhere.put("clearInternalHostname", original.internalHostname() == null);
        runApply(Map.of("outlookAnywhere", outlookAnywhere));
    }

    /**
     * Runs apply.ps1; the Outlook Anywhere part's failure, which the script reports instead of
     * failing (what it did to IIS before stays known), becomes {@link OutlookAnywhereNotSet}.
     */
    private JsonNode runApply(Map<String, Object> parameters) {
        JsonNode result = runScript(APPLY, parameters);
        String notSet = result.path("outlookAnywhereFailure").asText("");
        if (!notSet.isEmpty()) {
            throw new OutlookAnywhereNotSet(endpoint.serverName() + ": Set-OutlookAnywhere, or the Exchange session around it,"
                    + " failed (what was asked of IIS before it was done): " + notSet);
        }
        return result;
    }

    /**
     * The identity, the hostnames with the RequireSsl and client authentication that go with them, and
     * IIS authentication methods, as set.
     */
    private static Map<String, Object> outlookAnywhereParameters(String serverName, OutlookAnywhereSettings settings) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("identity", Protocol.outlookAnywhereIdentity(serverName));
        putIfSet(parameters, "externalHostname", settings.externalHostname());
        putIfSet(parameters, "internalHostname", settings.internalHostname());
        putIfSet(parameters, "externalClientsRequireSsl", settings.externalClientsRequireSsl());
        putIfSet(parameters, "internalClientsRequireSsl", settings.internalClientsRequireSsl());
        putIfSet(parameters, "externalClientAuthenticationMethod", settings.externalClientAuthenticationMethod());
        putIfSet(parameters, "internalClientAuthenticationMethod", settings.internalClientAuthenticationMethod());
        if (!settings.iisAuthenticationMethods().isEmpty()) {
            parameters.put("iisAuthenticationMethods", settings.iisAuthenticationMethods().stream().map(Enum::name).toList());
        }
        return parameters;
    }

    @Override
    public void restartServiceHost() {
        Duration limit = endpoint.commandDeadline().multipliedBy(SERVICE_RESTART_COMMANDS);
        timed(RESTART_SERVICE_HOST.name(), () -> runScriptOnce(RESTART_SERVICE_HOST, Map.of(), limit));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Deleting the shell is itself a remote call: give it a short deadline and move on.
        Future<?> closing;
        try {
            closing = executor.submit(() -> {
                try {
                    if (shell != null) {
                        shell.close();
                    }
                } finally {
                    client.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // No thread for the remote delete: the server ends the idle shell itself; the client's
            // own threads are local and end now.
            client.close();
            return;
        }
        try {
            closing.get(Math.min(10, endpoint.commandDeadline().toSeconds()), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            closing.cancel(true);
        }
    }

    private JsonNode runScript(PowerShellScript script, Object parameters) {
        return timed(script.name(), () -> runScriptOnce(script, parameters, endpoint.commandDeadline()));
    }

    private JsonNode runScriptOnce(PowerShellScript script, Object parameters, Duration limit) {
        CommandResult last = null;
        for (String commandLine : script.commandLines(parameters)) {
            last = execute(commandLine, limit);
            if (last.exitCode() != 0) {
                String detail = Clixml.toText(last.stderr());
                throw remoteError(script.name() + " failed (exit " + last.exitCode() + "): "
                        + (detail.isEmpty() ? last.stdout().strip() : detail));
            }
        }
        String json = lastJsonLine(last.stdout());
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw remoteError(script.name() + " printed no readable result: " + e.getMessage());
        }
    }

    /** @param command what {@link RemoteCallListener} is told: the script's name, not the command line */
    private <T> T timed(String command, Supplier<T> call) {
        Instant started = Instant.now();
        try {
            T result = call.get();
            listener.completed(command, Duration.between(started, Instant.now()), null);
            return result;
        } catch (CasException e) {
            listener.completed(command, Duration.between(started, Instant.now()), e.kind());
            throw e;
        }
    }

    private CommandResult execute(String commandLine, Duration limit) {
        if (broken) {
            throw new CasException(CasException.Kind.TIMEOUT, endpoint.serverName()
                    + ": an earlier command did not finish in time; the shell was abandoned");
        }
        deadline.start(limit);
        Future<CommandResult> running;
        try {
            running = executor.submit(() -> {
                if (shell == null) {
                    shell = client.createShell();
                }
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int exit = shell.execute(commandLine, out, err);
                return new CommandResult(exit, out.toString(), err.toString());
            });
        } catch (RejectedExecutionException e) {
            throw new CasException(CasException.Kind.TIMEOUT, endpoint.serverName()
                    + ": not sent: every WinRM call thread is still busy with calls past their deadline", e);
        }
        try {
            return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            broken = true;
            running.cancel(true);
            throw new CasException(CasException.Kind.TIMEOUT, endpoint.serverName()
                    + ": no answer within " + limit.toSeconds() + "s", e);
        } catch (ExecutionException e) {
            throw RemoteFailures.classify(endpoint.serverName(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CasException(CasException.Kind.TIMEOUT, endpoint.serverName() + ": interrupted", e);
        }
    }

    private static String lastJsonLine(String stdout) {
        String[] lines = stdout.split("\r?\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("{")) {
                return line;
            }
        }
        return "";
    }

    private <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw remoteError(e.getMessage());
        }
    }

    private CasException remoteError(String message) {
        return new CasException(CasException.Kind.REMOTE_ERROR, endpoint.serverName() + ": " + message);
    }

    /** Extended Protection's tokenChecking: None(0), Allow(1), Require(2). */
    private static String tokenChecking(String value) {
        return switch (value.strip()) {
            case "", "0" -> "None";
            case "1" -> "Allow";
            case "2" -> "Require";
            default -> value.strip();
        };
    }

    private static Optional<AuthenticationMethod> authenticationMethod(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (AuthenticationMethod m : AuthenticationMethod.values()) {
            if (m.name().equalsIgnoreCase(value.strip())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isBoolean() ? value.booleanValue() : Boolean.valueOf(value.asText().toLowerCase(Locale.ROOT));
    }

    private static void putIfSet(Map<String, Object> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, value instanceof Enum<?> e ? e.name() : value);
        }
    }

    private record CommandResult(int exitCode, String stdout, String stderr) {
    }
}
