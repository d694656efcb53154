package io.ssloffload.simulator.wsman;

import java.time.Duration;

/**
 * WinRM service limits, Windows defaults unless changed: MaxShellsPerUser 30,
 * MaxConcurrentOperationsPerUser 1500, MaxTimeoutms 60000, MaxEnvelopeSizekb 500.
 */
public record WsmanQuotas(int maxShellsPerUser, int maxConcurrentOperationsPerUser, Duration maxOperationTimeout,
                          int maxEnvelopeSizeBytes) {

    public WsmanQuotas {
        if (maxShellsPerUser < 1 || maxConcurrentOperationsPerUser < 1 || maxEnvelopeSizeBytes < 1024
                || maxOperationTimeout.isNegative() || maxOperationTimeout.isZero()) {
            throw new IllegalArgumentException("quotas must be positive (envelope at least 1024 bytes)");
        }
    }

    public static WsmanQuotas windowsDefaults() {
        return new WsmanQuotas(30, 1500, Duration.ofMillis(60_000), 500 * 1024);
    }

    public WsmanQuotas withMaxShellsPerUser(int value) {
        return new WsmanQuotas(value, maxConcurrentOperationsPerUser, maxOperationTimeout, maxEnvelopeSizeBytes);
    }

    public WsmanQuotas withMaxConcurrentOperationsPerUser(int value) {
        return new WsmanQuotas(maxShellsPerUser, value, maxOperationTimeout, maxEnvelopeSizeBytes);
    }

    public WsmanQuotas withMaxEnvelopeSizeBytes(int value) {
        return new WsmanQuotas(maxShellsPerUser, maxConcurrentOperationsPerUser, maxOperationTimeout, value);
    }
}
