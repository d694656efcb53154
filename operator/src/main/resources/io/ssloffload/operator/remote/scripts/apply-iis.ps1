# Writes sslFlags and Extended Protection's tokenChecking on Default Web Site locations, then recycles
# only the given app pools (once each, after every write, so that a pool picks up both changes at once).
# $Params.changes: [{ location, sslFlags }]; $Params.tokenChecking: [{ location, tokenChecking }]; $Params.appPools: [name]
$ErrorActionPreference = 'Stop'
# Explicit, so that the IIS: drive exists before the first cmdlet binds -PSPath 'IIS:\'.
Import-Module WebAdministration

foreach ($change in $Params.changes) {
    Set-WebConfigurationProperty -PSPath 'IIS:\' -Location $change.location `
        -Filter 'system.webServer/security/access' -Name 'sslFlags' -Value $change.sslFlags
}
# As Microsoft's ExchangeExtendedProtectionManagement.ps1 writes it, Rpc included.
foreach ($change in $Params.tokenChecking) {
    Set-WebConfigurationProperty -PSPath 'IIS:\' -Location $change.location `
        -Filter 'system.webServer/security/authentication/windowsAuthentication' `
        -Name 'extendedProtection.tokenChecking' -Value $change.tokenChecking
}
foreach ($pool in $Params.appPools) {
    Restart-WebAppPool -Name $pool
}
[pscustomobject]@{ changed = @($Params.changes).Count + @($Params.tokenChecking).Count; recycled = @($Params.appPools).Count } | ConvertTo-Json -Compress
