# Writes sslFlags on Default Web Site locations, then recycles only the given app pools.
# $Params.changes: [{ location, sslFlags }]; $Params.appPools: [name]
$ErrorActionPreference = 'Stop'
# Explicit, so that the IIS: drive exists before the first cmdlet binds -PSPath 'IIS:\'.
Import-Module WebAdministration

foreach ($change in $Params.changes) {
    Set-WebConfigurationProperty -PSPath 'IIS:\' -Location $change.location `
        -Filter 'system.webServer/security/access' -Name 'sslFlags' -Value $change.sslFlags
}
foreach ($pool in $Params.appPools) {
    Restart-WebAppPool -Name $pool
}
[pscustomobject]@{ changed = @($Params.changes).Count; recycled = @($Params.appPools).Count } | ConvertTo-Json -Compress
