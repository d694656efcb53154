# Sets one server's Outlook Anywhere settings in AD, always with -SSLOffloading $true. Values
# arrive as data in $Params and are passed by splatting, so none is ever parsed as code.
# $Params: server, and any of externalHostname, internalHostname, externalClientsRequireSsl,
# internalClientsRequireSsl, externalClientAuthenticationMethod, internalClientAuthenticationMethod,
# iisAuthenticationMethods
$ErrorActionPreference = 'Stop'

$password = ConvertTo-SecureString -String $env:SSLO_EXCHANGE_PASSWORD -AsPlainText -Force
$credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $env:SSLO_EXCHANGE_USER, $password
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
    -Authentication Kerberos -Credential $credential
try {
    Import-PSSession -Session $session -CommandName Set-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    $arguments = @{ Identity = "$($Params.server)\Rpc (Default Web Site)"; SSLOffloading = $true }
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
