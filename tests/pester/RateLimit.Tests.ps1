# Issue 17: bulk work at the tenant's rate limit. One request budget per tenant and key shared by every runspace, a
# 429 that pauses it (both real shapes of the limit), two requests per token update, one per piped removal, and no lost
# update between two processes on one machine. Behaviour only: counts in the emulator's request log and final state,
# never timing.
BeforeDiscovery {
    $script:IsPwsh7 = $PSVersionTable.PSVersion.Major -ge 7
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Connect-TestTenant

    function Start-Pwsh {
        # Starts a PowerShell process on a script without waiting for it (Invoke-FreshPwsh waits).
        param([Parameter(Mandatory)] [string] $Script)
        $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
        $start = [System.Diagnostics.ProcessStartInfo]::new($self)
        $start.Arguments = "-NoProfile -NonInteractive -EncodedCommand $encoded"
        if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $start.Arguments = "`"$(Join-Path $PSHOME 'pwsh.dll')`" " + $start.Arguments }
        $start.UseShellExecute = $false
        $start.Environment['NO_COLOR'] = '1'
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
    }

    function Wait-Pwsh {
        param([Parameter(Mandatory)] $Started)
        $Started.Process.WaitForExit()
        [pscustomobject]@{ ExitCode = $Started.Process.ExitCode; Output = $Started.Output.Result; Errors = $Started.Errors.Result }
    }

    function Invoke-TwoWritersAtOnce {
        # Two processes, each connected and ready, change one token when a go file appears, so that both read it
        # before either writes (the emulator holds every token read for 1 s, so a busy machine seldom spoils the race).
        param([string] $Guid, [string] $First, [string] $Second)
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('atlantokens-race-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        $go = Join-Path $dir 'go'
        $writer = {
            param($Name, $Change)
            @"
`$ErrorActionPreference = 'Stop'
Import-Module '$((Get-Module AtlanTokens).Path)'
Connect-AtlanTenant -BaseUrl '$($script:Emulator.Url)' -ApiKey (ConvertTo-SecureString '$($script:AdminKeyPlain)' -AsPlainText -Force)
`$null = Get-AtlanPersona
New-Item -ItemType File -Path '$(Join-Path $dir $Name)' | Out-Null
while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 5 }
Set-AtlanApiToken -Guid '$Guid' $Change
"@
        }
        $a = Start-Pwsh -Script (& $writer 'a' $First)
        $b = Start-Pwsh -Script (& $writer 'b' $Second)
        while (-not ((Test-Path (Join-Path $dir 'a')) -and (Test-Path (Join-Path $dir 'b')))) {
            if ($a.Process.HasExited -or $b.Process.HasExited) { break }
            Start-Sleep -Milliseconds 20
        }
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind delay -Method GET -PathPattern '^/api/service/apikeys$' -DelayMs 1000 -Times 10 | Out-Null
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $null = New-Item -ItemType File -Path $go
        $results = @(Wait-Pwsh $a), @(Wait-Pwsh $b)
        Clear-AtlanEmulatorFault -Emulator $script:Emulator
        Remove-Item -Recurse -Force $dir
        $results
    }
}
AfterAll {
    Stop-AtlanEmulator -Emulator $script:Emulator
}

Describe 'Requests per change' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
    }

    It 'a piped token update costs one read and one write' {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 20 -Prefix 'two-' | Out-Null
        $tokens = @(Get-AtlanApiToken -Name 'two-*')
        $null = Get-AtlanPersona
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $tokens | Set-AtlanApiToken -AddPersona 'Engineering' -Description 'paced'
        $calls = @(Get-ApiRequest | Where-Object path -Like '/api/service/apikeys*')
        @($calls | Where-Object method -EQ 'GET').Count | Should -Be 20
        @($calls | Where-Object method -EQ 'POST').Count | Should -Be 20
        $calls.Count | Should -Be 40
        $engineering = Get-PersonaQualifiedName 'Engineering'
        @(Get-TenantToken | Where-Object { $_.displayName -like 'two-*' -and $_.description -eq 'paced' -and $engineering -in @($_.personaQualifiedNames) }).Count | Should -Be 20
    }

    It 'a piped removal costs one request per token' {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 20 -Prefix 'one-' | Out-Null
        $tokens = @(Get-AtlanApiToken -Name 'one-*')
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $tokens | Remove-AtlanApiToken -Force -ThrottleLimit 4
        $calls = @(Get-ApiRequest)
        $calls.Count | Should -Be 20
        @($calls | Where-Object method -EQ 'DELETE').Count | Should -Be 20
        @(Get-TenantToken | Where-Object displayName -Like 'one-*').Count | Should -Be 0
    }
}

Describe 'One request budget per tenant and key' {
    AfterEach {
        Set-AtlanEmulatorRateLimit -Emulator $script:Emulator -RequestsPerMinute 0
        $null = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -RequestsPerMinute 1000000
    }

    It 'is shared by the sessions of other runspaces, and Get-AtlanSession shows it' -Skip:(-not $script:IsPwsh7) {
        $module = (Get-Module AtlanTokens).Path
        $url = $script:Emulator.Url
        $key = $script:Emulator.AdminApiKey
        $seen = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:module
            if ($_ -eq 1) {
                $null = Connect-AtlanTenant -BaseUrl $using:url -ApiKey $using:key -RequestsPerMinute 1234
            }
        }
        $session = Get-AtlanSession
        $session.RequestsPerMinute | Should -Be 1234
        $other = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -PassThru
        $other.RequestsPerMinute | Should -Be 1234 # a session that sets no rate joins the budget in force
        ($session | Format-List * | Out-String -Width 400) | Should -Match 'CurrentRequestsPerMinute\s*:\s*1234'
    }

    # End-to-end real-time check (about 3 s each): the budget's pause and a real limiter window; RequestBudgetTests covers the pacing on a fake clock.
    It 'no item is lost when the tenant answers 429 in the <Shape> shape, and the budget pauses as a whole' -TestCases @(
        @{ Shape = 'window' }, @{ Shape = 'gateway' }
    ) {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 30 -Prefix 'lim-' | Out-Null
        $tokens = @(Get-AtlanApiToken -Name 'lim-*')
        # The tenant takes 10 requests a second; the module is told 60 a second, so it must find the limit itself.
        Set-AtlanEmulatorRateLimit -Emulator $script:Emulator -Requests 10 -WindowMs 1000 -Shape $Shape
        $null = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -RequestsPerMinute 3600 -MaxRetries 0
        $verbose = $tokens | Remove-AtlanApiToken -Force -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue -Verbose 4>&1
        $failed.Count | Should -Be 0
        @(Get-TenantToken | Where-Object displayName -Like 'lim-*').Count | Should -Be 0
        $refused = (Get-AtlanEmulatorRateLimit -Emulator $script:Emulator).refused
        $refused | Should -BeGreaterThan 0
        @($verbose | Where-Object { "$_" -match 'answered 429.*every request on this tenant and key pauses' }).Count | Should -BeGreaterThan 0
    }
}

Describe 'No lost update between two processes on one machine' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $script:Engineering = Get-PersonaQualifiedName 'Engineering'
        $script:Analysts = Get-PersonaQualifiedName 'Analysts'
    }

    # End-to-end real-time check: two PowerShell processes and token reads held 1 s (the machine-wide lock).
    It 'two processes adding different personas at the same moment keep both' {
        $token = New-AtlanApiToken -DisplayName 'raced-personas'
        $results = Invoke-TwoWritersAtOnce -Guid $token.Guid -First "-AddPersona 'Engineering'" -Second "-AddPersona 'Analysts'"
        $results | ForEach-Object { $_.ExitCode | Should -Be 0 -Because $_.Errors }
        # The race was real: the second writer's own read was sent before the first one's write finished, so it read
        # the token again under the machine-wide lock (a read sent after that write would have been trusted): three
        # reads, two writes. (The log is in order of answers, and each read is answered 2 s late.)
        $calls = @(Get-ApiRequest | Where-Object path -Like '/api/service/apikeys*')
        @($calls | Where-Object method -EQ 'GET').Count | Should -Be 3
        @($calls | Where-Object method -EQ 'POST').Count | Should -Be 2

        $stored = Get-TenantToken -DisplayName 'raced-personas'
        @($stored.personaQualifiedNames) | Should -Contain $script:Engineering
        @($stored.personaQualifiedNames) | Should -Contain $script:Analysts
    }

    # End-to-end real-time check: as above.
    It 'a rename and a persona change at the same moment both hold' {
        $token = New-AtlanApiToken -DisplayName 'raced-rename'
        $results = Invoke-TwoWritersAtOnce -Guid $token.Guid -First "-NewDisplayName 'raced-renamed'" -Second "-AddPersona 'Engineering'"
        $results | ForEach-Object { $_.ExitCode | Should -Be 0 -Because $_.Errors }
        $calls = @(Get-ApiRequest | Where-Object path -Like '/api/service/apikeys*')
        @($calls | Where-Object method -EQ 'GET').Count | Should -Be 3 # the race happened (see above)
        @($calls | Where-Object method -EQ 'POST').Count | Should -Be 2
        @(Get-TenantToken -DisplayName 'raced-rename').Count | Should -Be 0
        $stored = Get-TenantToken -DisplayName 'raced-renamed'
        @($stored).Count | Should -Be 1
        @($stored.personaQualifiedNames) | Should -Contain $script:Engineering
    }
}

Describe 'Progress on bulk work' {
    # End-to-end real-time check: progress appears only after a second of real time, in a fresh process.
    It 'a piped removal that takes more than a second shows items done and the rate; a quick one shows nothing' {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 15 -Prefix 'prog-' | Out-Null
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 1 -Prefix 'quick-' | Out-Null
        # A child process with redirected output writes its progress records to stderr (CLIXML), where they can be read.
        $script = @"
Import-Module '$((Get-Module AtlanTokens).Path)'
Connect-AtlanTenant -BaseUrl '$($script:Emulator.Url)' -ApiKey (ConvertTo-SecureString '$($script:AdminKeyPlain)' -AsPlainText -Force) -RequestsPerMinute 600
Get-AtlanApiToken -Name 'quick-*' | Remove-AtlanApiToken -Force
[Console]::Error.WriteLine('--- slow')
Get-AtlanApiToken -Name 'prog-*' | Remove-AtlanApiToken -Force
"@
        $run = Invoke-FreshPwsh -Script $script
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $quick, $slow = $run.Errors -split '--- slow'
        $quick | Should -Not -Match 'Removing Atlan API tokens'
        $slow | Should -Match 'Removing Atlan API tokens'
        $slow | Should -Match '\d+ done, [\d.]+ a second'
        @(Get-TenantToken | Where-Object displayName -Like 'prog-*').Count | Should -Be 0
    }
}
