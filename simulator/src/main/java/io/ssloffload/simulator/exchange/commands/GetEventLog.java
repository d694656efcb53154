package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.EventLogEntry;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.LanguagePrimitives;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsDateTime;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.PsException;
import io.ssloffload.simulator.powershell.PsObject;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Get-EventLog over the server's Application log, newest first. TimeGenerated is a System.DateTime in the server's time zone. */
final class GetEventLog extends HostCmdlet {

    private static final String ERROR_ID = "Microsoft.PowerShell.Commands.GetEventLogCommand";

    private final CasServer server;

    GetEventLog(CasServer server) {
        super("Get-EventLog",
                ParameterSpec.positional("LogName", 0).required(),
                ParameterSpec.positional("InstanceId", 1),
                ParameterSpec.named("Source"),
                ParameterSpec.named("Newest"),
                ParameterSpec.named("EntryType"));
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        String log = Values.string(context.get("LogName"));
        if (!"Application".equalsIgnoreCase(log)) {
            throw new PsException(new PsErrorRecord("The event log '" + log + "' on computer '.' does not exist.",
                    "System.InvalidOperationException," + ERROR_ID, "NotSpecified", log));
        }
        List<String> sources = Values.strings(context.get("Source"));
        List<String> types = Values.strings(context.get("EntryType"));
        List<Long> ids = Values.items(context.get("InstanceId")).stream()
                .map(id -> (Long) LanguagePrimitives.toArgument(id, "System.Int64", "InstanceId", name())).toList();
        Integer newest = context.isPresent("Newest")
                ? LanguagePrimitives.toNonNegativeIntArgument(context.get("Newest"), "Newest", name()) : null;
        Stream<EventLogEntry> entries = server.eventLog().stream()
                .sorted(Comparator.comparingInt(EventLogEntry::index).reversed())
                .filter(e -> sources.isEmpty()
                        || sources.stream().anyMatch(s -> LanguagePrimitives.like(e.source(), s, false)))
                .filter(e -> types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(e.entryType())))
                .filter(e -> ids.isEmpty() || ids.contains((long) e.eventId()));
        if (newest != null) {
            entries = entries.limit(newest);
        }
        List<EventLogEntry> found = entries.toList();
        if (found.isEmpty()) {
            context.writeError(new PsErrorRecord("No matches found", "GetEventLogNoEntriesFound," + ERROR_ID,
                    "ObjectNotFound", null));
        }
        found.forEach(e -> context.write(new PsObject(List.of("System.Diagnostics.EventLogEntry", "System.Object"), null)
                .with("Index", e.index())
                .with("TimeGenerated", new PsDateTime(Instant.parse(e.time()).atZone(server.clock().getZone())))
                .with("EntryType", e.entryType())
                .with("Source", e.source())
                .with("InstanceId", (long) e.eventId())
                .with("EventID", e.eventId())
                .with("Message", e.message())
                .with("MachineName", server.fqdn())));
    }
}
