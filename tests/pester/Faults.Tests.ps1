# The fault matrix: which fault, which cmdlet, the outcome the user sees, and the tenant's state afterwards.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # The create's settle window is short here: its waits (first check, late-copy watch, 0/2/10/40 s late commits) are
    # covered on a fake clock by ApiTokenCreationTests; these cases check the outcome a user sees against real faults.
    # The request timeout is generous so a loaded machine cannot turn a slow answer into a fault; the cases that test a
    # timeout set a short one themselves.
    function Connect-Faulty([int] $TimeoutSec = 30) { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -MaxRetries 3 -TimeoutSec $TimeoutSec -CreateSettleSec 1 }
    function Arm([hashtable] $Fault) { Set-AtlanEmulatorFault -Emulator $script:Emulator @Fault | Out-Null }
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'New-AtlanApiToken under faults never makes a duplicate' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-Faulty
    }

    It '<Kind> <Status>: <Outcome>' -TestCases @(
        @{ Kind = 'drop'; Status = $null; Outcome = 'created'; ErrorId = $null }
        @{ Kind = 'dropAfterCommit'; Status = $null; Outcome = 'secret lost'; ErrorId = 'ApiTokenSecretLost' }
        @{ Kind = 'status'; Status = 503; Outcome = 'created'; ErrorId = $null }
        @{ Kind = 'status'; Status = 500; Outcome = 'created'; ErrorId = $null }
        @{ Kind = 'malformed'; Status = $null; Outcome = 'created'; ErrorId = $null }
        @{ Kind = 'html'; Status = 502; Outcome = 'created'; ErrorId = $null }
        @{ Kind = 'rateLimit'; Status = $null; Outcome = 'created'; ErrorId = $null }
        @{ Kind = 'delay'; Status = $null; Outcome = 'created'; ErrorId = $null }
    ) {
        $fault = @{ Kind = $Kind; Method = 'POST'; PathPattern = '^/api/service/apikeys$'; RetryAfterSeconds = 0 }
        if ($Status) { $fault.Status = $Status }
        # End-to-end real-time check: 'delay' outlives -TimeoutSec (1 s of real time), so the create is lost and made again.
        if ($Kind -eq 'delay') { $fault.DelayMs = 4000; Connect-Faulty -TimeoutSec 1 }
        Arm $fault
        $token = New-AtlanApiToken -DisplayName 'under-fault' -Persona 'Analysts' -ErrorVariable failed -ErrorAction SilentlyContinue
        $stored = Get-TenantToken -DisplayName 'under-fault'
        $stored.Count | Should -Be 1 -Because 'exactly one token exists, whatever the fault'
        $stored[0].personaQualifiedNames | Should -Be @(Get-PersonaQualifiedName 'Analysts')
        if ($ErrorId) {
            $token | Should -BeNullOrEmpty
            $failed[0].FullyQualifiedErrorId | Should -Be "$ErrorId,AtlanTokens.Cmdlets.NewAtlanApiTokenCommand"
            $failed[0].Exception.Message | Should -BeLike "*$($stored[0].id)*"
            $failed[0].ErrorDetails.RecommendedAction | Should -BeLike "*Remove-AtlanApiToken -Guid $($stored[0].id)*"
        }
        else {
            $failed | Should -BeNullOrEmpty
            $token.Guid | Should -Be $stored[0].id
            $token.AccessToken | Should -BeOfType ([securestring])
        }
    }

    It 'after a lost answer the token reaches the pipeline before the watch for a late copy looks again' {
        Arm @{ Kind = 'drop'; Method = 'POST'; PathPattern = '^/api/service/apikeys$' }
        $seenBy = New-AtlanApiToken -DisplayName 'under-fault' | ForEach-Object { @(Get-ApiRequest).Count }
        $after = @(Get-ApiRequest)
        $after.Count | Should -BeGreaterThan $seenBy -Because 'the watch looked the name up again after the token was handed on'
        $after[-1].method | Should -Be 'GET'
        $after[-1].path | Should -Be '/api/service/apikeys'
        (Get-TenantToken -DisplayName 'under-fault').Count | Should -Be 1
    }

    It 'a pre-existing token of the same name is not mistaken for the lost one' {
        New-AtlanApiToken -DisplayName 'under-fault' | Out-Null
        Arm @{ Kind = 'dropAfterCommit'; Method = 'POST'; PathPattern = '^/api/service/apikeys$' }
        New-AtlanApiToken -DisplayName 'under-fault' -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        (Get-TenantToken -DisplayName 'under-fault').Count | Should -Be 2
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ApiTokenSecretLost,*'
    }
}

