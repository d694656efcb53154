# Sets one server's Outlook Anywhere settings in AD, with -SSLOffloading $true unless told otherwise
# (an undo on delete puts back what was first read), and reports them as read just before and just
# after, in the same Exchange session (the operator may not have read AD before deciding to set:
# one session instead of two). Runs after open-exchange-session.ps1 and
# outlook-anywhere-settings.ps1. Values arrive as data in $Params and are passed by splatting, so none
# is ever parsed as code.
# $Params: identity (the server's Rpc vdir), and any of sslOffloading, clearExternalHostname,
# clearInternalHostname (an undo: the hostname was unset when first read), externalHostname, internalHostname, externalClientsRequireSsl,
# internalClientsRequireSsl, externalClientAuthenticationMethod, internalClientAuthenticationMethod,
# iisAuthenticationMethods
try {
    Import-PSSession -Session $session -CommandName Get-OutlookAnywhere, Set-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    $before = Read-OutlookAnywhere
    $arguments = @{ Identity = $Params.identity; SSLOffloading = $true }
    if ($null -ne $Params.sslOffloading) { $arguments.SSLOffloading = $Params.sslOffloading }
    if ($Params.clearExternalHostname) { $arguments.ExternalHostname = $null }
    if ($Params.clearInternalHostname) { $arguments.InternalHostname = $null }
    # Property names are case-insensitive: $Params.externalHostname is $Params.ExternalHostname.
    foreach ($name in 'ExternalHostname', 'InternalHostname', 'ExternalClientsRequireSsl', 'InternalClientsRequireSsl',
        'ExternalClientAuthenticationMethod', 'InternalClientAuthenticationMethod', 'IISAuthenticationMethods') {
        if ($null -ne $Params.$name) { $arguments[$name] = $Params.$name }
    }
    Set-OutlookAnywhere @arguments
    $after = Read-OutlookAnywhere
    [pscustomobject]@{ before = $before; after = $after } | ConvertTo-Json -Compress -Depth 3
} finally {
    Remove-PSSession -Session $session
}
