#requires -Version 7.4
<#
.SYNOPSIS
    Issue 17: bulk Set and Remove at the tenant's rate limit, the module against a bare client paced exactly at the limit.
.DESCRIPTION
    Starts an emulator whose tenant-wide rate limit is a scaled-down minute (default: 100 requests per 2 s window, i.e.
    50 a second), in each limiter shape (window: Atlan's fixed window with a JSON 429 and no Retry-After; gateway:
    nginx's HTML 429). For each shape and operation it seeds -Count tokens through the control path, then runs, each in
    a fresh process on the same fresh state: the bare client paced at exactly the limit (bench/BareClient --rate), and
    the module in every job shape of bench/RateLimitWorker.ps1 (one pipeline; 4 and 8 ForEach-Object -Parallel workers
    on one session; 8 runspaces with a session each on one key), connected with -RequestsPerMinute at -Headroom of the
    limit. Reports per job items a second as a ratio of the paced client's, the 429s the emulator answered (and their
    share of all requests) and the items that failed, in a section of bench/RESULTS.md between markers. Not part of Test.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-RateLimitBenchmark.ps1                     # the full run (about 15 minutes)
    dotnet pwsh ./bench/Invoke-RateLimitBenchmark.ps1 -Job pipeline,sessions8 -Shape window   # a reduced run
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/AtlanTokens/0.1.0/AtlanTokens.psd1'),
    [ValidateRange(1000, 100000)] [int] $Count = 1000,
    [int] $Requests = 100,
    [int] $WindowMs = 2000,
    [ValidateSet('window', 'gateway', 'bucket')] [string[]] $Shape = @('window', 'gateway'),
    [ValidateSet('Remove', 'Set')] [string[]] $Operation = @('Remove', 'Set'),
    [ValidateSet('pipeline', 'workers4', 'workers8', 'sessions8')] [string[]] $Job = @('pipeline', 'workers4', 'workers8', 'sessions8'),
    [double] $Headroom = 0.95,
    [string] $OutFile = (Join-Path $PSScriptRoot 'RESULTS.md'),
    [string] $Note = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
$ProgressPreference = 'SilentlyContinue'
$Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$ModulePath = (Resolve-Path $ModulePath).ProviderPath
$Worker = Join-Path $PSScriptRoot 'RateLimitWorker.ps1'
$BareDll = Join-Path $PSScriptRoot 'BareClient/bin/Release/net10.0/BareClient.dll'
$PwshDll = [Environment]::GetCommandLineArgs()[0]
if ($PwshDll -notlike '*pwsh.dll') { throw "Run this script with the pinned PowerShell (dotnet pwsh), not '$PwshDll'." }
if (-not (Test-Path $BareDll)) { & dotnet build (Join-Path $PSScriptRoot 'BareClient') -c Release --nologo -v q | Out-Null }
$Clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module (Join-Path $Root 'tools/AtlanEmulator.psm1') -Force
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$perSecond = $Requests * 1000.0 / $WindowMs
$moduleRate = [int][math]::Floor($perSecond * 60 * $Headroom)
$persona = 'default/GMbJmTPSIAoCLrZ3aWZkSB'

function Reset-Tenant([psobject] $Emulator, [string] $LimitShape) {
    Invoke-Control $Emulator Post 'reset' @{} | Out-Null
    Invoke-Control $Emulator Post 'tokens/bulk' @{ count = $Count; prefix = 'load-' } | Out-Null
    Invoke-Control $Emulator Delete 'stats' | Out-Null
    Invoke-Control $Emulator Post 'ratelimit' @{ requests = $Requests; windowMs = $WindowMs; shape = $LimitShape } | Out-Null
}

function Measure-Tenant([psobject] $Emulator, [string] $Op) {
    $limit = Invoke-Control $Emulator Get 'ratelimit'
    $stats = Invoke-Control $Emulator Get 'stats'
    $state = Invoke-Control $Emulator Get 'state'
    $left = @($state.tokens | Where-Object displayName -Like 'load-*')
    $notDone = if ($Op -eq 'Remove') { $left.Count } else { @($left | Where-Object { $_.personaQualifiedNames -notcontains $persona }).Count }
    [pscustomobject]@{ Refused = [int]$limit.refused; Requests = [int]$stats.requests; NotDone = $notDone }
}