Describe 'Set-AtlanApiToken under faults loses nothing' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-Faulty
        $script:Token = New-AtlanApiToken -DisplayName 'set-under-fault' -Description 'before' -Persona 'Analysts', 'Engineering'
    }

    It '<Kind> <Status>: <Outcome>' -TestCases @(
        @{ Kind = 'drop'; Status = $null; Outcome = 'applied'; ErrorId = $null }
        @{ Kind = 'dropAfterCommit'; Status = $null; Outcome = 'applied'; ErrorId = $null }
        @{ Kind = 'status'; Status = 503; Outcome = 'applied'; ErrorId = $null }
        @{ Kind = 'rateLimit'; Status = $null; Outcome = 'applied'; ErrorId = $null }
        @{ Kind = 'status'; Status = 500; Outcome = 'unchanged'; ErrorId = 'AtlanServerError' }
        @{ Kind = 'malformed'; Status = $null; Outcome = 'unchanged'; ErrorId = 'AtlanInvalidResponse' }
    ) {
        $fault = @{ Kind = $Kind; Method = 'POST'; PathPattern = '^/api/service/apikeys/.+'; RetryAfterSeconds = 0 }
        if ($Status) { $fault.Status = $Status }
        Arm $fault
        Set-AtlanApiToken -Guid $script:Token.Guid -Description 'after' -ErrorVariable failed -ErrorAction SilentlyContinue
        $stored = (Get-TenantToken -DisplayName 'set-under-fault')[0]
        @($stored.personaQualifiedNames).Count | Should -Be 2 -Because 'no persona link is ever dropped'
        if ($ErrorId) {
            $failed[0].FullyQualifiedErrorId | Should -Be "$ErrorId,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand"
            $stored.description | Should -Be 'before'
        }
        else {
            $failed | Should -BeNullOrEmpty
            $stored.description | Should -Be 'after'
        }
    }
}

Describe 'Remove-AtlanApiToken under faults' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-Faulty
        $script:Token = New-AtlanApiToken -DisplayName 'remove-under-fault'
    }

    It '<Kind> <Status>: <Outcome>' -TestCases @(
        @{ Kind = 'drop'; Status = $null; Outcome = 'removed'; ErrorId = $null }
        @{ Kind = 'dropAfterCommit'; Status = $null; Outcome = 'removed'; ErrorId = $null }
        @{ Kind = 'status'; Status = 503; Outcome = 'removed'; ErrorId = $null }
        @{ Kind = 'status'; Status = 500; Outcome = 'kept'; ErrorId = 'AtlanServerError' }
    ) {
        $fault = @{ Kind = $Kind; Method = 'DELETE'; RetryAfterSeconds = 0 }
        if ($Status) { $fault.Status = $Status }
        Arm $fault
        $script:Token | Remove-AtlanApiToken -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        if ($ErrorId) {
            $failed[0].FullyQualifiedErrorId | Should -Be "$ErrorId,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand"
            (Get-TenantToken -DisplayName 'remove-under-fault').Count | Should -Be 1
        }
        else {
            $failed | Should -BeNullOrEmpty
            (Get-TenantToken -DisplayName 'remove-under-fault').Count | Should -Be 0
        }
    }
}

Describe 'Remove-AtlanApiToken after a lost answer' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-Faulty
    }

    # ApiTokenRemoval decides it (issue 16): a 404 on the retry after an attempt whose answer was lost is a delete.
    It 'a retry that finds the token gone reports it deleted by the lost attempt, with -PassThru output and no error' {
        $token = New-AtlanApiToken -DisplayName 'remove-lost-answer'
        Arm @{ Kind = 'dropAfterCommit'; Method = 'DELETE' }
        $out = $token | Remove-AtlanApiToken -Force -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue -Verbose 4>&1
        $failed | Should -BeNullOrEmpty
        $lines = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" })
        $lines | Where-Object { $_ -like "Deleted *: an earlier attempt whose answer was lost had already deleted it." } | Should -HaveCount 1
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Guid | Should -Be $token.Guid
        (Get-TenantToken -DisplayName 'remove-lost-answer').Count | Should -Be 0
    }

    It 'a 404 with no earlier attempt stays ApiTokenNotFoundByGuid' {
        $token = New-AtlanApiToken -DisplayName 'remove-twice'
        $token | Remove-AtlanApiToken -Force
        $token | Remove-AtlanApiToken -Force -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNotFoundByGuid,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand'
    }
}

