package io.ssloffload.operator.api.v1alpha1;

/** Whether the operator may change servers, or only tells what it would change. */
public enum ManagementPolicy {
    /** Observe, change what differs, verify (the default). */
    Manage,
    /** Observe and report per server and protocol what would change (current → desired, pools to recycle); change nothing. */
    ObserveOnly
}
