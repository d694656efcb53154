package io.ssloffload.simulator.exchange;

/** A Windows service as Get-Service shows it; status is "Running" or "Stopped". */
public record ServiceState(String name, String displayName, String status) {

    public static final String RUNNING = "Running";
    public static final String STOPPED = "Stopped";

    public boolean isRunning() {
        return RUNNING.equals(status);
    }
}
