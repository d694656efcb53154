# One server's changes in one powershell.exe: sslFlags, Extended Protection and the recycles of their
# pools (Set-Iis in iis.ps1); then, when asked, Set-OutlookAnywhere, with the settings read just before
# and just after in the same Exchange session (which talks to one domain controller, so the read after
# sees the write); then, when asked, the server observed again to verify (Get-IisObservation). Runs
# after iis.ps1 and exchange.ps1. Values arrive as data in $Params and reach cmdlets by splatting, so
# none is ever parsed as code.
# $Params: changes, tokenChecking, appPools (see Set-Iis); observe: as observe-iis.ps1's $Params, or null;
# outlookAnywhere: null, or identity (the server's Rpc vdir) and any of sslOffloading ($true unless
# given: an undo on delete puts back what was first read), clearExternalHostname, clearInternalHostname
# (an undo: the hostname was unset when first read), externalHostname, internalHostname,
# externalClientsRequireSsl, internalClientsRequireSsl, externalClientAuthenticationMethod,
# internalClientAuthenticationMethod, iisAuthenticationMethods
$ErrorActionPreference = 'Stop'
Set-Iis $Params
$written = $null
$failure = $null
$oa = $Params.outlookAnywhere
if ($null -ne $oa) {
    try {
        $session = Open-ExchangeSession
        try {
            Import-PSSession -Session $session -CommandName Get-OutlookAnywhere, Set-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
            $before = Read-OutlookAnywhere $oa.identity
            $arguments = @{ Identity = $oa.identity; SSLOffloading = $true }
            if ($null -ne $oa.sslOffloading) { $arguments.SSLOffloading = $oa.sslOffloading }
            if ($oa.clearExternalHostname) { $arguments.ExternalHostname = $null }
            if ($oa.clearInternalHostname) { $arguments.InternalHostname = $null }
            # Property names are case-insensitive: $oa.externalHostname is $oa.ExternalHostname.
            foreach ($name in 'ExternalHostname', 'InternalHostname', 'ExternalClientsRequireSsl', 'InternalClientsRequireSsl',
                'ExternalClientAuthenticationMethod', 'InternalClientAuthenticationMethod', 'IISAuthenticationMethods') {
                if ($null -ne $oa.$name) { $arguments[$name] = $oa.$name }
            }
            Set-OutlookAnywhere @arguments
            $written = [pscustomobject]@{ before = $before; after = (Read-OutlookAnywhere $oa.identity) }
        } finally {
            Remove-PSSession -Session $session
        }
    } catch {
        # IIS above is changed and its pools recycled: said as a result, so that the operator does not
        # recycle them again when it retries what failed here.
        $failure = [string]$_.Exception.Message
    }
}
$observation = $null
if ($null -eq $failure -and $null -ne $Params.observe) { $observation = Get-IisObservation $Params.observe }
[pscustomobject]@{ outlookAnywhere = $written; outlookAnywhereFailure = $failure; observation = $observation } |
    ConvertTo-Json -Compress -Depth 6
