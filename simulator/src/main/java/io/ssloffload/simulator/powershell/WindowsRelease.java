package io.ssloffload.simulator.powershell;

/**
 * One Windows Server release as a script sees it: the NT version ({@code [Environment]::OSVersion},
 * WS-Management Identify), Windows PowerShell 5.1's {@code $PSVersionTable} on it (for 2012 R2 with
 * WMF 5.1 installed, since the interpreter models 5.1), and the IIS version it ships (registry
 * {@code HKLM:\SOFTWARE\Microsoft\InetStp}, the {@code Server} header of IIS responses).
 * Versions are those of each release as installed (RTM builds), with WMF 5.1's RTM for 2012 R2.
 */
public enum WindowsRelease {
    /** Exchange 2013 before SP1 (2012 R2 needs SP1). WMF 5.1 (KB3191565) brings PowerShell 5.1.14409.1005. */
    WINDOWS_SERVER_2012("Windows Server 2012", 6, 2, 9200, "5.1.14409.1005", "10.0.14409.1005", 8, 0),
    /** Exchange 2013 SP1 and later, Exchange 2016 before CU3. WMF 5.1 (KB3191564) brings PowerShell 5.1.14409.1005. */
    WINDOWS_SERVER_2012_R2("Windows Server 2012 R2", 6, 3, 9600, "5.1.14409.1005", "10.0.14409.1005", 8, 5),
    /** Exchange 2016 CU3 and later (not 2013, not 2019). */
    WINDOWS_SERVER_2016("Windows Server 2016", 10, 0, 14393, "5.1.14393.0", "10.0.14393.0", 10, 0),
    /** Exchange 2019 (not 2013 or 2016). */
    WINDOWS_SERVER_2019("Windows Server 2019", 10, 0, 17763, "5.1.17763.1", "10.0.17763.1", 10, 0);

    private final String productName;
    private final int major;
    private final int minor;
    private final int build;
    private final String powerShellVersion;
    private final String powerShellBuildVersion;
    private final int iisMajor;
    private final int iisMinor;

    WindowsRelease(String productName, int major, int minor, int build, String powerShellVersion,
                   String powerShellBuildVersion, int iisMajor, int iisMinor) {
        this.productName = productName;
        this.major = major;
        this.minor = minor;
        this.build = build;
        this.powerShellVersion = powerShellVersion;
        this.powerShellBuildVersion = powerShellBuildVersion;
        this.iisMajor = iisMajor;
        this.iisMinor = iisMinor;
    }

    public String productName() {
        return productName;
    }

    /** "6.3.9600": the NT version without the revision. */
    public String ntVersion() {
        return major + "." + minor + "." + build;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    public int build() {
        return build;
    }

    /** $PSVersionTable.PSVersion, e.g. 5.1.14409.1005. */
    public String powerShellVersion() {
        return powerShellVersion;
    }

    /** $PSVersionTable.BuildVersion. */
    public String powerShellBuildVersion() {
        return powerShellBuildVersion;
    }

    public int iisMajor() {
        return iisMajor;
    }

    public int iisMinor() {
        return iisMinor;
    }

    /** "8.5" or "10.0". */
    public String iisVersion() {
        return iisMajor + "." + iisMinor;
    }

    /** The Server header IIS sends: "Microsoft-IIS/8.5". */
    public String iisServerHeader() {
        return "Microsoft-IIS/" + iisVersion();
    }

    /** WS-Management Identify's ProductVersion for an authenticated request: "OS: 6.3.9600 SP: 0.0 Stack: 3.0". */
    public String wsmanProductVersion() {
        return "OS: " + ntVersion() + " SP: 0.0 Stack: 3.0";
    }
}
