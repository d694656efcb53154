package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.iis.IisSetting;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One attribute at one location, resolved from the -PSPath, -Location, -Filter and -Name of a
 * WebAdministration call. Resolution failures are written as IIS's non-terminating errors.
 */
record WebConfigurationAddress(String location, IisSetting setting, ConfigTarget target) {

    /** Every combination the (array-valued) parameters name, in order; failures are reported and skipped. */
    static List<WebConfigurationAddress> resolveAll(CasServer server, CmdletContext context, String errorIdSuffix) {
        List<String> psPaths = Values.strings(context.get("PSPath"));
        List<String> locations = Values.strings(context.get("Location"));
        List<WebConfigurationAddress> addresses = new ArrayList<>();
        for (String psPath : psPaths.isEmpty() ? java.util.Collections.<String>singletonList(null) : psPaths) {
            for (String location : locations.isEmpty() ? java.util.Collections.<String>singletonList(null) : locations) {
                for (String filter : Values.strings(context.get("Filter"))) {
                    for (String name : Values.strings(context.get("Name"))) {
                        resolve(server, context, psPath, location, filter, name, errorIdSuffix).ifPresent(addresses::add);
                    }
                }
            }
        }
        return addresses;
    }

    private static Optional<WebConfigurationAddress> resolve(CasServer server, CmdletContext context, String psPath,
                                                             String location, String filter, String name,
                                                             String errorIdSuffix) {
        Optional<ConfigTarget> target = ConfigTarget.resolve(psPath, location);
        if (target.isEmpty()) {
            context.writeError(PsException.pathNotFound(psPath, errorIdSuffix));
            return Optional.empty();
        }
        Optional<String> known = server.findLocation(target.get().path());
        if (known.isEmpty()) {
            context.writeError(comError(IisErrors.unknownPath(target.get().configPath()), errorIdSuffix, location));
            return Optional.empty();
        }
        if (!IisSetting.isKnownSection(filter)) {
            context.writeError(comError(IisErrors.unknownSection(filter, target.get().configPath()), errorIdSuffix, filter));
            return Optional.empty();
        }
        Optional<IisSetting> setting = IisSetting.find(filter, name);
        if (setting.isEmpty()) {
            context.writeError(new PsErrorRecord(IisErrors.unknownAttribute(name, IisSetting.normaliseSection(filter)),
                    "System.ArgumentException," + errorIdSuffix, "InvalidArgument", name));
            return Optional.empty();
        }
        return Optional.of(new WebConfigurationAddress(known.get(), setting.get(), target.get()));
    }

    static PsErrorRecord comError(String message, String errorIdSuffix, Object target) {
        return new PsErrorRecord(message, "System.Runtime.InteropServices.COMException," + errorIdSuffix,
                "NotSpecified", target);
    }
}
