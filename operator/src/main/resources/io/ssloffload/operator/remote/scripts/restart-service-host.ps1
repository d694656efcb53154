# Restarts the Microsoft Exchange Service Host: its start-up pass copies Outlook Anywhere from
# Active Directory into IIS (Default Web Site/Rpc) at once instead of at the next periodic pass.
# $Params: none.
$ErrorActionPreference = 'Stop'
Restart-Service -Name MSExchangeServiceHost
[pscustomobject]@{ restarted = 'MSExchangeServiceHost' } | ConvertTo-Json -Compress
