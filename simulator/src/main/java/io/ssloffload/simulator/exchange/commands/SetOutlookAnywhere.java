package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasFleet;
import io.ssloffload.simulator.exchange.ad.AuthenticationMethod;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereChange;
import io.ssloffload.simulator.exchange.ad.OutlookAnywhereSettings;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsException;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Changes one server's Outlook Anywhere object in Active Directory, with the cmdlet's own
 * validation (each violation a terminating error, nothing changed). IIS follows only at the
 * Service Host's next pass.
 */
final class SetOutlookAnywhere extends HostCmdlet {

    private static final String TASK = "SetRpcHttpVirtualDirectory";
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final CasFleet fleet;

    SetOutlookAnywhere(CasFleet fleet) {
        super("Set-OutlookAnywhere",
                ParameterSpec.positional("Identity", 0).required().fromPipeline(),
                ParameterSpec.named("ExternalHostname"),
                ParameterSpec.named("InternalHostname"),
                ParameterSpec.named("ExternalClientsRequireSsl"),
                ParameterSpec.named("InternalClientsRequireSsl"),
                ParameterSpec.named("ExternalClientAuthenticationMethod"),
                ParameterSpec.named("InternalClientAuthenticationMethod"),
                ParameterSpec.named("IISAuthenticationMethods"),
                ParameterSpec.named("SSLOffloading"));
        this.fleet = fleet;
    }

    @Override
    public void invoke(CmdletContext context) {
        OutlookAnywhereChange change = new OutlookAnywhereChange(
                context.isPresent("ExternalHostname"), hostname("ExternalHostname", context.get("ExternalHostname")),
                context.isPresent("InternalHostname"), hostname("InternalHostname", context.get("InternalHostname")),
                bool(context, "ExternalClientsRequireSsl"), bool(context, "InternalClientsRequireSsl"),
                method(context, "ExternalClientAuthenticationMethod"), method(context, "InternalClientAuthenticationMethod"),
                methods(context, "IISAuthenticationMethods"), bool(context, "SSLOffloading"));
        for (String identity : Values.names(context.get("Identity"), "Identity")) {
            List<OutlookAnywhereSettings> targets = OutlookAnywhereObjects.matching(fleet, identity);
            if (targets.isEmpty()) {
                throw new PsException(ExchangeErrors.notFound(identity, fleet.activeDirectory().domainController(),
                        TASK));
            }
            if (targets.size() > 1) {
                throw new PsException(ExchangeErrors.ambiguous(identity, TASK));
            }
            try {
                fleet.activeDirectory().change(targets.get(0).server(), change);
            } catch (IllegalArgumentException e) {
                throw new PsException(new PsErrorRecord(e.getMessage(),
                        "ArgumentException," + ExchangeErrors.TASKS + TASK, "InvalidArgument", identity));
            }
        }
    }

    /** Exchange's Hostname: $null clears it; anything else must be a DNS name (no spaces, no URL). */
    private String hostname(String parameter, Object value) {
        String text = Values.string(value);
        if (text == null) {
            return null;
        }
        if (!HOSTNAME.matcher(text).matches() || text.length() > 255) {
            throw new PsException(new PsErrorRecord("Cannot process argument transformation on parameter '"
                    + parameter + "'. Cannot convert value \"" + text + "\" to type \"Microsoft.Exchange.Data.Hostname\". "
                    + "Error: \"'" + text + "' isn't a valid host name.\"",
                    "ParameterArgumentTransformationError," + name(), "InvalidData", text),
                    "ParameterBindingArgumentTransformationException");
        }
        return text;
    }

    private Boolean bool(CmdletContext context, String parameter) {
        return context.isPresent(parameter)
                ? LanguagePrimitives.toBooleanArgument(context.get(parameter), parameter, name(), "System.Boolean")
                : null;
    }

    private AuthenticationMethod method(CmdletContext context, String parameter) {
        if (!context.isPresent(parameter)) {
            return null;
        }
        List<AuthenticationMethod> methods = methods(context, parameter);
        if (methods.size() != 1) {
            throw cannotConvert(parameter, Values.string(context.get(parameter)));
        }
        return methods.get(0);
    }

    /** A list given as an array or as one comma-separated string. */
    private List<AuthenticationMethod> methods(CmdletContext context, String parameter) {
        if (!context.isPresent(parameter)) {
            return null;
        }
        List<String> names = Values.strings(context.get(parameter)).stream()
                .flatMap(s -> Arrays.stream(s.split(","))).map(String::trim).toList();
        if (names.isEmpty()) {
            throw cannotConvert(parameter, "");
        }
        List<AuthenticationMethod> methods = names.stream()
                .map(n -> AuthenticationMethod.parse(n).orElseThrow(() -> cannotConvert(parameter, n))).toList();
        Set<AuthenticationMethod> seen = new HashSet<>();
        for (AuthenticationMethod m : methods) {
            if (!seen.add(m)) {
                // a MultiValuedProperty refuses a value it already holds
                throw new PsException(new PsErrorRecord("Cannot bind parameter '" + parameter + "' to the target. "
                        + "Exception setting \"" + parameter + "\": \"The value \"" + m + "\" is already present in the "
                        + "collection.\"", "ParameterBindingFailed," + name(), "WriteError", null),
                        "ParameterBindingException");
            }
        }
        return methods;
    }

    private PsException cannotConvert(String parameter, String value) {
        return new PsException(new PsErrorRecord("Cannot bind parameter '" + parameter + "'. Cannot convert value \""
                + value + "\" to type \"Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthenticationMethod\". "
                + "Error: \"Unable to match the identifier name " + value + " to a valid enumerator name. Specify one "
                + "of the following enumerator names and try again: Basic, Ntlm, Negotiate\"",
                "CannotConvertArgumentNoMessage," + name(), "InvalidArgument", value));
    }
}
