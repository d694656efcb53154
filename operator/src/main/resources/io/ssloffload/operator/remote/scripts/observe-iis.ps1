# Observes one server (see Get-IisObservation in iis.ps1) and, when asked, reads its Outlook Anywhere
# settings from AD in the same process: one powershell.exe instead of two on a server seen for the first
# time. Runs after iis.ps1 and exchange.ps1.
# $Params: locations, authenticationAt (see Get-IisObservation); outlookAnywhere: the Rpc vdir's identity, or null
$ErrorActionPreference = 'Stop'
$iis = Get-IisObservation $Params
$outlookAnywhere = $null
if ($null -ne $Params.outlookAnywhere) {
    $session = Open-ExchangeSession
    try {
        Import-PSSession -Session $session -CommandName Get-OutlookAnywhere -AllowClobber -DisableNameChecking | Out-Null
        $outlookAnywhere = Read-OutlookAnywhere $Params.outlookAnywhere
    } finally {
        Remove-PSSession -Session $session
    }
}
[pscustomobject]@{ iis = $iis; outlookAnywhere = $outlookAnywhere } | ConvertTo-Json -Compress -Depth 5
