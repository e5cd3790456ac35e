# The emulator in users' hands: the .NET tool and the AtlanTokens.Emulator module from out/package (build.ps1 Package,
# which Test runs first) installed into an isolated home as a user would, then the README's "Testing your own scripts
# offline" runbook and its Pester test, taken from README.md, run against the installed emulator.
BeforeDiscovery {
    $script:IsPwsh7 = $PSVersionTable.PSVersion.Major -ge 7
}

BeforeAll {
    $script:NoTestEmulator = $true   # the fresh processes below start their own
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:PackageDir = Join-Path $script:RepoRoot 'out/package'
    $script:Version = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'AtlanTokens.psd1')).ModuleVersion
    $script:UserHome = Join-Path $TestDrive 'home'
    $script:ToolPath = Join-Path $script:UserHome 'tools'
    $script:Work = Join-Path $TestDrive 'work'
    $null = New-Item -ItemType Directory (Join-Path $script:UserHome '.local/share'), (Join-Path $script:UserHome '.config'), $script:Work -Force
    $separator = [IO.Path]::PathSeparator
    # Nothing of this repository on PSModulePath: the child processes find only what was installed.
    $plainModulePath = (($env:PSModulePath -split $separator) | Where-Object { $_ -and -not $_.StartsWith($script:RepoRoot) }) -join $separator
    $script:UserEnvironment = @{
        HOME            = $script:UserHome
        USERPROFILE     = $script:UserHome
        XDG_DATA_HOME   = Join-Path $script:UserHome '.local/share'
        XDG_CONFIG_HOME = Join-Path $script:UserHome '.config'
        DOTNET_CLI_HOME = $script:UserHome
        NUGET_PACKAGES  = Join-Path $script:UserHome '.nuget/packages'
        # Windows finds the CurrentUser scope through the Documents known folder, not HOME: there the modules are saved
        # into the isolated home's Modules folder (Save-PSResource), which is put on PSModulePath instead.
        PSModulePath    = if ($env:OS -eq 'Windows_NT') { (Join-Path $script:UserHome 'Modules') + $separator + $plainModulePath } else { $plainModulePath }
        DOTNET_NOLOGO   = '1'
    }
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:Pester = Join-Path $nugetRoot 'pester/5.7.1/tools/Pester.psd1'

    # The README's files: a block after <!-- readme-test: skip (file NAME: ...) --> is saved as NAME.
    $readme = Get-Content (Join-Path $script:RepoRoot 'README.md')
    $script:ReadmeFiles = @{}
    for ($i = 0; $i -lt $readme.Count - 1; $i++) {
        $file = [regex]::Match($readme[$i], '^<!--\s*readme-test:\s*skip\s*\(file\s+([\w.-]+):')
        if ($file.Success -and $readme[$i + 1] -match '^```powershell') {
            $name = $file.Groups[1].Value
            $end = [array]::FindIndex($readme, $i + 2, [Predicate[string]] { param($line) $line -match '^```\s*$' })
            $script:ReadmeFiles[$name] = $readme[($i + 2)..($end - 1)] -join "`n"
        }
    }

    # Installed once for the whole file, the way the README says (a tool path instead of --global: same layout). The
    # same fresh process (the tool is not on its PATH) then tries Start-AtlanEmulator without and with -Path.
    $config = Join-Path $TestDrive 'nuget.config'
    Set-Content $config "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<configuration><packageSources><clear /></packageSources></configuration>"
    $script:Install = Invoke-FreshPwsh -Environment $script:UserEnvironment -Script @"
