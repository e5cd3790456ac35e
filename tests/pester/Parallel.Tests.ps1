# The README's "Parallel" block, run as a reader would: in a fresh process that imported the module by path
# (Import-Module ./out/...), without the module's folder on PSModulePath, so the runspaces of ForEach-Object -Parallel
# and Start-ThreadJob find the cmdlets only the ways the README shows.
BeforeDiscovery {
    $script:IsPwsh7 = $PSVersionTable.PSVersion.Major -ge 7
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $readme = Get-Content (Join-Path $script:RepoRoot 'README.md')
    $marker = [array]::FindIndex($readme, [Predicate[string]] { param($line) $line -match '^<!--\s*readme-test:\s*skip\s*\(parallel:' })
    $end = [array]::FindIndex($readme, $marker + 2, [Predicate[string]] { param($line) $line -match '^```\s*$' })
    $script:Block = if ($marker -ge 0 -and $readme[$marker + 1] -match '^```powershell' -and $end -gt $marker) { $readme[($marker + 2)..($end - 1)] -join "`n" } else { '' }
    $script:ModuleManifest = Join-Path (Split-Path $env:ATLANTOKENS_MODULE_PATH) 'AtlanTokens.psd1'
    # The child must not find the module through PSModulePath: only what the block itself sets up counts.
    $separator = [IO.Path]::PathSeparator
    $script:PlainModulePath = (($env:PSModulePath -split $separator) | Where-Object { $_ -and -not $_.StartsWith((Join-Path $script:RepoRoot 'out')) }) -join $separator

    function Invoke-ImportedByPath {
        param([string] $Body)
        $prologue = @"
`$ErrorActionPreference = 'Stop'
Set-Location '$($script:RepoRoot)'
Import-Module '$($script:ModuleManifest)'
`$readerKey = ConvertTo-SecureString '$($script:AdminKeyPlain)' -AsPlainText -Force
function global:Read-Host { param([Parameter(Position = 0)] `$Prompt, [switch] `$AsSecureString) `$readerKey }

"@
        Invoke-FreshPwsh -Script ($prologue + $Body) -Environment @{ PSModulePath = $script:PlainModulePath }
    }
}
AfterAll {
    Stop-TestEmulator
}

Describe 'ForEach-Object -Parallel and thread jobs after Import-Module by path' -Skip:(-not $script:IsPwsh7) {
    # End-to-end real-time check: one fresh process tries a parallel runspace without the README's steps, then runs
    # the README block.
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $code = $script:Block.Replace('https://mytenant.atlan.com', $script:Emulator.Url)
        $script:Run = Invoke-ImportedByPath @"
`$session = Connect-AtlanTenant -BaseUrl '$($script:Emulator.Url)' -ApiKey `$readerKey -PassThru
`$ErrorActionPreference = 'Continue'
1 | ForEach-Object -Parallel { Get-AtlanApiToken -Session `$using:session } 2>&1 |
    ForEach-Object { if (`$_ -is [System.Management.Automation.ErrorRecord]) { "error=`$(`$_.FullyQualifiedErrorId)" } else { 'value=found' } }
`$ErrorActionPreference = 'Stop'
'--- the README block'
& { $code } | ForEach-Object { "row=`$(`$_.DisplayName)|`$(`$_.PSObject.Properties['Description'].Value)" }
"@
        $script:WithoutSteps, $script:ReadmeBlock = $script:Run.Output -split '--- the README block'
    }

    It 'without the README''s steps a parallel runspace does not find the cmdlets (the problem the README answers)' {
        $script:WithoutSteps | Should -Match 'error=CommandNotFoundException'
        $script:WithoutSteps | Should -Not -Match 'value=found'
    }

    It 'the README block runs: parallel creates and updates, a thread job with a passed session, a thread job that connects' {
        $script:Block | Should -Match 'ForEach-Object -ThrottleLimit 3 -Parallel'
        $script:Block | Should -Match 'Start-ThreadJob'
        $script:Run.Errors | Should -BeNullOrEmpty
        $script:Run.ExitCode | Should -Be 0 -Because $script:Run.Output
        ([regex]::Matches($script:ReadmeBlock, 'row=batch-\d\|\r?\n')).Count | Should -Be 3
        # Created in parallel (a), updated in parallel after Import-Module in the block (b), read by the thread job.
        ([regex]::Matches($script:ReadmeBlock, 'row=batch-\d\|Set in parallel')).Count | Should -Be 6 -Because $script:Run.Output
        $requests = @(Get-AtlanEmulatorRequest -Emulator $script:Emulator)
        @($requests | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/api/service/apikeys' }).Count | Should -Be 3
        @($requests | Where-Object { $_.method -eq 'DELETE' -and $_.path -like '/api/service/apikeys/*' }).Count | Should -Be 3
        # The job that connected inside itself removed them all.
        @(Get-TenantToken | Where-Object displayName -Like 'batch-*') | Should -BeNullOrEmpty
    }
}
