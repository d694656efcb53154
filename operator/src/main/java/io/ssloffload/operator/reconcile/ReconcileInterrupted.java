package io.ssloffload.operator.reconcile;

/**
 * A reconcile's thread was interrupted while it waited for a server: the operator is stopping.
 * Nothing is known of that server, so the reconcile ends here instead of reporting it
 * unreachable; the next process (or leader) looks again.
 */
final class ReconcileInterrupted extends RuntimeException {

    ReconcileInterrupted(String serverName, InterruptedException cause) {
        super(serverName + ": the reconcile was interrupted (the operator is stopping)", cause);
    }

    /** Whether {@code e} or one of its causes is one (JOSDK may wrap what a reconcile threw). */
    static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReconcileInterrupted) {
                return true;
            }
        }
        return false;
    }
}
