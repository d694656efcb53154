# Reads, without an Exchange session, what the planner needs: the computer's name (so that an address
# pointing at another server is refused before anything changes), the Exchange build from the setup
# registry key and, per location, effective sslFlags and Extended Protection; and, when asked, one
# location's IIS authentication (where the Service Host copies Outlook Anywhere's IISAuthenticationMethods).
# $Params.locations: [{ protocol, location }]; $Params.authenticationAt: a location, or null
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
$authentication = $null
if ($null -ne $Params.authenticationAt) {
    $windows = 'system.webServer/security/authentication/windowsAuthentication'
    $providers = Get-WebConfigurationProperty -PSPath 'IIS:\' -Location $Params.authenticationAt -Filter "$windows/providers" -Name Collection
    $authentication = [pscustomobject]@{
        basic     = Get-EffectiveValue $Params.authenticationAt 'system.webServer/security/authentication/basicAuthentication' 'enabled'
        windows   = Get-EffectiveValue $Params.authenticationAt $windows 'enabled'
        providers = @($providers | ForEach-Object { [string]$_.value })
    }
}
[pscustomobject]@{
    computerName   = $env:COMPUTERNAME
    build          = "$($setup.MsiProductMajor).$($setup.MsiProductMinor).$($setup.MsiBuildMajor).$($setup.MsiBuildMinor)"
    locations      = $locations
    authentication = $authentication
} | ConvertTo-Json -Compress -Depth 4
