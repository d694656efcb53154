package io.ssloffload.operator.testing;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ssloffload.operator.api.v1alpha1.AuthenticationMethod;
import io.ssloffload.operator.api.v1alpha1.ExchangeSslOffload;
import io.ssloffload.operator.api.v1alpha1.ServerSpec;
import io.ssloffload.operator.api.v1alpha1.ServerStatus;
import io.ssloffload.simulator.CasSimulator;
import org.apache.http.client.config.AuthSchemes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Builds resources aimed at a running {@link CasSimulator}, and reads their status. */
public final class SimulatedFleet {

    public static final String USER = "lab-admin";
    public static final String PASSWORD = "S1mulator!p@ss";
    public static final String SECRET = "lab-admin";

    private SimulatedFleet() {
    }

    public static ExchangeSslOffload resource(CasSimulator simulator) {
        return resource(simulator.servers().stream().map(address -> server(address.name(), URI.create(address.wsmanUrl())))
                .toList());
    }

    public static ServerSpec server(String name, URI wsmanUrl) {
        ServerSpec server = new ServerSpec();
        server.setName(name);
        server.setAddress(wsmanUrl.getHost());
        server.setPort(wsmanUrl.getPort());
        return server;
    }

    /** lab in exchange-lab, for these servers (a simulator in another process, too). */
    public static ExchangeSslOffload resource(List<ServerSpec> servers) {
        // Every server at once: these tests are about the engine; SafetyOnSimulatorTest rolls.
        ExchangeSslOffload resource = OffloadResource.named("exchange-lab", "lab").basicOverHttp(SECRET, "10s")
                .labOutlookAnywhere(AuthenticationMethod.Basic, AuthenticationMethod.Basic, AuthenticationMethod.Ntlm,
                        AuthenticationMethod.Negotiate)
                .maxUnavailable("100%").build();
        resource.getSpec().setServers(new ArrayList<>(servers));
        resource.getMetadata().setGeneration(1L);
        return resource;
    }

    /**
     * Puts every server in the state before SSL offloading, as an admin would over WinRM: a new
     * Exchange server has Outlook Anywhere's SSLOffloading $true and Rpc not requiring SSL, so
     * this runs Set-OutlookAnywhere -SSLOffloading $false and restarts the Service Host, whose
     * first pass makes Rpc require SSL again.
     */
    public static void turnOffOutlookAnywhereOffloading(CasSimulator simulator) {
        turnOffOutlookAnywhereOffloading(simulator, USER, PASSWORD);
    }

    public static void turnOffOutlookAnywhereOffloading(CasSimulator simulator, String user, String password) {
        turnOffOutlookAnywhereOffloading(simulator.servers().stream().map(CasSimulator.ServerAddress::wsmanUrl).toList(),
                user, password);
    }

    /** The same for servers named by their WinRM URLs (a simulator in another process). */
    public static void turnOffOutlookAnywhereOffloading(List<String> wsmanUrls, String user, String password) {
        String script = """
                $ErrorActionPreference = 'Stop'
                $password = ConvertTo-SecureString -String $env:LAB_PASSWORD -AsPlainText -Force
                $credential = New-Object System.Management.Automation.PSCredential -ArgumentList $env:LAB_USER, $password
                $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
                    -Authentication Kerberos -Credential $credential
                Import-PSSession -Session $session -CommandName Set-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
                Set-OutlookAnywhere -Identity "$env:COMPUTERNAME\\Rpc (Default Web Site)" -SSLOffloading $false
                Remove-PSSession -Session $session
                Restart-Service -Name MSExchangeServiceHost
                """;
        for (String wsmanUrl : wsmanUrls) {
            runAsAdmin(wsmanUrl, user, password, script);
        }
    }

    /**
     * Runs {@code script} as an admin does over WinRM: one shell, one {@code powershell
     * -EncodedCommand}, the account in the shell's environment ({@code $env:LAB_USER},
     * {@code $env:LAB_PASSWORD}) for the script's Exchange session.
     *
     * @return its stdout
     * @throws IllegalStateException when it exits with another code than 0
     */
    public static String runAsAdmin(String wsmanUrl, String user, String password, String script) {
        String command = "powershell -NoProfile -NonInteractive -EncodedCommand "
                + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
        WinRmClientContext context = WinRmClientContext.newInstance();
        try (WinRmClient client = WinRmClient.builder(wsmanUrl).authenticationScheme(AuthSchemes.BASIC)
                .credentials(user, password).environment(Map.of("LAB_USER", user, "LAB_PASSWORD", password))
                .context(context).operationTimeout(60_000).build();
             ShellCommand shell = client.createShell()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exitCode = shell.execute(command, out, err);
            if (exitCode != 0) {
                throw new IllegalStateException(wsmanUrl + ": exit " + exitCode + ": " + out + err);
            }
            return out.toString();
        } finally {
            context.shutdown();
        }
    }

    public static Optional<Secret> secret(String name) {
        return SECRET.equals(name)
                ? Optional.of(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
                .withType("kubernetes.io/basic-auth").addToStringData("username", USER)
                .addToStringData("password", PASSWORD).build())
                : Optional.empty();
    }

    public static Condition condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
    }

    public static ServerStatus server(ExchangeSslOffload resource, String name) {
        return resource.getStatus().getServers().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + name));
    }

    public static Condition protocol(ExchangeSslOffload resource, String server, String protocol) {
        return condition(server(resource, server).getConditions(), protocol);
    }

    private static final Pattern OPERATOR_COMMAND = Pattern.compile("Invoke-Expression \\(Expand-Text '([A-Za-z0-9+/=]+)'\\)\"$");
    private static final Pattern PARAMETERS = Pattern.compile("^\\$Params = Expand-Text '([A-Za-z0-9+/=]*)' \\| ConvertFrom-Json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The script an operator's command line runs ({@code powershell -Command "... Invoke-Expression
     * (Expand-Text '<gzip'd base64>')"}), its parameter prelude included, or "" for other lines.
     */
    public static String decodedScript(String commandLine) {
        Matcher m = OPERATOR_COMMAND.matcher(commandLine);
        return m.find() ? new String(expand(m.group(1)), StandardCharsets.UTF_8) : "";
    }

    /** A script's {@code $Params}, or an empty object when it has none. */
    public static JsonNode scriptParameters(String script) {
        Matcher m = PARAMETERS.matcher(script);
        try {
            return m.find() ? JSON.readTree(expand(m.group(1))) : JSON.createObjectNode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a script is apply.ps1 asked to Set-OutlookAnywhere (its text is there in every apply.ps1). */
    public static boolean setsOutlookAnywhere(String script) {
        return script.contains("Set-OutlookAnywhere @arguments") && scriptParameters(script).path("outlookAnywhere").isObject();
    }

    /** gzip'd base64, as the operator's command lines carry their scripts and parameters. */
    public static byte[] expand(String base64) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return gzip.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