Describe 'Get-AtlanApiToken under faults and odd answers' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 250 -Prefix 'page-' | Out-Null
        $script:Expected = (Get-TenantToken).Count
    }
    BeforeEach {
        Clear-AtlanEmulatorFault -Emulator $script:Emulator
        Connect-Faulty
    }

    It '<Kind>: the listing is complete and ends' -TestCases @(
        @{ Kind = 'lyingFilterRecord'; Times = 0 }
        @{ Kind = 'hugeBody'; Times = 0 }
        @{ Kind = 'drop'; Times = 2 }
        @{ Kind = 'rateLimit'; Times = 2 }
        @{ Kind = 'status'; Times = 2 }
    ) {
        Arm @{ Kind = $Kind; Method = 'GET'; PathPattern = '^/api/service/apikeys$'; Times = $Times; RetryAfterSeconds = 0 }
        $all = @(Get-AtlanApiToken -PageSize 100 -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $all.Count | Should -Be $script:Expected
        ($all.Guid | Sort-Object -Unique).Count | Should -Be $script:Expected
    }

    It 'records: null reads as no tokens, without an error' {
        Arm @{ Kind = 'nullRecords'; Method = 'GET'; PathPattern = '^/api/service/apikeys$' }
        @(Get-AtlanApiToken -ErrorVariable failed).Count | Should -Be 0
        $failed | Should -BeNullOrEmpty
    }

    It 'a request that outlives -TimeoutSec fails naming the timeout and the request id' {
        Connect-Faulty -TimeoutSec 1   # 1 s of real time
        Arm @{ Kind = 'delay'; DelayMs = 5000; Method = 'GET'; PathPattern = '^/api/service/apikeys$' }
        Get-AtlanApiToken -Name 'x' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'AtlanRequestTimeout,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failed[0].Exception.Message | Should -BeLike '*timeout of 1 s*request id*'
        $failed[0].Exception.RequestId | Should -Match '^[0-9a-f-]{36}$'
    }

    It 'retries are verbose lines' {
        Arm @{ Kind = 'status'; Status = 503; Method = 'GET'; PathPattern = '^/api/service/apikeys$'; Times = 1 }
        $lines = Get-AtlanApiToken -Name 'page-1' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($lines.Message -join "`n") | Should -BeLike '*Retrying GET /api/service/apikeys*503*'
    }
}

Describe 'Hostile and odd input' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-Faulty
    }

    It 'a 1 MB display name gets a clean error and creates nothing' {
        $huge = 'x' * 1MB
        New-AtlanApiToken -DisplayName $huge -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'AtlanInvalidRequest,*'
        $failed[0].Exception.Message.Length | Should -BeLessThan 5000
        @(Get-TenantToken).Count | Should -Be 1
    }

    It 'a 1 MB description gets a clean error and changes nothing' {
        $token = New-AtlanApiToken -DisplayName 'big-description' -Description 'small'
        Set-AtlanApiToken -Guid $token.Guid -Description ('d' * 1MB) -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'AtlanInvalidRequest,*'
        (Get-TenantToken -DisplayName 'big-description')[0].description | Should -Be 'small'
    }

    It 'control characters in a name round-trip' {
        $name = "tab`there`u{1}bell"
        (New-AtlanApiToken -DisplayName $name).DisplayName | Should -BeExactly $name
        (Get-AtlanApiToken -Name $name).DisplayName | Should -BeExactly $name
    }
}

Describe 'Concurrency' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
    }

    # End-to-end real-time check: 16 runspaces share one session through 16 rate-limited answers (real backoff waits; each
    # 429 is retried for time with a backoff that grows per call, so 60 of them cost minutes and add nothing the engine tests lack).
    It '200 creates from ForEach-Object -Parallel on one session, through rate limiting, make exactly 200 tokens' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -MaxRetries 10 -PassThru
        Arm @{ Kind = 'rateLimit'; Method = 'POST'; PathPattern = '^/api/service/apikeys$'; Times = 16; RetryAfterSeconds = 0 }
        $module = (Get-Module AtlanTokens).Path
        $created = 1..200 | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:module
            New-AtlanApiToken -DisplayName "burst-$_" -Session $using:session
        }
        $created.Count | Should -Be 200
        ($created.Guid | Sort-Object -Unique).Count | Should -Be 200
        @(Get-TenantToken | Where-Object displayName -Like 'burst-*').Count | Should -Be 200
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object status -EQ 429).Count | Should -Be 16
    }
}

Describe 'Add-AtlanTokenConnectionAdmin under faults keeps every admin and adds the token once' {
    BeforeAll {
        $script:Production = '00000000-0000-4000-8000-000000000203'
        function Get-ProductionAdmins { @(((Get-AtlanEmulatorState -Emulator $script:Emulator).connections | Where-Object guid -EQ $script:Production).attributes.adminUsers) }
    }
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-Faulty
        $script:Before = Get-ProductionAdmins
        $script:Alice = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice
        $script:CiToken = New-AtlanApiToken -DisplayName 'ci-grant'
    }

    It '<Kind> <Status> on the save' -TestCases @(
        @{ Kind = 'drop'; Status = $null }
        @{ Kind = 'dropAfterCommit'; Status = $null }
        @{ Kind = 'status'; Status = 503 }
        @{ Kind = 'status'; Status = 500 }
        @{ Kind = 'html'; Status = 502 }
        @{ Kind = 'rateLimit'; Status = $null }
        @{ Kind = 'malformed'; Status = $null }
    ) {
        $fault = @{ Kind = $Kind; Method = 'POST'; PathPattern = '^/api/meta/entity/bulk'; RetryAfterSeconds = 0 }
        if ($Status) { $fault.Status = $Status }
        Arm $fault
        $result = $script:CiToken | Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $after = Get-ProductionAdmins
        $failed | Should -BeNullOrEmpty
        $result.Status | Should -Be 'Added'
        @($after | Where-Object { $_ -eq $script:CiToken.Username }).Count | Should -Be 1 -Because 'the token is added exactly once'
        $after.Count | Should -Be ($script:Before.Count + 1)
        @($script:Before | Where-Object { $after -notcontains $_ }).Count | Should -Be 0 -Because 'no existing admin is lost'
    }
}