`$ErrorActionPreference = 'Stop'
Set-Location '$($script:Work)'
dotnet tool install AtlanTokens.Emulator.Tool --version '$($script:Version)' --tool-path '$($script:ToolPath)' --add-source '$($script:PackageDir)' --configfile '$config'
if (`$LASTEXITCODE) { throw "dotnet tool install failed: `$LASTEXITCODE" }
`$repository = 'AtlanLocal' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name `$repository -Uri '$($script:PackageDir)' -Trusted
try {
    if (`$env:OS -eq 'Windows_NT') {
        `$modules = New-Item -ItemType Directory (Join-Path '$($script:UserHome)' 'Modules') -Force
        Save-PSResource -Name AtlanTokens, AtlanTokens.Emulator -Repository `$repository -Path `$modules.FullName -TrustRepository -Quiet
    }
    else {
        Install-PSResource -Name AtlanTokens, AtlanTokens.Emulator -Repository `$repository -Scope CurrentUser -TrustRepository -Quiet
    }
}
finally {
    Unregister-PSResourceRepository -Name `$repository
}
Get-Module -ListAvailable AtlanTokens, AtlanTokens.Emulator | ForEach-Object { "installed=`$(`$_.Name) `$(`$_.Version) `$(`$_.ModuleBase)" }
`$ErrorActionPreference = 'Continue'
'--- without the tool on PATH'
Import-Module AtlanTokens.Emulator
try { Start-AtlanEmulator } catch { 'error=' + `$_ }
`$emulator = Start-AtlanEmulator -Path '$($script:ToolPath)'
"dll=`$(`$emulator.Process.StartInfo.ArgumentList[0])"
Stop-AtlanEmulator -Emulator `$emulator
"@
    $script:Installed, $script:WithoutToolOnPath = $script:Install.Output -split '--- without the tool on PATH'
    $script:WithTool = $script:UserEnvironment.Clone()
    $script:WithTool.PATH = $script:ToolPath + $separator + $env:PATH

    # One fresh process with the tool on PATH: the module's helpers and the tool started as a user would, then the
    # README's runbook test (its files, taken from README.md, are saved in the work folder first).
    foreach ($name in $script:ReadmeFiles.Keys) { Set-Content (Join-Path $script:Work $name) $script:ReadmeFiles[$name] }
    $script:UserRun = Invoke-FreshPwsh -Environment $script:WithTool -Script @"
`$ErrorActionPreference = 'Stop'
`$module = Import-Module AtlanTokens.Emulator -PassThru
"module=`$(`$module.Name) `$(`$module.Version) `$(`$module.ModuleBase)"
"functions=`$((`$module.ExportedFunctions.Keys | Sort-Object) -join ',')"
`$emulator = Start-AtlanEmulator
"dll=`$(`$emulator.Process.StartInfo.ArgumentList[0])"
"url=`$(`$emulator.Url)"
"state=`$(@((Get-AtlanEmulatorState -Emulator `$emulator).tokens).Count)"
Stop-AtlanEmulator -Emulator `$emulator
`$shim = (Get-Command atlan-emulator -CommandType Application).Source
"shim=`$shim"
'--- the README runbook test'
Set-Location '$($script:Work)'
Import-Module '$($script:Pester)'
`$run = Invoke-Pester ./Remove-StaleTokens.Tests.ps1 -Output None -PassThru
"passed=`$(`$run.PassedCount) failed=`$(`$run.FailedCount + `$run.FailedBlocksCount + `$run.FailedContainersCount)"
`$run.Failed | ForEach-Object { "FAILED `$(`$_.ExpandedPath): `$(`$_.ErrorRecord)" }
"@
    $script:ToolRun, $script:ReadmeRun = $script:UserRun.Output -split '--- the README runbook test'
}

Describe 'The emulator packages installed as a user would' -Skip:(-not $script:IsPwsh7) {
    It 'dotnet tool install and Install-PSResource put both into the isolated home' {
        $script:Install.ExitCode | Should -Be 0 -Because "$($script:Install.Output)`n$($script:Install.Errors)"
        $script:Installed | Should -Match "installed=AtlanTokens $([regex]::Escape($script:Version)) $([regex]::Escape($script:UserHome))"
        $script:Installed | Should -Match "installed=AtlanTokens.Emulator $([regex]::Escape($script:Version)) $([regex]::Escape($script:UserHome))"
        Get-ChildItem $script:ToolPath -Filter 'atlan-emulator*' | Should -Not -BeNullOrEmpty
    }

    # End-to-end real-time check: the installed tool started as a user would.
    It 'the tool runs alone and prints its URL; the module''s manifest exports the helpers' {
        $result = [pscustomobject]@{ Output = $script:ToolRun; Errors = $script:UserRun.Errors; ExitCode = $script:UserRun.ExitCode }
        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match "module=AtlanTokens.Emulator $([regex]::Escape($script:Version)) $([regex]::Escape($script:UserHome))"
        foreach ($name in 'Start-AtlanEmulator', 'Stop-AtlanEmulator', 'Set-AtlanEmulatorFault', 'Get-AtlanEmulatorState', 'Get-AtlanEmulatorRequest', 'Reset-AtlanEmulator') {
            $result.Output | Should -Match "functions=.*\b$name\b"
        }
        # Start-AtlanEmulator without -Path found the installed tool, not this repository's build.
        $result.Output | Should -Match "dll=$([regex]::Escape($script:ToolPath))[/\\]\.store[/\\]atlantokens\.emulator\.tool[/\\].*AtlanTokens\.Emulator\.dll"
        $result.Output | Should -Match 'url=http://127\.0\.0\.1:\d+'
        $result.Output | Should -Match 'state=1\b'

        # The shim alone (what `atlan-emulator` runs): the first line is the one Start-AtlanEmulator reads.
        $shim = ([regex]::Match($result.Output, 'shim=(.+)')).Groups[1].Value.Trim()
        $start = [System.Diagnostics.ProcessStartInfo]::new($shim)
        foreach ($argument in '--port', '0', '--parent-pid', "$PID") { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        foreach ($name in 'HOME', 'DOTNET_CLI_HOME') { $start.Environment[$name] = $script:UserHome }
        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $first = $process.StandardOutput.ReadLine()
            $first | Should -Match '^AtlanEmulator listening on http://127\.0\.0\.1:\d+$'
        }
        finally {
            $process.Kill($true); $null = $process.WaitForExit(10000)
        }
    }

    # End-to-end real-time check: the fresh process that installed the tool, which is not on its PATH.
    It 'Start-AtlanEmulator without the tool on PATH says how to install it, and takes a tool directory as -Path' {
        $result = [pscustomobject]@{ Output = $script:WithoutToolOnPath }
        $result.Output | Should -Match 'error=The Atlan emulator is not installed.*dotnet tool install --global AtlanTokens\.Emulator\.Tool'
        $result.Output | Should -Match "dll=$([regex]::Escape($script:ToolPath))[/\\]\.store[/\\]"
    }

    # End-to-end real-time check: the README's runbook and its Pester test in a fresh process (the one above).
    It 'the README''s runbook and its Pester test pass against the installed emulator' {
        $script:ReadmeFiles.Keys | Should -Contain 'Remove-StaleTokens.ps1'
        $script:ReadmeFiles.Keys | Should -Contain 'Remove-StaleTokens.Tests.ps1'
        $result = [pscustomobject]@{ Output = $script:ReadmeRun; Errors = $script:UserRun.Errors }
        $result.Output | Should -Match 'passed=2 failed=0' -Because "$($result.Output)`n$($result.Errors)"
    }
}
