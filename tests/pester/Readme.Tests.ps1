# Runs every ```powershell block of README.md, in order, in one fresh PowerShell process against the emulator, as a
# reader would follow it, so the README cannot drift from the module. A block preceded by
# <!-- readme-test: skip (reason) --> is not run (e.g. the quick start, which would call build.ps1 from inside a test).
# Stand-ins: 'dotnet pwsh ./build.ps1 ...' does nothing (the suite runs on a built tree); Read-Host answers the emulator's admin key (or alice's bearer token when asked for one); Get/Set-AutomationVariable and
# Get-AutomationPSCredential are an in-memory Automation
# account; https://mytenant.atlan.com is the emulator; prompts are answered yes (-Confirm:$false).
BeforeDiscovery {
    $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md')
    $script:Blocks = @()
    $inBlock = $false; $skip = $false; $start = 0; $lines = @()
    for ($i = 0; $i -lt $readme.Count; $i++) {
        $line = $readme[$i]
        if (-not $inBlock -and $line -match '^```powershell\s*$') {
            $inBlock = $true; $start = $i + 1; $lines = @()
            $skip = $i -gt 0 -and $readme[$i - 1] -match '<!--\s*readme-test:\s*skip'
            continue
        }
        if ($inBlock -and $line -match '^```\s*$') {
            $inBlock = $false
            if (-not $skip) { $script:Blocks += @{ Index = $script:Blocks.Count; Line = $start; Code = ($lines -join "`n") } }
            continue
        }
        if ($inBlock) { $lines += $line }
    }
}

