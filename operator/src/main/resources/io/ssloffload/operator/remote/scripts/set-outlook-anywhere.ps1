# Sets one server's Outlook Anywhere settings in AD, with -SSLOffloading $true unless told otherwise
# (an undo on delete puts back what was first read). Runs after
# open-exchange-session.ps1. Values arrive as data in $Params and are passed by splatting, so none
# is ever parsed as code.
# $Params: identity (the server's Rpc vdir), and any of sslOffloading, clearExternalHostname,
# clearInternalHostname (an undo: the hostname was unset when first read), externalHostname, internalHostname, externalClientsRequireSsl,
# internalClientsRequireSsl, externalClientAuthenticationMethod, internalClientAuthenticationMethod,
# iisAuthenticationMethods
try {
    Import-PSSession -Session $session -CommandName Set-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    $arguments = @{ Identity = $Params.identity; SSLOffloading = $true }
    if ($null -ne $Params.sslOffloading) { $arguments.SSLOffloading = $Params.sslOffloading }
    if ($Params.clearExternalHostname) { $arguments.ExternalHostname = $null }
    if ($Params.clearInternalHostname) { $arguments.InternalHostname = $null }
    if ($null -ne $Params.externalHostname) { $arguments.ExternalHostname = $Params.externalHostname }
    if ($null -ne $Params.internalHostname) { $arguments.InternalHostname = $Params.internalHostname }
    if ($null -ne $Params.externalClientsRequireSsl) { $arguments.ExternalClientsRequireSsl = $Params.externalClientsRequireSsl }
    if ($null -ne $Params.internalClientsRequireSsl) { $arguments.InternalClientsRequireSsl = $Params.internalClientsRequireSsl }
    if ($null -ne $Params.externalClientAuthenticationMethod) { $arguments.ExternalClientAuthenticationMethod = $Params.externalClientAuthenticationMethod }
    if ($null -ne $Params.internalClientAuthenticationMethod) { $arguments.InternalClientAuthenticationMethod = $Params.internalClientAuthenticationMethod }
    if ($null -ne $Params.iisAuthenticationMethods) { $arguments.IISAuthenticationMethods = @($Params.iisAuthenticationMethods) }
    Set-OutlookAnywhere @arguments
    [pscustomobject]@{ set = $true } | ConvertTo-Json -Compress
} finally {
    Remove-PSSession -Session $session
}
