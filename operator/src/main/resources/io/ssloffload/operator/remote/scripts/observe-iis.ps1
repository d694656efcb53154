# Reads, without an Exchange session, what the planner needs: the computer's name (so that an address
# pointing at another server is refused before anything changes), the Exchange build from the setup
# registry key and, per location, effective sslFlags and Extended Protection.
# $Params.locations: [{ protocol, location }]
$ErrorActionPreference = 'Stop'
# Explicit, so that the IIS: drive exists before the first cmdlet binds -PSPath 'IIS:\'.
Import-Module WebAdministration

function Get-EffectiveValue($location, $filter, $name) {
    $value = Get-WebConfigurationProperty -PSPath 'IIS:\' -Location $location -Filter $filter -Name $name
    # IIS gives a plain string when flags are set but a ConfigurationAttribute (use .Value) for None.
    if ($value -is [string]) { return $value }
    return [string]$value.Value
}

$setup = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'
$locations = @()
foreach ($entry in $Params.locations) {
    $locations += [pscustomobject]@{
        protocol           = $entry.protocol
        sslFlags           = Get-EffectiveValue $entry.location 'system.webServer/security/access' 'sslFlags'
        extendedProtection = Get-EffectiveValue $entry.location 'system.webServer/security/authentication/windowsAuthentication' 'extendedProtection.tokenChecking'
    }
}
[pscustomobject]@{
    computerName = $env:COMPUTERNAME
    build     = "$($setup.MsiProductMajor).$($setup.MsiProductMinor).$($setup.MsiBuildMajor).$($setup.MsiBuildMinor)"
    locations = $locations
} | ConvertTo-Json -Compress -Depth 4
