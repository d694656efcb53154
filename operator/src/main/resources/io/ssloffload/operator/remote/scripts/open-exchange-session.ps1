# Opens $session, an implicit-remoting session to this server's own Exchange endpoint: the
# supported way to run Exchange cmdlets. The credential comes from the shell's environment (set
# at shell creation), never from script text. The script that follows must Remove-PSSession it.
$ErrorActionPreference = 'Stop'

$password = ConvertTo-SecureString -String $env:SSLO_EXCHANGE_PASSWORD -AsPlainText -Force
$credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $env:SSLO_EXCHANGE_USER, $password
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$env:COMPUTERNAME/PowerShell/" `
    -Authentication Kerberos -Credential $credential
