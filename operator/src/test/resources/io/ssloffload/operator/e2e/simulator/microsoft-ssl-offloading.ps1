# Microsoft's steps from "Configuring SSL offloading in Exchange 2013" as an admin runs them on one
# server over WinRM: the Exchange Management Shell's remote session (credential from the shell's
# environment), seven Set-WebConfigurationProperty, two Set-OutlookAnywhere, then iisreset /noforce.
# The benchmark's comparator; the hostnames and methods are those of the operator's resource.
$ErrorActionPreference = 'Stop'
$password = ConvertTo-SecureString -String $env:LAB_PASSWORD -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential -ArgumentList $env:LAB_USER, $password
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
    -Authentication Kerberos -Credential $credential
Import-PSSession -Session $session -CommandName Set-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null

Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/owa'
Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/ecp'
Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/OAB'
Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/EWS'
Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/Microsoft-Server-ActiveSync'
Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/Autodiscover'
Set-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None' -PSPath 'IIS:\' -Location 'Default Web Site/mapi'

Set-OutlookAnywhere -Identity "$env:COMPUTERNAME\Rpc (Default Web Site)" -SSLOffloading $true
Set-OutlookAnywhere -Identity "$env:COMPUTERNAME\Rpc (Default Web Site)" -ExternalHostname 'mail.lab.example' `
    -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Basic -InternalHostname 'mail.lab.local' `
    -InternalClientsRequireSsl $true -InternalClientAuthenticationMethod Ntlm -IISAuthenticationMethods Basic, Ntlm, Negotiate
Remove-PSSession -Session $session

iisreset /noforce
