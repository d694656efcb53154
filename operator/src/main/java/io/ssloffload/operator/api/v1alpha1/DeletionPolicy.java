package io.ssloffload.operator.api.v1alpha1;

/** What deleting the resource does to the servers. */
public enum DeletionPolicy {
    /** Leave every server as it is (the default): deleting the resource only stops the operator looking. */
    Retain,
    /**
     * Put back what the operator first observed on each server (sslFlags per location, Outlook
     * Anywhere's SSLOffloading and hostnames), recycle what changed, then let the resource go.
     */
    Restore
}
