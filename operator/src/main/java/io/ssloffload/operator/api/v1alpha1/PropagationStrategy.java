package io.ssloffload.operator.api.v1alpha1;

/** How Outlook Anywhere, once set in Active Directory, reaches IIS on a server. */
public enum PropagationStrategy {
    /** Wait for the Exchange Service Host's next pass (every 15 minutes by default); interrupts nobody. */
    Wait,
    /**
     * Restart MSExchangeServiceHost on the server right after Set-OutlookAnywhere, whose start-up
     * pass copies the settings into IIS at once; done only on servers the rollout lets change.
     */
    RestartServiceHost
}
