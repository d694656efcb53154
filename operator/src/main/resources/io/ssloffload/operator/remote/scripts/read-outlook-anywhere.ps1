# Reads one server's Outlook Anywhere settings from AD. Runs after exchange.ps1.
# $Params.identity: the server's Rpc vdir, e.g. CAS01\Rpc (Default Web Site)
$ErrorActionPreference = 'Stop'
$session = Open-ExchangeSession
try {
    Import-PSSession -Session $session -CommandName Get-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    Read-OutlookAnywhere $Params.identity | ConvertTo-Json -Compress
} finally {
    Remove-PSSession -Session $session
}
