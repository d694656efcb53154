package io.ssloffload.simulator.powershell;

import java.util.Optional;

/**
 * The machine a PowerShell process runs on. The interpreter owns the language and the generic
 * cmdlets; a host (an Exchange CAS in this simulator) adds its own cmdlets and native programs.
 */
public interface PsHost {

    /** Computer name, e.g. {@code CAS01}; also {@code $env:COMPUTERNAME}. */
    String computerName();

    /** Adds the host's cmdlets (IIS, services, registry, Exchange remoting) to a new local runspace. */
    void registerCommands(CommandTable commands);

    /**
     * The native program installed at a full path ({@code C:\Windows\System32\inetsrv\appcmd.exe}),
     * if this host has one. Bare names are found through PATH by {@link NativeCommandSearch}.
     */
    Optional<NativeCommand> nativeCommand(String name);

    /** The machine's files ({@code $env:TEMP} and friends), shared by every process on it. */
    VirtualFileSystem files();

    /** The machine's clock (Get-Date, [DateTime]::Now); a host may inject its own. */
    default java.time.Clock clock() {
        return java.time.Clock.systemDefaultZone();
    }

    /**
     * Test-Path for a path on one of the host's own provider drives (IIS:, HKLM:): whether the
     * container it names exists (every item these drives model is a container). Empty when the path
     * is not on such a drive; Test-Path then looks at the host's files.
     *
     * @throws PsException when the path is on such a drive but names a part the host does not model
     */
    default Optional<Boolean> providerContainerExists(String path) {
        return Optional.empty();
    }

    /**
     * System environment variables that software installed on the machine added (a process started
     * there sees them); a {@code Path} entry is appended to Windows' own Path.
     */
    default java.util.Map<String, String> installedEnvironment() {
        return java.util.Map.of();
    }

    /** The Windows release the machine runs: $PSVersionTable, [Environment]::OSVersion, IIS, WinRM Identify. */
    default WindowsRelease windowsRelease() {
        return WindowsRelease.WINDOWS_SERVER_2012_R2;
    }
}
