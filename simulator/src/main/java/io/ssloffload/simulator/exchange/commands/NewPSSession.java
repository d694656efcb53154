package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.PsCredential;
import io.ssloffload.simulator.powershell.PsException;
import io.ssloffload.simulator.powershell.PsRemoteSession;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * New-PSSession to an Exchange server's Microsoft.Exchange endpoint
 * ({@code http://<fqdn>/PowerShell/}). From inside a WinRM shell this is a second hop: without an
 * explicit credential the target refuses the connection, as Kerberos cannot delegate. Failures are
 * non-terminating, as in PowerShell (scripts use -ErrorAction Stop).
 */
final class NewPSSession extends HostCmdlet {

    private static final String EXCHANGE_CONFIGURATION = "Microsoft.Exchange";
    private static final Set<String> AUTHENTICATIONS = Set.of("default", "kerberos", "negotiate");

    private final CasServer server;

    NewPSSession(CasServer server) {
        super("New-PSSession",
                ParameterSpec.positional("ConnectionUri", 0).withAliases("URI", "CU"),
                ParameterSpec.named("ConfigurationName"),
                ParameterSpec.named("Authentication"),
                ParameterSpec.named("Credential"),
                ParameterSpec.named("Name"),
                ParameterSpec.switchParam("AllowRedirection"),
                ParameterSpec.named("SessionOption"));
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        Object given = context.get("Credential");
        if (given != null && !(given instanceof PsCredential)) {
            // PowerShell's credential transformation turns only a user name into a prompt; a
            // non-interactive host cannot prompt, and other objects do not convert at all
            throw new PsException(new PsErrorRecord("Cannot process argument transformation on parameter "
                    + "'Credential'. Cannot convert the \"" + LanguagePrimitives.toStr(given) + "\" value of type \""
                    + LanguagePrimitives.typeName(given) + "\" to type \"System.Management.Automation.PSCredential\".",
                    "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.NewPSSessionCommand",
                    "InvalidData", given), "ParameterBindingArgumentTransformationException");
        }
        String uriText = Values.string(context.get("ConnectionUri"));
        URI uri = parse(uriText);
        String host = uri == null || uri.getHost() == null ? String.valueOf(uriText) : uri.getHost();
        Optional<CasServer> target = server.fleet().find(host);
        if (target.isEmpty()) {
            fail(context, host, "WinRM cannot process the request. The following error occurred while using Kerberos "
                    + "authentication: Cannot find the computer " + host + ". Verify that the computer exists on the "
                    + "network and that the name provided is spelled correctly.", "NetworkPathNotFound");
            return;
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        if (!path.equalsIgnoreCase("/PowerShell")) {
            fail(context, host, "The WinRM client received an HTTP status code of 404 from the remote WS-Management "
                    + "service.", "-2144108447");
            return;
        }
        String configuration = Values.string(context.get("ConfigurationName"));
        if (configuration == null || !configuration.equalsIgnoreCase(EXCHANGE_CONFIGURATION)) {
            fail(context, host, "The WS-Management service cannot process the request. Cannot find the "
                    + (configuration == null ? "Microsoft.PowerShell" : configuration) + " session configuration in "
                    + "the WSMan: drive on the " + target.get().fqdn() + " computer.", "InvalidResourceUri");
            return;
        }
        String authentication = Values.string(context.get("Authentication"));
        if ((authentication != null && !AUTHENTICATIONS.contains(authentication.toLowerCase(Locale.ROOT)))
                || !(context.get("Credential") instanceof PsCredential credential)) {
            // without a credential Kerberos cannot delegate to the second hop
            accessDenied(context, host);
            return;
        }
        Optional<PsRemoteSession> session = target.get()
                .openExchangeSession(credential.userName(), credential.password().reveal());
        if (session.isEmpty()) {
            accessDenied(context, host);
            return;
        }
        if (context.isPresent("Name")) {
            session.get().with("Name", Values.string(context.get("Name")));
        }
        context.write(session.get());
    }

    private static URI parse(String text) {
        try {
            return text == null ? null : new URI(text.trim());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void accessDenied(CmdletContext context, String host) {
        fail(context, host, "Access is denied.", "AccessDenied");
    }

    private static void fail(CmdletContext context, String host, String reason, String errorId) {
        context.writeError(new PsErrorRecord("[" + host + "] Connecting to remote server " + host + " failed with the "
                + "following error message : " + reason + " For more information, see the "
                + "about_Remote_Troubleshooting Help topic.", errorId + ",PSSessionOpenFailed", "OpenError", host));
    }
}
