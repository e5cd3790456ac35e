#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and demonstrates the AtlanTokens module.
.DESCRIPTION
    Tasks:
      Build  stages the importable module at out/AtlanTokens/<version>/ (with its help, see Docs) and builds the Atlan emulator.
      Docs   turns docs/en-US/*.md (PlatyPS markdown) into the staged module's en-US/AtlanTokens.dll-Help.xml and
             about_*.help.txt with tools/HelpBuilder; fails on a malformed page. Needs a staged module (Build).
      Test   builds, runs the xunit suites and the Pester suite (each in a fresh process), prints one line
             "N passed, N failed" and exits non-zero on any failure.
      Demo   builds, starts the emulator, walks the API-token lifecycle with the module, stops the emulator.
      Package builds, then makes out/package/AtlanTokens.<version>.nupkg (through Publish-PSResource into a local
             file repository), out/package/AtlanTokens.zip (the layout Azure Automation imports), and the emulator
             for users: AtlanTokens.Emulator.Tool.<version>.nupkg (.NET tool, command atlan-emulator) and
             AtlanTokens.Emulator.<version>.nupkg (PowerShell module: tools/AtlanEmulator.psm1 with a manifest).
      Bench  builds Release, then runs bench/Invoke-Benchmarks.ps1 (module vs bare HttpClient vs Invoke-RestMethod
             against the emulator) and rewrites bench/RESULTS.md. Not part of Test: no timed assertions there.
    Run it with the pinned PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 <Task>
    Test -PesterShell powershell|pwsh|<path> runs the Pester suite in another PowerShell (CI: .github/workflows/ci.yml
    runs Windows PowerShell 5.1, PowerShell 7.4 and 7.6); the build and the xunit suites are the same either way.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Docs', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # The PowerShell that runs the Pester suite (Test): 'dotnet-pwsh' (default: the pinned local tool, 7.6.9),
    # 'pwsh' (the one on PATH), 'powershell' (Windows PowerShell 5.1), or the path of a pwsh/powershell executable
    # (e.g. a PowerShell 7.4 installed with dotnet tool install PowerShell --version 7.4.x --tool-path <dir>).
    # The build itself always runs in this PowerShell (7.4+).
    [string] $PesterShell = 'dotnet-pwsh'
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
    param([switch] $WithTests)
    Write-Host "Building AtlanTokens $Version ($Configuration)"
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    # Pester comes from NuGet (no PowerShell Gallery here): restored beside the build, not after it.
    $pesterRestoreLog = Join-Path ([IO.Path]::GetTempPath()) "atlantokens-pester-restore-$PID.log"
    $pesterRestore = Start-Process dotnet -ArgumentList 'restore', (Join-Path $Root 'tests/pester/restore/PesterRestore.csproj'), '--nologo', '-v', 'quiet' -NoNewWindow -PassThru -RedirectStandardOutput $pesterRestoreLog
    $null = $pesterRestore.Handle   # Windows: keeps the process handle, so ExitCode is readable after it exits
    # One MSBuild run for the module, the emulator (and its .NET tool package) and the help builder, and the test
    # projects for Invoke-Test: one start-up and one restore, projects built side by side; the steps below only copy
    # and run what it built. Building the tests here rather than while Pester runs is quicker on 2 cores: compiling
    # beside the Pester processes cost about twice the CPU it costs alone.
    $projects = @('src/AtlanTokens/AtlanTokens.csproj', 'src/AtlanTokens.Emulator/AtlanTokens.Emulator.csproj', 'tools/HelpBuilder/HelpBuilder.csproj')
    if ($WithTests) { $projects += 'tests/AtlanTokens.Tests/AtlanTokens.Tests.csproj', 'tests/AtlanTokens.Emulator.Tests/AtlanTokens.Emulator.Tests.csproj' }
    Invoke-Native 'Build' { dotnet build (New-SolutionFilter 'build' $projects) -c $Configuration --nologo -v quiet -clp:NoSummary "-p:Version=$Version" -p:PackEmulatorTool=true }
    # publish, not build: a plain build would copy the reference System.Management.Automation.dll into the module.
    Invoke-Native 'Module stage' { dotnet publish (Join-Path $Root 'src/AtlanTokens/AtlanTokens.csproj') -c $Configuration --no-build -o $ModuleDir --nologo -v quiet "-p:Version=$Version" }
    Remove-Item (Join-Path $ModuleDir 'AtlanTokens.deps.json') -ErrorAction SilentlyContinue
    Invoke-Docs -Built
    $pesterRestore.WaitForExit()
    if ($pesterRestore.ExitCode -ne 0) {
        Get-Content $pesterRestoreLog -ErrorAction Ignore | Write-Host
        throw "Pester restore failed (exit code $($pesterRestore.ExitCode))."
    }
    Remove-Item $pesterRestoreLog -ErrorAction Ignore
    Write-Host "Module staged at $ModuleDir"
}

function New-SolutionFilter {
    # A solution filter (out/<name>.slnf) over AtlanTokens.PowerShell.sln: one dotnet build for several projects.
    param([string] $Name, [string[]] $Projects)
    $null = New-Item -ItemType Directory (Join-Path $Root 'out') -Force
    $path = Join-Path $Root "out/$Name.slnf"
    @{ solution = @{ path = '../AtlanTokens.PowerShell.sln'; projects = @($Projects | ForEach-Object { $_.Replace('/', '\') }) } } |
        ConvertTo-Json -Depth 3 | Set-Content $path
    $path
}

function Invoke-Package {
    Invoke-Build
    New-Packages
}

function New-Packages {
    # The packages of what Invoke-Build staged and built.
    $packageDir = Join-Path $Root 'out/package'
    if (Test-Path $packageDir) { Remove-Item $packageDir -Recurse -Force }
    $repository = Join-Path $packageDir 'repository'
    $null = New-Item -ItemType Directory $repository
    $manifest = Test-ModuleManifest (Join-Path $ModuleDir 'AtlanTokens.psd1')
    Write-Host "Manifest OK: $($manifest.Name) $($manifest.Version), $($manifest.ExportedCmdlets.Count) cmdlets"

    # (a) nupkg: publish into a throw-away local file repository, registered only for this step.
    $repositoryName = "AtlanTokensBuild$PID"
    Register-PSResourceRepository -Name $repositoryName -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $ModuleDir -Repository $repositoryName
        # (c) the emulator's PowerShell helpers as a module of their own (see Invoke-EmulatorPackage).
        Publish-PSResource -Path (New-EmulatorModuleStage) -Repository $repositoryName
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
    }
    $nupkg = Get-Item (Join-Path $repository "AtlanTokens.$Version.nupkg") -ErrorAction Ignore
    if (-not $nupkg) { throw 'Publish-PSResource made no package.' }
    Copy-Item $nupkg.FullName $packageDir

    # (b) Azure Automation: a zip named like the module, with the module folder at its root.
    $staging = Join-Path $packageDir 'zip/AtlanTokens'
    $null = New-Item -ItemType Directory $staging
    Get-ChildItem $ModuleDir | Where-Object Extension -NE '.pdb' | Copy-Item -Destination $staging -Recurse
    $zip = Join-Path $packageDir 'AtlanTokens.zip'
    Compress-Archive -Path $staging -DestinationPath $zip
    Remove-Item (Join-Path $packageDir 'zip') -Recurse -Force

    # (d) the emulator as a .NET tool (command atlan-emulator), packed by the Build (PackEmulatorTool).
    Copy-Item (Join-Path $Root "src/AtlanTokens.Emulator/bin/$Configuration/AtlanTokens.Emulator.Tool.$Version.nupkg") $packageDir
    Copy-Item (Join-Path $repository "AtlanTokens.Emulator.$Version.nupkg") $packageDir
    Write-Host "Packages: $($nupkg.Name), AtlanTokens.zip, AtlanTokens.Emulator.$Version.nupkg (PowerShell module), AtlanTokens.Emulator.Tool.$Version.nupkg (.NET tool)"
}

function New-EmulatorModuleStage {
    # tools/AtlanEmulator.psm1 as it is, under a manifest that makes it the module AtlanTokens.Emulator; the exported
    # functions are read from the file itself, so functions added to it are packaged without touching this.
    $stage = Join-Path $Root "out/AtlanTokens.Emulator/$Version"
    if (Test-Path $stage) { Remove-Item $stage -Recurse -Force }
    $null = New-Item -ItemType Directory $stage
    Copy-Item (Join-Path $Root 'tools/AtlanEmulator.psm1') $stage
    $loaded = Import-Module (Join-Path $stage 'AtlanEmulator.psm1') -PassThru -Force
    $functions = @($loaded.ExportedFunctions.Keys | Sort-Object)
    Remove-Module $loaded
    $moduleData = Import-PowerShellDataFile (Join-Path $Root 'AtlanTokens.psd1')
    $manifest = @{
        Path                 = Join-Path $stage 'AtlanTokens.Emulator.psd1'
        RootModule           = 'AtlanEmulator.psm1'
        ModuleVersion        = $Version
        Guid                 = '6d1f3b9a-8c2e-4f7a-b5d4-1e9c0a7f3b62'
        Author               = $moduleData.Author
        CompanyName          = $moduleData.CompanyName
        Copyright            = $moduleData.Copyright
        Description          = 'Starts, stops and drives the Atlan emulator (an offline Atlan-compatible tenant, the .NET tool AtlanTokens.Emulator.Tool) to test scripts that use the AtlanTokens module: Start-AtlanEmulator, faults, rate limits, the request log and the tenant state.'
        PowerShellVersion    = '7.0'
        CompatiblePSEditions = @('Core')
        FunctionsToExport    = $functions
        CmdletsToExport      = @()
        VariablesToExport    = @()
        AliasesToExport      = @()
        Tags                 = @('Atlan', 'Emulator', 'Testing', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        ProjectUri           = $moduleData.PrivateData.PSData.ProjectUri
        LicenseUri           = $moduleData.PrivateData.PSData.LicenseUri
    }
    New-ModuleManifest @manifest
    $null = Test-ModuleManifest $manifest.Path
    $stage
}

function Invoke-Docs {
    # The converter is a build-time tool (net10.0, Markdig); it is built here (or by Invoke-Build: -Built), run from
    # its dll, and never staged.
    param([switch] $Built)
    if (-not (Test-Path (Join-Path $ModuleDir 'AtlanTokens.dll'))) { throw "No staged module at ${ModuleDir}: run ./build.ps1 Build." }
    $project = Join-Path $Root 'tools/HelpBuilder/HelpBuilder.csproj'
    if (-not $Built) { Invoke-Native 'HelpBuilder build' { dotnet build $project -c $Configuration --nologo -v quiet -clp:NoSummary } }
    $helpBuilder = Join-Path $Root "tools/HelpBuilder/bin/$Configuration/net10.0/HelpBuilder.dll"
    Invoke-Native 'Help build (docs/en-US -> MAML)' { dotnet $helpBuilder --docs (Join-Path $Root 'docs/en-US') --out (Join-Path $ModuleDir 'en-US') }
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
    $shell = Resolve-PesterShell   # fail before building when the chosen PowerShell is not there
    Invoke-Build -WithTests
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory $ResultsDir
    $totals = @{ passed = 0; failed = 0; skipped = 0 }
    $crashed = @()

    # The Pester suite runs alongside the packaging and the xunit suites, in two processes that share its files (a
    # queue: each takes the next file when it is done with one), so a slow file does not hold the others up. The
    # files that test the packages wait for this file, written once the packages are made (or failed). Their output is
    # kept in files and printed once everything has run, so nothing interleaves.
    $queue = Join-Path $ResultsDir 'pester-queue'
    $packagesDone = Join-Path $ResultsDir 'packages-done'
    Set-TestRuntime $true
    $pesterRuns = foreach ($n in 1..2) {
        $result = Join-Path $ResultsDir "pester-$n.json"
        $log = Join-Path $ResultsDir "pester-$n.log"
        $arguments = @($shell.Arguments) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'),
            '-ModulePath', (Join-Path $ModuleDir 'AtlanTokens.psd1'), '-ResultPath', $result, '-Configuration', $Configuration, '-QueueDirectory', $queue,
            '-PackagesDoneFile', $packagesDone)
        $process = Start-Process -FilePath $shell.Command -ArgumentList $arguments -NoNewWindow -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err"
        $null = $process.Handle   # Windows: keeps the process handle, so ExitCode is readable after it exits
        [pscustomobject]@{ Name = "Pester $n"; Process = $process; Result = $result; Log = $log }
    }
    Set-TestRuntime $false

    try {
        New-Packages
        Set-Content $packagesDone 'made'
    }
    catch {
        Set-Content $packagesDone "failed: $_"
        Write-Host "Packaging failed: $_"
        $crashed += 'Packaging'
    }

    foreach ($project in 'tests/AtlanTokens.Emulator.Tests', 'tests/AtlanTokens.Tests') {
        $name = Split-Path $project -Leaf
        $dir = Join-Path $ResultsDir $name
        Write-Host "Running $name"
        Set-TestRuntime $true
        dotnet test (Join-Path $Root $project) -c $Configuration --no-build --nologo -v quiet --logger "trx;LogFileName=$name.trx" --results-directory $dir
        $exit = $LASTEXITCODE
        Set-TestRuntime $false
        $counts = Read-TrxCounts $dir
        if ($exit -ne 0 -and $counts.failed -eq 0) { $crashed += $name }
        foreach ($k in 'passed', 'failed', 'skipped') { $totals[$k] += $counts[$k] }
    }

    foreach ($run in $pesterRuns) {
        $run.Process.WaitForExit()
        Write-Host "$($run.Name) (fresh process: $($shell.Name))"   # its log starts with its PowerShell version
        Get-Content $run.Log, "$($run.Log).err" -ErrorAction Ignore | Write-Host
        if (Test-Path $run.Result) {
            $counts = Get-Content $run.Result -Raw | ConvertFrom-Json
            $totals.passed += $counts.passed; $totals.failed += $counts.failed; $totals.skipped += $counts.skipped
            if ($run.Process.ExitCode -ne 0 -and $counts.failed -eq 0) { $crashed += $run.Name }
        }
        else {
            $crashed += $run.Name
        }
    }

    $line = "$($totals.passed) passed, $($totals.failed) failed"
    if ($totals.skipped) { $line += ", $($totals.skipped) skipped" }
    Write-Host $line
    if ($crashed) { Write-Host "Test run did not complete: $($crashed -join ', ')" }
    if ($totals.failed -gt 0 -or $crashed -or $totals.passed -eq 0) { exit 1 }
}

function Set-TestRuntime {
    # The .NET runtime settings of the test processes (the Pester hosts, the xunit test hosts and every emulator and
    # PowerShell they start inherit them), on or off. These processes live for seconds to a minute, so tier-0 code is
    # enough: without call counting there are no tier-1 recompiles, and without TieredPGO no instrumented tier. That
    # second JIT pass was about 40 % of the suite's CPU on a 2-core machine (Faults.Tests: 24 s -> 13 s of CPU). Only
    # speed changes. The builds keep the defaults (the compiler is long-running and precompiled).
    param([bool] $On)
    foreach ($setting in @{ DOTNET_TieredPGO = '0'; DOTNET_TC_CallCounting = '0' }.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($setting.Key, $(if ($On) { $setting.Value }))
    }
}

function Resolve-PesterShell {
    # Command + leading arguments that start the chosen PowerShell (see -PesterShell).
    switch ($PesterShell) {
        'dotnet-pwsh' { return @{ Name = 'dotnet pwsh'; Command = 'dotnet'; Arguments = @('pwsh') } }
        'pwsh' { $command = (Get-Command pwsh -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source }
        'powershell' {
            if (-not $IsWindows) { throw '-PesterShell powershell (Windows PowerShell 5.1) needs Windows.' }
            $command = (Get-Command powershell.exe -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
        }
        default { $command = if (Test-Path -LiteralPath $PesterShell -PathType Leaf) { (Resolve-Path -LiteralPath $PesterShell).ProviderPath } }
    }
    if (-not $command) { throw "-PesterShell '$PesterShell': no such PowerShell. Use dotnet-pwsh, pwsh, powershell or the path of an executable." }
    # Windows PowerShell applies the machine's execution policy to -File; the suite's scripts are not signed.
    $arguments = if ($PesterShell -eq 'powershell' -or (Split-Path -Leaf $command) -eq 'powershell.exe') { @('-ExecutionPolicy', 'Bypass') } else { @() }
    @{ Name = $command; Command = $command; Arguments = $arguments }
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
    'Docs' { Invoke-Docs }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
}
