# Read-OutlookAnywhere, for read-outlook-anywhere.ps1 and set-outlook-anywhere.ps1: the Outlook
# Anywhere object of $Params.identity (the server's Rpc vdir) as Get-OutlookAnywhere reads it from AD,
# reduced to the fields the operator compares and sets, as plain values. Needs Get-OutlookAnywhere
# imported from $session.
function Read-OutlookAnywhere {
    $oa = Get-OutlookAnywhere -Identity $Params.identity
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
