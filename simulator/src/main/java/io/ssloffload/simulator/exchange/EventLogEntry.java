package io.ssloffload.simulator.exchange;

/** One Application event log entry; time is ISO-8601 UTC. */
public record EventLogEntry(int index, String time, String entryType, String source, int eventId, String message) {
}
