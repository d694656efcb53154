# Reads one server's Outlook Anywhere settings from AD. Runs after open-exchange-session.ps1 and
# outlook-anywhere-settings.ps1.
# $Params.identity: the server's Rpc vdir, e.g. CAS01\Rpc (Default Web Site)
try {
    Import-PSSession -Session $session -CommandName Get-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
    Read-OutlookAnywhere | ConvertTo-Json -Compress
} finally {
    Remove-PSSession -Session $session
}