$rows = [Collections.Generic.List[object]]::new()
$emulator = Start-AtlanEmulator
try {
    $key = [System.Net.NetworkCredential]::new('', $emulator.AdminApiKey).Password
    $envFor = @{ ATLAN_BASE_URL = $emulator.Url; ATLAN_API_KEY = $key; NO_COLOR = '1' }
    foreach ($limitShape in $Shape) {
        foreach ($op in $Operation) {
            Write-Host ("[{0:0}s] {1} / {2}: paced client at {3} requests a second" -f $Clock.Elapsed.TotalSeconds, $limitShape, $op, $perSecond)
            Reset-Tenant $emulator $limitShape
            $mode = if ($op -eq 'Remove') { 'delete' } else { 'update' }
            $bare = Invoke-Json "paced $op" @($BareDll, '--mode', $mode, '--prefix', 'load-', '--persona', $persona, '--rate', ([string]::Format([cultureinfo]::InvariantCulture, '{0}', $perSecond))) $envFor
            $t = Measure-Tenant $emulator $op
            $pacedRate = $bare.count / ($bare.totalMs[0] / 1000)
            $rows.Add([pscustomobject]@{ Shape = $limitShape; Operation = $op; Job = 'paced bare client'; Items = $bare.count; Seconds = $bare.totalMs[0] / 1000; ItemsPerSecond = $pacedRate; Ratio = 1.0; Requests = $t.Requests; Refused = $t.Refused; Failed = $t.NotDone; FailedIds = '' })
            foreach ($j in $Job) {
                Write-Host ("[{0:0}s] {1} / {2}: module, {3}" -f $Clock.Elapsed.TotalSeconds, $limitShape, $op, $j)
                Reset-Tenant $emulator $limitShape
                $m = Invoke-Json "module $op $j" @($PwshDll, '-NoProfile', '-NonInteractive', '-File', $Worker, '-Job', $j, '-Operation', $op, '-RequestsPerMinute', "$moduleRate", '-ModulePath', $ModulePath, '-Persona', $persona) $envFor
                $t = Measure-Tenant $emulator $op
                $rate = ($m.items - $t.NotDone) / ($m.totalMs / 1000)
                $rows.Add([pscustomobject]@{ Shape = $limitShape; Operation = $op; Job = $j; Items = $m.items; Seconds = $m.totalMs / 1000; ItemsPerSecond = $rate; Ratio = $rate / $pacedRate; Requests = $t.Requests; Refused = $t.Refused; Failed = [math]::Max([int]$m.failed, [int]$t.NotDone); FailedIds = $m.failedIds })
                Write-Host ("    {0:0.0} items/s = {1:0.00} of paced; {2} 429s of {3} requests; {4} failed" -f $rate, ($rate / $pacedRate), $t.Refused, $t.Requests, $m.failed)
            }
        }
    }
}
finally {
    Stop-AtlanEmulator $emulator
}

