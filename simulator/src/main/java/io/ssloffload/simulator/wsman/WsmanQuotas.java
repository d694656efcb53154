package io.ssloffload.simulator.wsman;

import java.time.Duration;

/**
 * WinRM service limits as {@code winrm get winrm/config} shows them on Windows Server 2012 R2
 * (WinRM 3.0) unless changed: winrs MaxShellsPerUser 2147483647 and IdleTimeout 7200000 ms,
 * service MaxConcurrentOperationsPerUser 1500, MaxTimeoutms 60000, MaxEnvelopeSizekb 500.
 * (WinRM 2.0 on 2008 R2 had MaxShellsPerUser 30; 3.0 raised it to the Int32 maximum.)
 */
public record WsmanQuotas(int maxShellsPerUser, int maxConcurrentOperationsPerUser, Duration maxOperationTimeout,
                          int maxEnvelopeSizeBytes, Duration shellIdleTimeout) {

    public WsmanQuotas {
        if (maxShellsPerUser < 1 || maxConcurrentOperationsPerUser < 1 || maxEnvelopeSizeBytes < 1024
                || maxOperationTimeout.isNegative() || maxOperationTimeout.isZero()
                || shellIdleTimeout.isNegative() || shellIdleTimeout.isZero()) {
            throw new IllegalArgumentException("quotas must be positive (envelope at least 1024 bytes)");
        }
    }

    public static WsmanQuotas windowsDefaults() {
        return new WsmanQuotas(Integer.MAX_VALUE, 1500, Duration.ofMillis(60_000), 500 * 1024, Duration.ofMillis(7_200_000));
    }

    public WsmanQuotas withMaxShellsPerUser(int value) {
        return new WsmanQuotas(value, maxConcurrentOperationsPerUser, maxOperationTimeout, maxEnvelopeSizeBytes, shellIdleTimeout);
    }

    public WsmanQuotas withMaxConcurrentOperationsPerUser(int value) {
        return new WsmanQuotas(maxShellsPerUser, value, maxOperationTimeout, maxEnvelopeSizeBytes, shellIdleTimeout);
    }

    public WsmanQuotas withMaxEnvelopeSizeBytes(int value) {
        return new WsmanQuotas(maxShellsPerUser, maxConcurrentOperationsPerUser, maxOperationTimeout, value, shellIdleTimeout);
    }

    /** winrs IdleTimeout: the longest a shell may stay without activity; also the most a client may ask for. */
    public WsmanQuotas withShellIdleTimeout(Duration value) {
        return new WsmanQuotas(maxShellsPerUser, maxConcurrentOperationsPerUser, maxOperationTimeout, maxEnvelopeSizeBytes, value);
    }
}
