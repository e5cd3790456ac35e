#requires -Version 7.4
<#
.SYNOPSIS
    One job of bench/Invoke-RateLimitBenchmark.ps1: bulk Remove or Set of the 'load-*' tokens through the module, in one
    of the job shapes of issue 17, against a rate-limited emulator. Prints one JSON line: items, failed, totalMs.
.DESCRIPTION
    Jobs: 'pipeline' (one pipeline), 'workers4' / 'workers8' (ForEach-Object -Parallel over 4 or 8 slices, one shared
    session), 'sessions8' (8 runspaces, each with its own session on the same key). The time runs from the listing to
    the last item, as the paced client's does.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('pipeline', 'workers4', 'workers8', 'sessions8')] [string] $Job,
    [Parameter(Mandatory)] [ValidateSet('Remove', 'Set')] [string] $Operation,
    [Parameter(Mandatory)] [int] $RequestsPerMinute,
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Persona = 'default/GMbJmTPSIAoCLrZ3aWZkSB'
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath
$url = $env:ATLAN_BASE_URL
$key = ConvertTo-SecureString $env:ATLAN_API_KEY -AsPlainText -Force
$session = Connect-AtlanTenant -BaseUrl $url -ApiKey $key -RequestsPerMinute $RequestsPerMinute -PassThru
$null = Get-AtlanPersona -Session $session # the persona directory, read once before the clock starts (the paced client knows the persona)

$failed = [System.Collections.Concurrent.ConcurrentBag[string]]::new()
$sw = [Diagnostics.Stopwatch]::StartNew()
$items = 0
switch ($Job) {
    'pipeline' {
        $tokens = @(Get-AtlanApiToken -Name 'load-*' -Session $session)
        $items = $tokens.Count
        $e = $null
        if ($Operation -eq 'Remove') {
            $tokens | Remove-AtlanApiToken -Force -ErrorVariable e -ErrorAction SilentlyContinue
        }
        else {
            $tokens | Set-AtlanApiToken -AddPersona $Persona -ErrorVariable e -ErrorAction SilentlyContinue
        }
        foreach ($x in @($e)) { if ($x) { $failed.Add($x.FullyQualifiedErrorId) } }
    }
    { $_ -in 'workers4', 'workers8' } {
        $n = if ($Job -eq 'workers4') { 4 } else { 8 }
        $tokens = @(Get-AtlanApiToken -Name 'load-*' -Session $session)
        $items = $tokens.Count
        $slices = for ($i = 0; $i -lt $n; $i++) { , @(for ($j = $i; $j -lt $tokens.Count; $j += $n) { $tokens[$j] }) }
        $slices | ForEach-Object -ThrottleLimit $n -Parallel {
            Import-Module $using:ModulePath
            $ProgressPreference = 'SilentlyContinue'
            $bag = $using:failed
            $e = $null
            if ($using:Operation -eq 'Remove') {
                $_ | Remove-AtlanApiToken -Force -ErrorVariable e -ErrorAction SilentlyContinue
            }
            else {
                $_ | Set-AtlanApiToken -AddPersona $using:Persona -ErrorVariable e -ErrorAction SilentlyContinue
            }
            foreach ($x in @($e)) { if ($x) { $bag.Add($x.FullyQualifiedErrorId) } }
        }
    }
    'sessions8' {
        # Each runspace connects on its own, lists the tokens through its own session, waits until all 8 have
        # listed (so no listing sees another's deletes), then works on its slice.
        $ready = [System.Collections.Concurrent.ConcurrentDictionary[int, int]]::new()
        $counts = [System.Collections.Concurrent.ConcurrentDictionary[int, int]]::new()
        0..7 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            $ProgressPreference = 'SilentlyContinue'
            $bag = $using:failed
            $mine = Connect-AtlanTenant -BaseUrl $using:url -ApiKey $using:key -PassThru
            $all = @(Get-AtlanApiToken -Name 'load-*' -Session $mine | Sort-Object Guid)
            $slice = @(for ($j = $_; $j -lt $all.Count; $j += 8) { $all[$j] })
            $null = ($using:counts).TryAdd($_, $slice.Count)
            $null = ($using:ready).TryAdd($_, 1)
            while (($using:ready).Count -lt 8) { Start-Sleep -Milliseconds 5 }
            $e = $null
            if ($using:Operation -eq 'Remove') {
                $slice | Remove-AtlanApiToken -Force -ErrorVariable e -ErrorAction SilentlyContinue
            }
            else {
                $slice | Set-AtlanApiToken -AddPersona $using:Persona -ErrorVariable e -ErrorAction SilentlyContinue
            }
            foreach ($x in @($e)) { if ($x) { $bag.Add($x.FullyQualifiedErrorId) } }
        }
        $items = ($counts.Values | Measure-Object -Sum).Sum
    }
}
$ms = $sw.Elapsed.TotalMilliseconds
$byId = @($failed | Group-Object | ForEach-Object { "$($_.Name) x$($_.Count)" }) -join '; '
[pscustomobject]@{ items = $items; failed = $failed.Count; failedIds = $byId; totalMs = $ms; rateInForce = (Get-AtlanSession).CurrentRequestsPerMinute } | ConvertTo-Json -Compress
