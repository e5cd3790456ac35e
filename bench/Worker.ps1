<#
.SYNOPSIS
    One benchmark measurement in a fresh PowerShell process; prints one JSON line. Run by Invoke-Benchmarks.ps1.
.DESCRIPTION
    The emulator URL and admin key come from ATLAN_BASE_URL / ATLAN_API_KEY (as a runbook would have them).
    Times are taken with a Stopwatch around the measured pipeline only, after the warm-up runs in the same process.
#>
param(
    [Parameter(Mandatory)]
    [ValidateSet('ModuleList', 'RestList', 'ModuleGuid', 'ModuleMemory', 'ModuleRemove', 'ModuleSet')]
    [string] $Scenario,
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Warmup = 1,
    [int] $Reps = 3,
    [int] $Count = 1000,
    [int] $PageSize = 0,
    [int] $ThrottleLimit = 1
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue' # the host would draw progress; a runbook does not show it either
$result = [ordered]@{ scenario = $Scenario }

function Get-AtlanTokensRest {
    # The fair, idiomatic Invoke-RestMethod loop: one web session (keep-alive), the same page size and stable sort,
    # records emitted page by page into the pipeline.
    param([string] $BaseUrl, [string] $ApiKey, [int] $Limit = 500)
    $session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
    $headers = @{ Authorization = "Bearer $ApiKey"; Accept = 'application/json' }
    $offset = 0
    do {
        $page = Invoke-RestMethod -Uri "$BaseUrl/api/service/apikeys?count=true&offset=$offset&limit=$Limit&sort=createdAt" -Headers $headers -WebSession $session
        $page.records
        $offset += @($page.records).Count
    } while (@($page.records).Count -gt 0 -and $offset -lt $page.filterRecord)
}

if ($Scenario -eq 'RestList') {
    $times = foreach ($i in 1..($Warmup + $Reps)) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $n = (Get-AtlanTokensRest -BaseUrl $env:ATLAN_BASE_URL -ApiKey $env:ATLAN_API_KEY | Measure-Object).Count
        $ms = $sw.Elapsed.TotalMilliseconds
        if ($i -gt $Warmup) { $ms }
    }
    $result.count = $n
    $result.totalMs = @($times)
    $result | ConvertTo-Json -Compress
    return
}

Import-Module $ModulePath
$null = Connect-AtlanTenant
$page = if ($PageSize -gt 0) { @{ PageSize = $PageSize } } else { @{} }

switch ($Scenario) {
    'ModuleList' {
        $total = foreach ($i in 1..($Warmup + $Reps)) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $n = (Get-AtlanApiToken @page | Measure-Object).Count
            $ms = $sw.Elapsed.TotalMilliseconds
            if ($i -gt $Warmup) { $ms }
        }
        $first = foreach ($i in 1..$Reps) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $null = Get-AtlanApiToken @page | Select-Object -First 1
            $sw.Elapsed.TotalMilliseconds
        }
        # The floor PowerShell itself charges: the same 10k objects, already in memory, through Measure-Object.
        $all = Get-AtlanApiToken @page
        $floor = foreach ($i in 1..$Reps) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $null = $all | Measure-Object
            $sw.Elapsed.TotalMilliseconds
        }
        $result.count = $n
        $result.totalMs = @($total)
        $result.firstMs = @($first)
        $result.pipelineFloorMs = @($floor)
    }
    'ModuleGuid' {
        $guids = @((Get-AtlanApiToken | Select-Object -First $Count).Guid)
        # Warm-up: three full passes, as the bare client does. PowerShell's own code paths (the loop, parameter binding,
        # cmdlet set-up) reach tiered JIT's steady state later than a bare C# loop: with one pass, the first measured
        # repetition still ran 1.5-2x slower than the later ones.
        foreach ($pass in 1..3) { foreach ($g in $guids) { $null = Get-AtlanApiToken -Guid $g } }
        $times = foreach ($i in 1..$Reps) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            foreach ($g in $guids) { $null = Get-AtlanApiToken -Guid $g }
            $sw.Elapsed.TotalMilliseconds
        }
        $result.count = $guids.Count
        $result.totalMs = @($times)

        # The same look-ups through the module's client alone (its internal endpoint, by reflection, from the same
        # PowerShell loop), to split the per-call cost between the client and the cmdlet around it.
        $session = Get-AtlanSession
        $flags = [Reflection.BindingFlags]'NonPublic,Instance'
        $endpoint = $session.GetType().GetProperty('ApiTokens', $flags).GetValue($session)
        $nullLog = $session.GetType().Assembly.GetType('AtlanTokens.Client.NullAtlanLog').GetField('Instance').GetValue($null)
        $find = $endpoint.GetType().GetMethod('FindByGuidAsync')
        $none = [Threading.CancellationToken]::None
        foreach ($g in $guids) { $null = $find.Invoke($endpoint, @($g, $nullLog, $none)).GetAwaiter().GetResult() }
        $result.clientOnlyMs = @(foreach ($i in 1..$Reps) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            foreach ($g in $guids) { $null = $find.Invoke($endpoint, @($g, $nullLog, $none)).GetAwaiter().GetResult() }
            $sw.Elapsed.TotalMilliseconds
        })
    }
    'ModuleMemory' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $n = (Get-AtlanApiToken @page | Measure-Object).Count
        $result.count = $n
        $result.totalMs = @($sw.Elapsed.TotalMilliseconds)
        $process = [Diagnostics.Process]::GetCurrentProcess()
        $process.Refresh()
        $result.peakWorkingSetMB = [math]::Round($process.PeakWorkingSet64 / 1MB, 1)
    }
    'ModuleRemove' {
        Get-AtlanApiToken -Name 'warm-*' | Remove-AtlanApiToken -Force -ThrottleLimit $ThrottleLimit
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Get-AtlanApiToken -Name 'load-*' | Remove-AtlanApiToken -Force -ThrottleLimit $ThrottleLimit
        $result.totalMs = @($sw.Elapsed.TotalMilliseconds)
    }
    'ModuleSet' {
        Get-AtlanApiToken -Name 'warm-*' | Set-AtlanApiToken -AddPersona 'Analysts' -ThrottleLimit $ThrottleLimit
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Get-AtlanApiToken -Name 'load-*' | Set-AtlanApiToken -AddPersona 'Analysts' -ThrottleLimit $ThrottleLimit
        $result.totalMs = @($sw.Elapsed.TotalMilliseconds)
    }
}

$result | ConvertTo-Json -Compress
