# Reads, without an Exchange session, what the planner needs: the computer's name (so that an address
# pointing at another server is refused before anything changes), the Exchange build from ExSetup.exe's
# file version (it carries the security update) and from the setup registry key (the fallback when
# ExSetup cannot be read), per location whether it exists (Exchange 2013 has no API vdir) and, if it
# does, effective sslFlags and Extended Protection; and, when asked, one location's IIS authentication
# (where the Service Host copies Outlook Anywhere's IISAuthenticationMethods).
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

$windows = 'system.webServer/security/authentication/windowsAuthentication'
$setup = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'
# Setup puts Exchange's Bin folder on the machine's PATH; CSS-Exchange's HealthChecker reads it the same way.
# No ExSetup (a damaged install): the registry's build, which may lack the security update.
$exSetupVersion = $null
try { $exSetupVersion = (Get-Command ExSetup).FileVersionInfo.FileVersion } catch { }
$locations = @()
foreach ($entry in $Params.locations) {
    # IIS:\Sites\Default Web Site\API for the location Default Web Site/API (Exchange 2013 has none)
    $present = Test-Path ('IIS:\Sites\' + $entry.location.Replace('/', '\'))
    $sslFlags = $null
    $tokenChecking = $null
    if ($present) {
        $sslFlags = Get-EffectiveValue $entry.location 'system.webServer/security/access' 'sslFlags'
        $tokenChecking = Get-EffectiveValue $entry.location $windows 'extendedProtection.tokenChecking'
    }
    $locations += [pscustomobject]@{ protocol = $entry.protocol; present = $present; sslFlags = $sslFlags; extendedProtection = $tokenChecking }
}
$authentication = $null
if ($null -ne $Params.authenticationAt) {
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
    exSetupVersion = $exSetupVersion
    locations      = $locations
    authentication = $authentication
} | ConvertTo-Json -Compress -Depth 4
