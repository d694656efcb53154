# Reads one server's Outlook Anywhere settings from AD. Runs after open-exchange-session.ps1.
# $Params.identity: the server's Rpc vdir, e.g. CAS01\Rpc (Default Web Site)
try {
    Import-PSSession -Session $session -CommandName Get-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    $oa = Get-OutlookAnywhere -Identity $Params.identity
    [pscustomobject]@{
        externalHostname                   = [string]$oa.ExternalHostname
        internalHostname                   = [string]$oa.InternalHostname
        externalClientsRequireSsl          = $oa.ExternalClientsRequireSsl
        internalClientsRequireSsl          = $oa.InternalClientsRequireSsl
        externalClientAuthenticationMethod = [string]$oa.ExternalClientAuthenticationMethod
        internalClientAuthenticationMethod = [string]$oa.InternalClientAuthenticationMethod
        iisAuthenticationMethods           = @($oa.IISAuthenticationMethods | ForEach-Object { [string]$_ })
        sslOffloading                      = $oa.SSLOffloading
    } | ConvertTo-Json -Compress
} finally {
    Remove-PSSession -Session $session
}
