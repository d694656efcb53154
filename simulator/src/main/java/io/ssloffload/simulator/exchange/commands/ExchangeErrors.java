package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.powershell.PsErrorRecord;

/** Exchange task errors: the exception name and the task class make the FullyQualifiedErrorId. */
final class ExchangeErrors {

    static final String TASKS = "Microsoft.Exchange.Management.SystemConfigurationTasks.";

    private ExchangeErrors() {
    }

    static PsErrorRecord notFound(String identity, String domainController, String task) {
        return new PsErrorRecord("The operation couldn't be performed because object '" + identity
                + "' couldn't be found on '" + domainController + "'.",
                "ManagementObjectNotFoundException," + TASKS + task, "NotSpecified", identity);
    }

    static PsErrorRecord ambiguous(String identity, String task) {
        return new PsErrorRecord("The operation couldn't be performed because '" + identity
                + "' matches multiple entries.", "ManagementObjectAmbiguousException," + TASKS + task,
                "NotSpecified", identity);
    }
}
