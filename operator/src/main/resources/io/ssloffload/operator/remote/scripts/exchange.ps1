# Functions over Exchange's cmdlets, for observe-iis.ps1, read-outlook-anywhere.ps1 and apply.ps1 (a
# fragment: it runs first, in the same scope).

# An implicit-remoting session to this server's own Exchange endpoint: the supported way to run Exchange
# cmdlets. The credential comes from the shell's environment (set at shell creation), never from script
# text. The caller imports the cmdlets it needs (at script level: an import inside a function would
# end with it) and must Remove-PSSession it.
function Open-ExchangeSession {
    $password = ConvertTo-SecureString -String $env:SSLO_EXCHANGE_PASSWORD -AsPlainText -Force
    $credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $env:SSLO_EXCHANGE_USER, $password
    New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
        -Authentication Kerberos -Credential $credential
}

# The Outlook Anywhere object of $identity (the server's Rpc vdir) as Get-OutlookAnywhere reads it from
# AD, reduced to the fields the operator compares and sets, as plain values.
function Read-OutlookAnywhere($identity) {
    $oa = Get-OutlookAnywhere -Identity $identity
    [pscustomobject]@{
        externalHostname = [string]$oa.ExternalHostname
        internalHostname = [string]$oa.InternalHostname
        externalClientsRequireSsl = $oa.ExternalClientsRequireSsl
        internalClientsRequireSsl = $oa.InternalClientsRequireSsl
        externalClientAuthenticationMethod = [string]$oa.ExternalClientAuthenticationMethod
        internalClientAuthenticationMethod = [string]$oa.InternalClientAuthenticationMethod
        iisAuthenticationMethods = @($oa.IISAuthenticationMethods | ForEach-Object { [string]$_ })
        sslOffloading = $oa.SSLOffloading
    }
}
