# A DSC-style consistency check (as ExchangeDsc's Test-TargetResource does it): every check opens
# an Exchange session to read Outlook Anywhere from AD, and reads the seven vdirs' sslFlags. It
# changes nothing. The benchmark's comparator for a drift check with nothing to change.
$ErrorActionPreference = 'Stop'
$password = ConvertTo-SecureString -String $env:LAB_PASSWORD -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential -ArgumentList $env:LAB_USER, $password
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
    -Authentication Kerberos -Credential $credential
try {
    Import-PSSession -Session $session -CommandName Get-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    $inDesiredState = (Get-OutlookAnywhere -Identity "$env:COMPUTERNAME\Rpc (Default Web Site)").SSLOffloading -eq $true
    foreach ($vdir in 'owa', 'ecp', 'OAB', 'EWS', 'Microsoft-Server-ActiveSync', 'Autodiscover', 'mapi') {
        $flags = Get-WebConfigurationProperty -Filter 'system.webServer/security/access' -Name sslFlags -PSPath 'IIS:\' `
            -Location "Default Web Site/$vdir"
        if ($flags -is [string]) { $value = $flags } else { $value = $flags.Value }
        if ("$value" -ne 'None' -and "$value" -ne '0') { $inDesiredState = $false }
    }
    [pscustomobject]@{ inDesiredState = $inDesiredState } | ConvertTo-Json -Compress
} finally {
    Remove-PSSession -Session $session
}
