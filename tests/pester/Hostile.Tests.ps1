# Issue 9: a hostile or broken server, seen from the cmdlets: bounded answers, unreadable records, closed sessions.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    function Arm([hashtable] $Fault) { Set-AtlanEmulatorFault -Emulator $script:Emulator @Fault | Out-Null }
}
AfterAll {
    Disconnect-AtlanTenant -ErrorAction SilentlyContinue
    Stop-AtlanEmulator -Emulator $script:Emulator
}

Describe 'Bounded answers (issue 9 #3)' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'stops a gzip bomb at the cap, counted after decompression, with ResponseTooLarge naming cap and request, in bounded memory' {
        Arm @{ Kind = 'gzipBomb'; Method = 'GET'; PathPattern = '^/api/service/apikeys$'; SizeMb = 1024 }
        $before = [GC]::GetTotalMemory($true)
        $tokens = @(Get-AtlanApiToken -ErrorVariable failures -ErrorAction SilentlyContinue)
        $tokens | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ResponseTooLarge,*'
        $failures[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failures[0].Exception.Message | Should -BeLike '*67,108,864 bytes*'
        $failures[0].Exception.Message | Should -BeLike '*GET /api/service/apikeys*'
        # 1 GB inflated would need far more; what stays reachable after the failure is small.
        ([GC]::GetTotalMemory($true) - $before) | Should -BeLessThan (32MB)
    }

    It 'honours -MaxResponseBytes' {
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -MaxResponseBytes 1MB
        Arm @{ Kind = 'gzipBomb'; Method = 'GET'; PathPattern = '^/api/service/apikeys$'; SizeMb = 4 }
        { Get-AtlanApiToken -ErrorAction Stop } | Should -Throw -ErrorId 'ResponseTooLarge,*' -ExpectedMessage '*1,048,576 bytes*'
        @(Get-AtlanApiToken).Count | Should -Be 1 # disarmed: a normal page is far below the cap
    }
}

Describe 'An unreadable record is one error, and the listing goes on (issue 9 #6)' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $null = 1..3 | ForEach-Object { New-AtlanApiToken -DisplayName "listed-$_" }
    }

    It 'lists every readable token and writes one non-terminating error naming the bad record' {
        Arm @{ Kind = 'badRecord'; Method = 'GET'; PathPattern = '^/api/service/apikeys$' }
        $tokens = @(Get-AtlanApiToken -ErrorVariable failures -ErrorAction SilentlyContinue)
        $tokens.DisplayName | Should -Be @('emulator-admin', 'listed-1', 'listed-2', 'listed-3')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ApiTokenRecordUnreadable,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -Be '00000000-0000-4000-8000-00000000bad0'
    }

    It 'honours -ErrorAction Stop' {
        Arm @{ Kind = 'badRecord'; Method = 'GET'; PathPattern = '^/api/service/apikeys$' }
        { Get-AtlanApiToken -ErrorAction Stop } | Should -Throw -ErrorId 'ApiTokenRecordUnreadable,*'
    }
}

Describe 'Disconnect-AtlanTenant ends the session''s calls in other runspaces (issue 9 #7)' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
    }

    It 'a slow call in another runspace ends with AtlanSessionClosed, not a timeout' {
        $session = Connect-TestTenant -PassThru
        $requestsBefore = (Get-AtlanEmulatorStats -Emulator $script:Emulator).requests
        Arm @{ Kind = 'delay'; Method = 'GET'; PathPattern = '^/api/service/apikeys$'; DelayMs = 60000 }
        $other = [powershell]::Create()
        $null = $other.AddScript({
                param($Session, $ModulePath)
                Import-Module $ModulePath
                try { Get-AtlanApiToken -Session $Session -ErrorAction Stop; 'no error' }
                catch { $_.FullyQualifiedErrorId }
            }).AddArgument($session).AddArgument((Get-Module AtlanTokens).Path)
        $running = $other.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Get-AtlanEmulatorStats -Emulator $script:Emulator).requests -le $requestsBefore -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }
        Disconnect-AtlanTenant -Session $session
        $result = $other.EndInvoke($running)
        $other.Dispose()
        $result | Should -BeLike 'AtlanSessionClosed,*'
    }
}
