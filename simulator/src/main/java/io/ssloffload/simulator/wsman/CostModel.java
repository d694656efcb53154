package io.ssloffload.simulator.wsman;

import java.time.Duration;

/**
 * Time the endpoint spends before handling each HTTP request and before each powershell.exe
 * start, so benchmarks see the costs a real server has. Zero by default.
 */
public record CostModel(Duration perRequest, Duration perPowerShellStart) {

    public CostModel {
        if (perRequest.isNegative() || perPowerShellStart.isNegative()) {
            throw new IllegalArgumentException("costs must not be negative");
        }
    }

    public static CostModel free() {
        return new CostModel(Duration.ZERO, Duration.ZERO);
    }
}
