# Reads one server's Outlook Anywhere settings from AD through the supported path: an implicit
# remoting session to the local Exchange endpoint. The credential comes from the shell's
# environment (set at shell creation), never from script text.
# $Params.server: the Exchange server name
$ErrorActionPreference = 'Stop'

$password = ConvertTo-SecureString -String $env:SSLO_EXCHANGE_PASSWORD -AsPlainText -Force
$credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $env:SSLO_EXCHANGE_USER, $password
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
    -Authentication Kerberos -Credential $credential
try {
    Import-PSSession -Session $session -CommandName Get-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    $oa = Get-OutlookAnywhere -Identity "$($Params.server)\Rpc (Default Web Site)"
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
