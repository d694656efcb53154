package io.ssloffload.simulator.powershell;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PSSession object ({@code New-PSSession} output): a runspace on the far side that
 * {@code Invoke-Command -Session}, {@code Import-PSSession} and {@code Remove-PSSession} use.
 */
public final class PsRemoteSession extends PsObject {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final Runspace remote;
    private final Runnable onClose;
    private volatile boolean opened = true;

    public PsRemoteSession(String computerName, String configurationName, Runspace remote, Runnable onClose) {
        // One number per session, taken once: sessions opened at the same time never share it.
        this(IDS.incrementAndGet(), computerName, configurationName, remote, onClose);
    }

    private PsRemoteSession(int id, String computerName, String configurationName, Runspace remote, Runnable onClose) {
        super(java.util.List.of("System.Management.Automation.Runspaces.PSSession", "System.Object"), "[PSSession]WinRM" + id);
        this.remote = remote;
        this.onClose = onClose;
        with("Id", id).with("Name", "WinRM" + id).with("ComputerName", computerName)
                .with("ConfigurationName", configurationName).with("State", "Opened");
    }

    public Runspace runspace() {
        return remote;
    }

    public boolean isOpened() {
        return opened;
    }

    /** Closes the session; idempotent. */
    public void close() {
        if (opened) {
            opened = false;
            with("State", "Closed");
            onClose.run();
        }
    }
}
