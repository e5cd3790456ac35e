BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'Connect-AtlanTenant' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Get-AtlanSession -All | Disconnect-AtlanTenant
    }

    It 'verifies the key with users/current and makes the session the default' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $session = Connect-TestTenant -PassThru
        $session.BaseUrl | Should -Be $script:Emulator.Url
        $session.UserName | Should -Be 'service-account-apikey-00000000-0000-4000-8000-000000000001'
        $session.ClientId | Should -Be 'apikey-00000000-0000-4000-8000-000000000001'
        (Get-AtlanSession).UserName | Should -Be $session.UserName
        $calls = @(Get-AtlanEmulatorRequest -Emulator $script:Emulator)
        $calls.Count | Should -Be 1
        $calls[0].method | Should -Be 'GET'
        $calls[0].path | Should -Be '/api/service/users/current'
        $calls[0].headers.'x-atlan-agent-id' | Should -Be 'powershell'
        $calls[0].userAgent | Should -BeLike 'AtlanTokens-PowerShell/*'
    }

    It 'shows the grant settle time: 100 ms by default, -GrantSettleMs sets it, and a grant waits at least that long before its check read' {
        # The suite's own default (Common.ps1) is 0 ms; this test names the value it expects.
        (Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -GrantSettleMs 100 -PassThru).GrantSettleMs | Should -Be 100
        $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -GrantSettleMs 250 -PassThru
        $session.GrantSettleMs | Should -Be 250
        $bearer = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice
        $token = New-AtlanApiToken -DisplayName 'settle-probe'
        $verbose = @($token | Add-AtlanTokenConnectionAdmin -Guid '00000000-0000-4000-8000-000000000201' -ImpersonationToken $bearer -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Checking the stored adminUsers*' })
        $verbose.Count | Should -Be 1
        [int]($verbose[0].Message -replace '^.* in (\d+) ms .*$', '$1') | Should -BeGreaterOrEqual 250
        { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -GrantSettleMs 10001 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
    }

    It 'shows the create settle time: 30 s by default, -CreateSettleSec sets it' {
        (Connect-TestTenant -PassThru).CreateSettleSec | Should -Be 30
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -CreateSettleSec 0
        (Get-AtlanSession).CreateSettleSec | Should -Be 0
        { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -CreateSettleSec -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'writes nothing without -PassThru' {
        Connect-TestTenant | Should -BeNullOrEmpty
        Get-AtlanSession | Should -Not -BeNullOrEmpty
    }

    It 'takes ATLAN_BASE_URL and ATLAN_API_KEY by default' {
        $env:ATLAN_BASE_URL = $script:Emulator.Url
        $env:ATLAN_API_KEY = $script:AdminKeyPlain
        try {
            (Connect-AtlanTenant -PassThru).BaseUrl | Should -Be $script:Emulator.Url
        }
        finally {
            Remove-Item env:ATLAN_BASE_URL, env:ATLAN_API_KEY
        }
    }

    It 'ignores a trailing slash, a path and a query on the base URL, with a warning' {
        $session = Connect-AtlanTenant -BaseUrl "$($script:Emulator.Url)/some/path/?x=1" -ApiKey $script:Emulator.AdminApiKey -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $session.BaseUrl | Should -Be $script:Emulator.Url
        $warned | Should -Not -BeNullOrEmpty
        (Connect-AtlanTenant -BaseUrl "$($script:Emulator.Url)/" -ApiKey $script:Emulator.AdminApiKey -PassThru -WarningVariable none).BaseUrl | Should -Be $script:Emulator.Url
        $none | Should -BeNullOrEmpty
    }

    It 'refuses a wrong key with AtlanAuthenticationFailed, naming the tenant and never the key' {
        $wrong = 'not-a-valid-key-1234567890'
        $err = { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey (ConvertTo-SecureString $wrong -AsPlainText -Force) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'AtlanAuthenticationFailed,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike "*$($script:Emulator.Url)*401*"
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -BeLike "*$wrong*"
        Get-AtlanSession | Should -BeNullOrEmpty
    }

    It 'refuses a JWT key whose exp has passed before sending it' {
        $payload = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('{"exp":1600000000,"sub":"x"}')).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        $expired = ConvertTo-SecureString "eyJhbGciOiJIUzI1NiJ9.$payload.c2ln" -AsPlainText -Force
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $err = { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $expired } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ApiKeyExpired,*'
        $err.Exception.Message | Should -BeLike '*2020-09-13*'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator).Count | Should -Be 0
    }

    It 'refuses a malformed base URL with InvalidBaseUrl' -TestCases @(
        @{ Url = 'ht!tp://bad url' }
        @{ Url = 'ftp://tenant.atlan.com' }
        @{ Url = 'https://user:pw@tenant.atlan.com' }
    ) {
        $err = { Connect-AtlanTenant -BaseUrl $Url -ApiKey $script:Emulator.AdminApiKey } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidBaseUrl,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports an unreachable tenant with AtlanTenantUnreachable' {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0); $listener.Start()
        $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $err = { Connect-AtlanTenant -BaseUrl "http://127.0.0.1:$port" -ApiKey $script:Emulator.AdminApiKey -MaxRetries 0 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'AtlanTenantUnreachable,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike "*127.0.0.1:$port*"
    }

    It 'refuses http:// to a host other than loopback unless -AllowInsecureHttp, then warns' {
        $err = { Connect-AtlanTenant -BaseUrl 'http://tenant.invalid' -ApiKey $script:Emulator.AdminApiKey } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureBaseUrl,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $insisted = $null
        try { Connect-AtlanTenant -BaseUrl 'http://tenant.invalid' -ApiKey $script:Emulator.AdminApiKey -AllowInsecureHttp -MaxRetries 0 -WarningVariable warned -WarningAction SilentlyContinue }
        catch { $insisted = $_ }
        $insisted.FullyQualifiedErrorId | Should -BeLike 'AtlanTenantUnreachable,*'
        "$warned" | Should -BeLike '*unencrypted*'
    }

    It 'refuses a malformed key with ApiKeyMalformed, sending nothing and never echoing it' -TestCases @(
        @{ Key = "SECRETKEY`nline2" }, @{ Key = 'SECRET KEY' }, @{ Key = 'SECRET"KEY' }, @{ Key = 'SECRETé' }, @{ Key = 'Bearer SECRETKEY' }
    ) {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $err = { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ApiKeyMalformed,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -BeLike '*SECRET*'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator).Count | Should -Be 0
    }

    It 'asks for a key when none is given' {
        Remove-Item env:ATLAN_API_KEY -ErrorAction SilentlyContinue
        $err = { Connect-AtlanTenant -BaseUrl $script:Emulator.Url } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ApiKeyMissing,*'
    }
}

Describe 'Disconnect-AtlanTenant and Get-AtlanSession' {
    BeforeEach { Reset-AtlanEmulator -Emulator $script:Emulator }

    It 'forgets the default session; cmdlets then say to run Connect-AtlanTenant' {
        Connect-TestTenant
        Disconnect-AtlanTenant
        Get-AtlanSession | Should -BeNullOrEmpty
        $err = { Get-AtlanApiToken } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'NoAtlanSession,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -BeLike '*Connect-AtlanTenant*'
    }

    It 'refuses to use a piped object whose session was disconnected, instead of switching tenants' {
        $first = Connect-TestTenant -PassThru
        $token = New-AtlanApiToken -DisplayName 'closed-session'
        Disconnect-AtlanTenant -Session $first
        Connect-TestTenant
        $err = { $token | Remove-AtlanApiToken -Force } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'AtlanSessionClosed,*'
        (Get-TenantToken -DisplayName 'closed-session').Count | Should -Be 1
    }

    It 'acts on -Session even when the default session is another one, and refuses a mismatch' {
        $explicit = Connect-TestTenant -PassThru
        Connect-TestTenant
        $token = New-AtlanApiToken -DisplayName 'explicit' -Session $explicit
        { $token | Remove-AtlanApiToken -Force -Session (Get-AtlanSession) } | Should -Throw -ErrorId 'SessionMismatch,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand'
        (Get-TenantToken -DisplayName 'explicit').Count | Should -Be 1
        $token | Remove-AtlanApiToken -Force -Session $explicit
        (Get-TenantToken -DisplayName 'explicit').Count | Should -Be 0
    }

    It 'a session prints and serializes without the key' {
        $session = Connect-TestTenant -PassThru
        ($session | Format-List * | Out-String) + ($session | ConvertTo-Json -Depth 10) | Should -Not -BeLike "*$($script:AdminKeyPlain)*"
    }
}