BeforeAll {
    $script:NoTestEmulator = $true   # the fresh processes below start their own
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $readme = Get-Content (Join-Path $script:RepoRoot 'README.md')
    $blocks = @()
    $inBlock = $false; $skip = $false; $lines = @()
    for ($i = 0; $i -lt $readme.Count; $i++) {
        $line = $readme[$i]
        if (-not $inBlock -and $line -match '^```powershell\s*$') { $inBlock = $true; $lines = @(); $skip = $i -gt 0 -and $readme[$i - 1] -match '<!--\s*readme-test:\s*skip'; continue }
        if ($inBlock -and $line -match '^```\s*$') { $inBlock = $false; if (-not $skip) { $blocks += ($lines -join "`n") }; continue }
        if ($inBlock) { $lines += $line }
    }

    $work = Join-Path $TestDrive 'readme'
    $null = New-Item -ItemType Directory $work
    $blocksFile = Join-Path $work 'blocks.json'
    $resultsFile = Join-Path $work 'results.json'
    $root = $script:RepoRoot
    ConvertTo-Json -InputObject @($blocks | ForEach-Object {
        $_.Replace('https://mytenant.atlan.com', '__EMULATOR_URL__').Replace('./out/', "$root/out/").Replace('./tools/', "$root/tools/")
    }) | Set-Content $blocksFile

    $runner = @'
param($Root, $BlocksFile, $ResultsFile, $Configuration)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = "$Root/out" + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module "$Root/tools/AtlanEmulator.psm1"
$readmeEmulator = Start-AtlanEmulator -Path "$Root/src/AtlanTokens.Emulator/bin/$Configuration/net10.0/AtlanTokens.Emulator.dll"
$adminPlain = [System.Net.NetworkCredential]::new('', $readmeEmulator.AdminApiKey).Password
$aliceBearer = New-AtlanEmulatorBearerToken -Emulator $readmeEmulator -UserName alice
$global:AutomationVariables = @{
    AtlanApiKey = $adminPlain; AtlanAdminApiKey = $adminPlain; AtlanBaseUrl = $readmeEmulator.Url
    AtlanAdminBearer = [System.Net.NetworkCredential]::new('', $aliceBearer).Password
}
# Asked for an API key, the reader pastes the admin key; asked for a bearer token, alice's (a connection admin).
function global:Read-Host { param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString) if ("$Prompt" -match 'Bearer') { $aliceBearer } else { $readmeEmulator.AdminApiKey } }
# The module and the emulator are built already: 'dotnet pwsh ./build.ps1 <task>' is not run again (a whole build inside
# the test); any other dotnet command runs.
function global:dotnet { if ($args.Count -ge 2 -and $args[0] -eq 'pwsh' -and "$($args[1])" -match 'build\.ps1$') { return } & (Get-Command dotnet -CommandType Application | Select-Object -First 1) @args }
function global:Get-AutomationVariable { param([Parameter(Mandatory)] [string] $Name) $global:AutomationVariables[$Name] }
function global:Set-AutomationVariable { param([Parameter(Mandatory)] [string] $Name, $Value) $global:AutomationVariables[$Name] = $Value }
# A credential asset holds the admin key as its password (the user name is only a label); one named *OAuth* holds an
# OAuth client (user name = client id, password = secret).
$oauthClient = New-AtlanEmulatorOAuthClient -Emulator $readmeEmulator -DisplayName 'readme-runbook'
function global:Get-AutomationPSCredential { param([Parameter(Mandatory)] [string] $Name) if ($Name -match 'OAuth') { $oauthClient } else { [pscredential]::new('atlan-admin', $readmeEmulator.AdminApiKey) } }
$PSDefaultParameterValues['Remove-AtlanApiToken:Confirm'] = $false
# Files the README reads (old-tokens.csv) are made from tokens that exist on the emulator.
Import-Module AtlanTokens
Connect-AtlanTenant -BaseUrl $readmeEmulator.Url -ApiKey $readmeEmulator.AdminApiKey
'old-1', 'old-2' | New-AtlanApiToken | Export-Csv old-tokens.csv -NoTypeInformation
'ci-old' | New-AtlanApiToken -ValiditySeconds 3600 | Out-Null
# The rotation runbook's token, with a grant for the rotation to move.
'etl-loader' | New-AtlanApiToken -ValiditySeconds 3600 | Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $aliceBearer | Out-Null
Disconnect-AtlanTenant
$results = @()
$i = 0
foreach ($code in Get-Content $BlocksFile -Raw | ConvertFrom-Json) {
    $code = $code.Replace('__EMULATOR_URL__', $readmeEmulator.Url)
    try {
        $Error.Clear()
        $null = & ([scriptblock]::Create($code)) *>&1 | Out-String
        $results += @{ index = $i; ok = $true; error = $null; nonTerminating = @($Error | ForEach-Object { "$_" }) }
    }
    catch {
        $results += @{ index = $i; ok = $false; error = "$_ at line $($_.InvocationInfo.ScriptLineNumber): $($_.InvocationInfo.Line.Trim())"; nonTerminating = @() }
    }
    $i++
}
Stop-AtlanEmulator -Emulator $readmeEmulator
ConvertTo-Json -InputObject $results -Depth 5 | Set-Content $ResultsFile
'@
    Set-Content (Join-Path $work 'runner.ps1') $runner
    $configuration = if ($env:ATLANTOKENS_CONFIGURATION) { $env:ATLANTOKENS_CONFIGURATION } else { 'Release' }
    $script:Run = Invoke-FreshPwsh -Script "Set-Location '$work'; & '$work/runner.ps1' -Root '$root' -BlocksFile '$blocksFile' -ResultsFile '$resultsFile' -Configuration '$configuration'"
    $script:Results = if (Test-Path $resultsFile) { @(Get-Content $resultsFile -Raw | ConvertFrom-Json) } else { @() }
}

Describe 'README code blocks' {
    It 'the runner completed' {
        $script:Run.Errors | Should -BeNullOrEmpty
        $script:Results.Count | Should -BeGreaterThan 3
    }

    It 'README block at line <Line> runs against the emulator without errors' -TestCases $script:Blocks {
        $result = $script:Results | Where-Object index -EQ $Index
        $result | Should -Not -BeNullOrEmpty
        $result.error | Should -BeNullOrEmpty -Because "the block starting at README.md line $Line must run:`n$Code"
        @($result.nonTerminating) | Should -BeNullOrEmpty -Because 'no block should write an error'
    }
}
