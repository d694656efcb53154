package io.ssloffload.operator.status;

/**
 * One thing that keeps a server from being Ready, as the top-level conditions weigh it.
 *
 * @param description e.g. "owa SslRequired", "Unreachable (connection refused)"
 * @param reason      the CamelCase reason it gives a top-level condition it decides
 */
record ServerProblem(String server, String description, String reason, Course course) {

    /** What becomes of the problem without anyone acting. */
    enum Course {
        /** Only a person can help: the resource is Stalled. */
        NEEDS_A_PERSON,
        /** The operator is on it (a change on its way, a retry): the resource is Reconciling. */
        IN_PROGRESS,
        /** Held back on purpose (Paused, ObserveOnly): neither progressing nor needing a person. */
        HELD_BACK
    }
}
