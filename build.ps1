#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and demonstrates the AtlanTokens module.
.DESCRIPTION
    Tasks:
      Build  stages the importable module at out/AtlanTokens/<version>/ and builds the Atlan emulator.
      Test   builds, runs the xunit suites and the Pester suite (each in a fresh process), prints one line
             "N passed, N failed" and exits non-zero on any failure.
      Demo   builds, starts the emulator, walks the API-token lifecycle with the module, stops the emulator.
      Bench  builds Release, then runs bench/Invoke-Benchmarks.ps1 (module vs bare HttpClient vs Invoke-RestMethod
             against the emulator) and rewrites bench/RESULTS.md. Not part of Test: no timed assertions there.
    Run it with the pinned PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 <Task>
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$Root = $PSScriptRoot
$Version = (Import-PowerShellDataFile (Join-Path $Root 'AtlanTokens.psd1')).ModuleVersion
$ModuleDir = Join-Path $Root "out/AtlanTokens/$Version"
$ResultsDir = Join-Path $Root 'out/test-results'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build {
    Write-Host "Building AtlanTokens $Version ($Configuration)"
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    # publish, not build: a plain build would copy the reference System.Management.Automation.dll into the module.
    Invoke-Native 'Module build' { dotnet publish (Join-Path $Root 'src/AtlanTokens/AtlanTokens.csproj') -c $Configuration -o $ModuleDir --nologo -v quiet }
    Remove-Item (Join-Path $ModuleDir 'AtlanTokens.deps.json') -ErrorAction SilentlyContinue
    Invoke-Native 'Emulator build' { dotnet build (Join-Path $Root 'src/AtlanTokens.Emulator/AtlanTokens.Emulator.csproj') -c $Configuration --nologo -v quiet }
    Invoke-Native 'Pester restore' { dotnet restore (Join-Path $Root 'tests/pester/restore/PesterRestore.csproj') --nologo -v quiet }
    Write-Host "Module staged at $ModuleDir"
}

function Read-TrxCounts {
    param([string] $Directory)
    $counts = @{ passed = 0; failed = 0; skipped = 0 }
    foreach ($file in Get-ChildItem $Directory -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        [xml] $trx = Get-Content $file.FullName -Raw
        $counters = $trx.TestRun.ResultSummary.Counters
        $counts.passed += [int] $counters.passed
        $counts.failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $counts.skipped += [int] $counters.notExecuted
    }
    $counts
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory $ResultsDir
    $totals = @{ passed = 0; failed = 0; skipped = 0 }
    $crashed = @()

    foreach ($project in 'tests/AtlanTokens.Emulator.Tests', 'tests/AtlanTokens.Tests') {
        $name = Split-Path $project -Leaf
        $dir = Join-Path $ResultsDir $name
        Write-Host "Running $name"
        dotnet test (Join-Path $Root $project) -c $Configuration --nologo -v quiet --logger "trx;LogFileName=$name.trx" --results-directory $dir
        $exit = $LASTEXITCODE
        $counts = Read-TrxCounts $dir
        if ($exit -ne 0 -and $counts.failed -eq 0) { $crashed += $name }
        foreach ($k in 'passed', 'failed', 'skipped') { $totals[$k] += $counts[$k] }
    }

    Write-Host 'Running Pester (fresh process)'
    $pesterResult = Join-Path $ResultsDir 'pester.json'
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1') -ModulePath (Join-Path $ModuleDir 'AtlanTokens.psd1') -ResultPath $pesterResult -Configuration $Configuration
    $exit = $LASTEXITCODE
    if (Test-Path $pesterResult) {
        $counts = Get-Content $pesterResult -Raw | ConvertFrom-Json
        $totals.passed += $counts.passed; $totals.failed += $counts.failed; $totals.skipped += $counts.skipped
        if ($exit -ne 0 -and $counts.failed -eq 0) { $crashed += 'Pester' }
    }
    else {
        $crashed += 'Pester'
    }

    $line = "$($totals.passed) passed, $($totals.failed) failed"
    if ($totals.skipped) { $line += ", $($totals.skipped) skipped" }
    Write-Host $line
    if ($crashed) { Write-Host "Test run did not complete: $($crashed -join ', ')" }
    if ($totals.failed -gt 0 -or $crashed -or $totals.passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Demo.ps1') -ModulePath (Join-Path $ModuleDir 'AtlanTokens.psd1') -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    # Timings only mean something for Release builds of the module, the emulator and the bare client.
    $script:Configuration = 'Release'
    Invoke-Build
    Invoke-Native 'Bare client build' { dotnet build (Join-Path $Root 'bench/BareClient/BareClient.csproj') -c Release --nologo -v quiet }
    dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModulePath (Join-Path $ModuleDir 'AtlanTokens.psd1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
}