# ---------------------------------------------------------------------------------------------- report
function F([double] $v, [string] $fmt = '0.00') { $v.ToString($fmt, [cultureinfo]::InvariantCulture) }
$jobText = @{ 'paced bare client' = 'bare client paced at the limit'; pipeline = '1 pipeline'; workers4 = '4 workers (-Parallel), 1 session'; workers8 = '8 workers (-Parallel), 1 session'; sessions8 = '8 runspaces, 8 sessions, 1 key' }
$commit = (& git -C $Root rev-parse --short HEAD 2>$null)
$cores = (& nproc).Trim()
$sb = [Text.StringBuilder]::new()
$null = $sb.AppendLine('<!-- ratelimit:start (written by bench/Invoke-RateLimitBenchmark.ps1; kept by Invoke-Benchmarks.ps1) -->')
$null = $sb.AppendLine('## Bulk work at the tenant''s rate limit (issue 17)')
$null = $sb.AppendLine()
$null = $sb.AppendLine("Written by ``bench/Invoke-RateLimitBenchmark.ps1`` on $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC, commit ``$commit``, in $(F $Clock.Elapsed.TotalSeconds '0') s, $cores cores shared with other work (load average $(Get-LoadAverage) at the end).")
$null = $sb.AppendLine()
$null = $sb.AppendLine("- Tenant: the emulator limited to **$Requests requests per $WindowMs ms window** ($(F $perSecond '0') a second, a scaled-down minute), tenant-wide. Shapes: ``window`` = Atlan's fixed window, JSON 429, no Retry-After; ``gateway`` = nginx's HTML 429 page, no Retry-After.")
$null = $sb.AppendLine("- Work: $Count tokens per job, each job in a fresh process on a freshly seeded tenant. Remove = list + 1 DELETE per token; Set ``-AddPersona`` = list + 1 read + 1 write per token. Time runs from the listing to the last item.")
$null = $sb.AppendLine("- Paced client: ``bench/BareClient --rate $(F $perSecond '0')``, every request in its slot of an exact schedule at the limit (up to 8 items in flight, so the round trip does not slow it), a 429 sent again in the next slot. Share of the limit = items a second / the items the limit allows (a second: $(F $perSecond '0') removals or $(F ($perSecond / 2) '0') updates). Module: ``Connect-AtlanTenant -RequestsPerMinute $moduleRate`` ($(F ($Headroom * 100) '0') % of the limit), defaults otherwise.")
$null = $sb.AppendLine("- Ratio = the job's items a second (items changed only) / the paced client's, same shape and operation, same run. 429s = what the emulator refused during the job, with their share of all its requests. Failed = items reported as errors or not changed on the tenant.")
if ($Note) { $null = $sb.AppendLine("- $Note") }
$null = $sb.AppendLine()
$null = $sb.AppendLine('| Shape | Operation | Job | Items | s | Items/s | Share of the limit | Ratio to paced | 429s (share of requests) | Failed |')
$null = $sb.AppendLine('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
foreach ($r in $rows) {
    $share = if ($r.Requests -gt 0) { $r.Refused / $r.Requests * 100 } else { 0 }
    $failedText = if ($r.FailedIds) { "$($r.Failed) ($($r.FailedIds))" } else { "$($r.Failed)" }
    $null = $sb.AppendLine("| $($r.Shape) | $($r.Operation) | $($jobText[$r.Job]) | $($r.Items) | $(F $r.Seconds '0.0') | $(F $r.ItemsPerSecond '0.0') | $(F ($r.ItemsPerSecond / ($(if ($r.Operation -eq 'Remove') { $perSecond } else { $perSecond / 2 })))) | **$(F $r.Ratio)** | $($r.Refused) of $($r.Requests) ($(F $share '0.0') %) | $failedText |")
}
$module = @($rows | Where-Object Job -NE 'paced bare client')
$worst = ($module | Measure-Object Ratio -Minimum).Minimum
$failedTotal = ($module | Measure-Object Failed -Sum).Sum
$refusedShare = ($module | ForEach-Object { if ($_.Requests) { $_.Refused / $_.Requests } else { 0 } } | Measure-Object -Maximum).Maximum * 100
$null = $sb.AppendLine()
$null = $sb.AppendLine("Target (issue 17): every job at least 0.90 of the paced client, 0 failed items, 429s under 1 % of requests. This run: lowest ratio **$(F $worst)**, failed items **$failedTotal**, highest 429 share **$(F $refusedShare '0.0') %**.")
$null = $sb.AppendLine('<!-- ratelimit:end -->')
$section = $sb.ToString()

$existing = if (Test-Path $OutFile) { Get-Content $OutFile -Raw } else { '' }
$pattern = '(?s)<!-- ratelimit:start.*?<!-- ratelimit:end -->\r?\n?'
$updated = if ($existing -match $pattern) { [regex]::Replace($existing, $pattern, { param($m) $section }) } else { $existing.TrimEnd() + "`n`n" + $section }
Set-Content -Path $OutFile -Value $updated -Encoding utf8NoBOM -NoNewline
$null = New-Item -ItemType Directory -Force (Join-Path $Root 'out/bench')
$rows | ConvertTo-Json -Depth 3 | Set-Content (Join-Path $Root 'out/bench/ratelimit.json')
Write-Host $section
