# Functions over IIS in Default Web Site, for observe-iis.ps1 and apply.ps1 (a fragment: it runs first, in
# the same scope).
$ErrorActionPreference = 'Stop'
# Explicit, so that the IIS: drive exists before the first cmdlet binds -PSPath 'IIS:\'.
Import-Module WebAdministration
$windows = 'system.webServer/security/authentication/windowsAuthentication'

function Get-EffectiveValue($location, $filter, $name) {
    $value = Get-WebConfigurationProperty -PSPath 'IIS:\' -Location $location -Filter $filter -Name $name
    # IIS gives a plain string when flags are set but a ConfigurationAttribute (use .Value) for None.
    if ($value -is [string]) { return $value }
    return [string]$value.Value
}

# What the planner needs, without an Exchange session: the computer's name (so that an address pointing
# at another server is refused before anything changes), the Exchange build from ExSetup.exe's file
# version (it carries the security update) and from the setup registry key (the fallback when ExSetup
# cannot be read), per location whether it exists (Exchange 2013 has no API vdir) and, if it does,
# effective sslFlags and Extended Protection; and, when asked, one location's IIS authentication (where
# the Service Host copies Outlook Anywhere's IISAuthenticationMethods).
# $request.locations: [{ protocol, location }]; $request.authenticationAt: a location, or null
function Get-IisObservation($request) {
    $setup = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'
    # Setup puts Exchange's Bin folder on the machine's PATH; CSS-Exchange's HealthChecker reads it the same way.
    # No ExSetup (a damaged install): the registry's build, which may lack the security update.
    $exSetupVersion = $null
    try { $exSetupVersion = (Get-Command ExSetup).FileVersionInfo.FileVersion } catch { }
    $locations = @()
    foreach ($entry in $request.locations) {
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
    if ($null -ne $request.authenticationAt) {
        $providers = Get-WebConfigurationProperty -PSPath 'IIS:\' -Location $request.authenticationAt -Filter "$windows/providers" -Name Collection
        $authentication = [pscustomobject]@{
            basic     = Get-EffectiveValue $request.authenticationAt 'system.webServer/security/authentication/basicAuthentication' 'enabled'
            windows   = Get-EffectiveValue $request.authenticationAt $windows 'enabled'
            providers = @($providers | ForEach-Object { [string]$_.value })
        }
    }
    [pscustomobject]@{
        computerName   = $env:COMPUTERNAME
        build          = "$($setup.MsiProductMajor).$($setup.MsiProductMinor).$($setup.MsiBuildMajor).$($setup.MsiBuildMinor)"
        exSetupVersion = $exSetupVersion
        locations      = $locations
        authentication = $authentication
    }
}

# Writes sslFlags and Extended Protection's tokenChecking on Default Web Site locations, then recycles
# only the given app pools (once each, after every write, so that a pool picks up both changes at once).
# $request.changes: [{ location, sslFlags }]; $request.tokenChecking: [{ location, tokenChecking }]; $request.appPools: [name]
function Set-Iis($request) {
    foreach ($change in $request.changes) {
        Set-WebConfigurationProperty -PSPath 'IIS:\' -Location $change.location `
            -Filter 'system.webServer/security/access' -Name 'sslFlags' -Value $change.sslFlags
    }
    # As Microsoft's ExchangeExtendedProtectionManagement.ps1 writes it, Rpc included.
    foreach ($change in $request.tokenChecking) {
        Set-WebConfigurationProperty -PSPath 'IIS:\' -Location $change.location -Filter $windows `
            -Name 'extendedProtection.tokenChecking' -Value $change.tokenChecking
    }
    foreach ($pool in $request.appPools) {
        Restart-WebAppPool -Name $pool
    }
}
