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
        # Two processes, each connected and ready, make one change per race when that race's go file appears, so that
        # both read the token before either writes (the emulator holds every token read for 1 s, so a busy machine
        # seldom spoils the race). One pair of processes runs every race, one after the other: for each race, the
        # request log of that race alone. $Races: @{ Guid; First; Second } each.
        param([hashtable[]] $Races)
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('atlantokens-race-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        $writer = {
            param($Name, [string[]] $Changes)
            $code = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$((Get-Module AtlanTokens).Path)'
Connect-AtlanTenant -BaseUrl '$($script:Emulator.Url)' -ApiKey (ConvertTo-SecureString '$($script:AdminKeyPlain)' -AsPlainText -Force)

"@
            for ($i = 0; $i -lt $Changes.Count; $i++) {
                # Personas read just before (the cache is fresh), so the change's first request is the token read.
                $code += @"
`$null = Get-AtlanPersona
New-Item -ItemType File -Path '$(Join-Path $dir "$Name-ready-$i")' | Out-Null
while (-not (Test-Path '$(Join-Path $dir "go-$i")')) { Start-Sleep -Milliseconds 5 }
$($Changes[$i])
New-Item -ItemType File -Path '$(Join-Path $dir "$Name-done-$i")' | Out-Null

"@
            }
            $code
        }
        function Wait-Signal([string] $Step) {
            # Until both writers have written <writer>-<step> (true), or one has exited without it (false).
            $pending = @(@{ File = "a-$Step"; Writer = $a }, @{ File = "b-$Step"; Writer = $b })
            while ($true) {
                $missing = @($pending | Where-Object { -not (Test-Path (Join-Path $dir $_.File)) })
                if ($missing.Count -eq 0) { return $true }
                if (@($missing | Where-Object { $_.Writer.Process.HasExited }).Count -gt 0) { return $false }
                Start-Sleep -Milliseconds 20
            }
        }
        $a = Start-Pwsh -Script (& $writer 'a' @($Races | ForEach-Object { "Set-AtlanApiToken -Guid '$($_.Guid)' $($_.First)" }))
        $b = Start-Pwsh -Script (& $writer 'b' @($Races | ForEach-Object { "Set-AtlanApiToken -Guid '$($_.Guid)' $($_.Second)" }))
        $requests = for ($i = 0; $i -lt $Races.Count; $i++) {
            if (-not (Wait-Signal "ready-$i")) { break }
            Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind delay -Method GET -PathPattern '^/api/service/apikeys$' -DelayMs 1000 -Times 10 | Out-Null
            Clear-AtlanEmulatorRequest -Emulator $script:Emulator
            $null = New-Item -ItemType File -Path (Join-Path $dir "go-$i")
            $null = Wait-Signal "done-$i"
            Clear-AtlanEmulatorFault -Emulator $script:Emulator
            , @(Get-ApiRequest | Where-Object path -Like '/api/service/apikeys*')
        }
        [pscustomobject]@{ Processes = @(Wait-Pwsh $a), @(Wait-Pwsh $b); Requests = @($requests) }
        Remove-Item -Recurse -Force $dir
    }
}
AfterAll {
    Stop-TestEmulator
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
    # End-to-end real-time check: two PowerShell processes and token reads held 1 s (the machine-wide lock); one pair
    # of processes runs both races, one after the other.
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $script:Engineering = Get-PersonaQualifiedName 'Engineering'
        $script:Analysts = Get-PersonaQualifiedName 'Analysts'
        $personas = New-AtlanApiToken -DisplayName 'raced-personas'
        $rename = New-AtlanApiToken -DisplayName 'raced-rename'
        $script:Races = Invoke-TwoWritersAtOnce -Races @(
            @{ Guid = $personas.Guid; First = "-AddPersona 'Engineering'"; Second = "-AddPersona 'Analysts'" }
            @{ Guid = $rename.Guid; First = "-NewDisplayName 'raced-renamed'"; Second = "-AddPersona 'Engineering'" }
        )
    }

    It 'both writer processes end without an error' {
        $script:Races.Processes | ForEach-Object { $_.ExitCode | Should -Be 0 -Because $_.Errors }
        $script:Races.Requests.Count | Should -Be 2
    }

    It 'two processes adding different personas at the same moment keep both' {
        # The race was real: the second writer's own read was sent before the first one's write finished, so it read
        # the token again under the machine-wide lock (a read sent after that write would have been trusted): three
        # reads, two writes. (The log is in order of answers.)
        $calls = $script:Races.Requests[0]
        @($calls | Where-Object method -EQ 'GET').Count | Should -Be 3
        @($calls | Where-Object method -EQ 'POST').Count | Should -Be 2

        $stored = Get-TenantToken -DisplayName 'raced-personas'
        @($stored.personaQualifiedNames) | Should -Contain $script:Engineering
        @($stored.personaQualifiedNames) | Should -Contain $script:Analysts
    }

    It 'a rename and a persona change at the same moment both hold' {
        $calls = $script:Races.Requests[1]
        @($calls | Where-Object method -EQ 'GET').Count | Should -Be 3 # the race happened (see above)
        @($calls | Where-Object method -EQ 'POST').Count | Should -Be 2
        @(Get-TenantToken -DisplayName 'raced-rename').Count | Should -Be 0
        $stored = Get-TenantToken -DisplayName 'raced-renamed'
        @($stored).Count | Should -Be 1
        @($stored.personaQualifiedNames) | Should -Contain $script:Engineering
    }
}

Describe 'Progress on bulk work' {
    AfterAll {
        $null = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -RequestsPerMinute 1000000
    }

    # End-to-end real-time check: progress appears only after a second of real time.
    It 'a piped removal that takes more than a second shows items done and the rate; a quick one shows nothing' {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 15 -Prefix 'prog-' | Out-Null
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 1 -Prefix 'quick-' | Out-Null
        # A runspace on this process's console host (the module writes no progress to a host without a UI) whose
        # progress records are kept in the PowerShell object's Progress stream, where they can be read.
        $runspace = [runspacefactory]::CreateRunspace($Host)
        $runspace.Open()
        try {
            $remove = {
                param([string] $Pattern)
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                $null = $ps.AddScript('param($pattern) Get-AtlanApiToken -Name $pattern | Remove-AtlanApiToken -Force').AddArgument($Pattern)
                $null = $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                @($ps.Streams.Progress)
                $ps.Dispose()
            }
            $connect = [powershell]::Create()
            $connect.Runspace = $runspace
            $null = $connect.AddScript('param($module, $url, $key) Import-Module $module; $null = Connect-AtlanTenant -BaseUrl $url -ApiKey $key -RequestsPerMinute 600').
                AddArgument((Get-Module AtlanTokens).Path).AddArgument($script:Emulator.Url).AddArgument($script:Emulator.AdminApiKey).Invoke()
            $connect.Streams.Error | Should -BeNullOrEmpty
            $connect.Dispose()
            $quick = @(& $remove 'quick-*')
            $slow = @(& $remove 'prog-*')
        }
        finally {
            $runspace.Dispose()
        }
        @($quick | Where-Object Activity -EQ 'Removing Atlan API tokens') | Should -BeNullOrEmpty
        $shown = @($slow | Where-Object Activity -EQ 'Removing Atlan API tokens')
        $shown | Should -Not -BeNullOrEmpty
        @($shown.StatusDescription -match '^\d+ done, [\d.]+ a second') | Should -Not -BeNullOrEmpty
        @(Get-TenantToken | Where-Object displayName -Like 'prog-*').Count | Should -Be 0
    }
}
