<#
.SYNOPSIS
    Runs the tests/pester/*.Tests.ps1 files against the built module and writes {passed, failed, skipped} as JSON.
    Called by build.ps1 Test in fresh processes, so the freshly built DLL is the one loaded.
.DESCRIPTION
    Without -QueueDirectory it runs every file in one Invoke-Pester call. With -QueueDirectory several of these
    processes share the files: each claims the next unclaimed file (an exclusive create of <queue>/<file>.claim), runs
    it, and moves on, so the slow files spread over the processes whatever their number. Files are claimed longest
    first (the order below; a file not listed there comes after them). With -PackagesDoneFile, the files that test
    the packages are claimed only once that file exists (build.ps1 Test packages while the other files run).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $Configuration = 'Release',
    [string] $QueueDirectory,
    [string] $PackagesDoneFile
)
$ErrorActionPreference = 'Stop'
Write-Host "PowerShell $($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition)"
$nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$pester = Join-Path $nugetRoot 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) { throw "Pester 5.7.1 is not restored at $pester. Run: dotnet restore tests/pester/restore" }
Import-Module $pester -Force

$env:ATLANTOKENS_MODULE_PATH = (Resolve-Path $ModulePath).Path
$env:ATLANTOKENS_CONFIGURATION = $Configuration

function New-SuiteConfiguration([string[]] $Path) {
    $config = New-PesterConfiguration
    $config.Run.Path = $Path
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.Output.RenderMode = 'Plaintext'
    $config
}

$totals = @{ passed = 0; failed = 0; skipped = 0 }
function Add-Result($result) {
    $totals.passed += $result.PassedCount
    $totals.failed += $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    $totals.skipped += $result.SkippedCount
}

if (-not $QueueDirectory) {
    Add-Result (Invoke-Pester -Configuration (New-SuiteConfiguration $PSScriptRoot))
}
else {
    # Longest first (measured on 2 cores); the rest by name.
    $longest = 'Grants', 'Rotation', 'RateLimit', 'Faults', 'EmulatorPackage', 'OAuth', 'AtlasRefusals', 'Hostile', 'Help', 'Readme'
    $files = @(Get-ChildItem $PSScriptRoot -Filter *.Tests.ps1 | Sort-Object @{ Expression = { $i = [array]::IndexOf($longest, $_.Name -replace '\.Tests\.ps1$'); if ($i -lt 0) { 1000 } else { $i } } }, Name)
    $needsPackages = 'Package', 'EmulatorPackage'
    $null = New-Item -ItemType Directory $QueueDirectory -Force
    $pending = [System.Collections.Generic.List[object]]::new($files)
    $waitUntil = [DateTime]::UtcNow.AddMinutes(10)   # build.ps1 writes the file whatever happens; this is a backstop
    while ($pending.Count -gt 0) {
        $packagesDone = -not $PackagesDoneFile -or (Test-Path -LiteralPath $PackagesDoneFile) -or [DateTime]::UtcNow -gt $waitUntil
        $file = $pending | Where-Object { $packagesDone -or ($_.Name -replace '\.Tests\.ps1$') -notin $needsPackages } | Select-Object -First 1
        if (-not $file) { Start-Sleep -Milliseconds 200; continue }   # only files that wait for the packages are left
        $null = $pending.Remove($file)
        $claim = Join-Path $QueueDirectory "$($file.Name).claim"
        try { [IO.File]::Open($claim, 'CreateNew', 'Write').Dispose() }
        catch { if (Test-Path -LiteralPath $claim) { continue } else { throw } }   # exists: another process has it
        $self = [System.Diagnostics.Process]::GetCurrentProcess()
        $cpuBefore = $self.TotalProcessorTime
        Add-Result (Invoke-Pester -Configuration (New-SuiteConfiguration $file.FullName))
        $self.Refresh()
        Write-Host ('{0}: {1:0.0} s of CPU in this process (its child processes not counted)' -f $file.Name, ($self.TotalProcessorTime - $cpuBefore).TotalSeconds)
    }
}

$totals | ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8
if ($totals.failed -gt 0) { exit 1 }
exit 0
