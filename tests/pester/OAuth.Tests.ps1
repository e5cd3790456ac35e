# OAuth client credentials (issue 18): connecting as an OAuth client, bearers that expire during long work, secrets
# nowhere, every token cmdlet on an OAuth session; and sessions for scripts (-NoDefault, -All, Disconnect restores).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    function New-TestOAuthClient([int] $LifetimeSeconds = 600) {
        New-AtlanEmulatorOAuthClient -Emulator $script:Emulator -DisplayName 'pester-oauth' -TokenLifetimeSeconds $LifetimeSeconds
    }
    function Get-Exchange {
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -EQ '/api/service/oauth-clients/token')
    }
    function Get-Bearer([string] $User) { New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName $User }
}

AfterAll {
    Get-AtlanSession -All | Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'Connect-AtlanTenant as an OAuth client' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $script:Client = New-TestOAuthClient
        $script:ClientSecretPlain = $script:Client.GetNetworkCredential().Password
    }

    It 'exchanges the credential of -OAuthCredential for a bearer, then acts as the client''s service account' {
        $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential $script:Client -PassThru
        $session.Authentication | Should -Be 'OAuthClient'
        $session.OAuthClientId | Should -Be $script:Client.UserName
        $session.UserName | Should -Be "service-account-$($script:Client.UserName)"
        $session.ClientId | Should -BeNullOrEmpty   # not an API token: no token of its own
        (Get-AtlanSession) | Should -Be $session

        $requests = @(Get-AtlanEmulatorRequest -Emulator $script:Emulator)
        $requests[0].path | Should -Be '/api/service/oauth-clients/token'
        $requests[0].authScheme | Should -BeNullOrEmpty
        $requests[0].body.clientId | Should -Be $script:Client.UserName
        $requests[1].path | Should -Be '/api/service/users/current'
        $requests[1].authScheme | Should -Be 'Bearer'
        $requests[1].caller | Should -Be $session.UserName
    }

    It 'takes -OAuthClientId and -OAuthClientSecret' {
        $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthClientId $script:Client.UserName -OAuthClientSecret $script:Client.Password -PassThru
        $session.Authentication | Should -Be 'OAuthClient'
        @(Get-AtlanApiToken).Count | Should -BeGreaterThan 0
    }

    It 'refuses a wrong secret with AtlanAuthenticationFailed, never showing the secret' {
        $wrong = [pscredential]::new($script:Client.UserName, (ConvertTo-SecureString 'WRONG-oauth-secret-value' -AsPlainText -Force))
        $err = { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential $wrong } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'AtlanAuthenticationFailed,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike "*OAuth client '$($script:Client.UserName)'*"
        ($err | Out-String) + $err.Exception.ToString() + $err.ErrorDetails | Should -Not -BeLike '*WRONG-oauth-secret-value*'
    }

    It 'refuses an empty secret before sending anything' {
        $blank = [pscredential]::new($script:Client.UserName, (ConvertTo-SecureString ' ' -AsPlainText -Force))
        { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential $blank } | Should -Throw -ErrorId 'OAuthClientSecretMissing,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
        Get-Exchange | Should -BeNullOrEmpty
    }

    It 'writes the secret to no stream, error or serialized object' {
        $all = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; WarningAction = 'Continue' }
        $DebugPreference = 'Continue'
        $streams = @(Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential $script:Client -PassThru @all *>&1)
        $session = $streams | Where-Object { $_ -is [AtlanTokens.Session.AtlanSession] }
        $streams += @(Get-AtlanApiToken -PageSize 2 @all *>&1)
        $streams += @(Get-AtlanSession -All @all *>&1)
        Get-AtlanSession | Export-Csv -Path (Join-Path $TestDrive 's.csv') -NoTypeInformation
        Get-AtlanSession | Export-Clixml -Path (Join-Path $TestDrive 's.xml')
        $text = ($streams | Out-String) + ($streams | Format-List * | Out-String) + ($session | ConvertTo-Json -Depth 5) +
            (Get-Content (Join-Path $TestDrive 's.csv') -Raw) + (Get-Content (Join-Path $TestDrive 's.xml') -Raw)
        $text | Should -Not -BeLike "*$($script:ClientSecretPlain)*"
        (Get-AtlanEmulatorRequest -Emulator $script:Emulator | ConvertTo-Json -Depth 10) | Should -Not -BeLike "*$($script:ClientSecretPlain)*"
        $text | Should -BeLike '*OAuthClient*'   # Get-AtlanSession shows the kind
    }
}

Describe 'OAuth client from the environment' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $script:Client = New-TestOAuthClient
        $script:Probe = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$((Get-Module AtlanTokens).Path)'
try { `$s = Connect-AtlanTenant -PassThru; "kind=`$(`$s.Authentication) user=`$(`$s.UserName)" } catch { "error=`$(`$_.FullyQualifiedErrorId)" }
"@
        function Invoke-WithEnvironment([hashtable] $Variables, [scriptblock] $Command) {
            $saved = @{}
            foreach ($name in $Variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Variables[$name]) }
            try { & $Command } finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        }
        $script:Base = @{ ATLAN_BASE_URL = $script:Emulator.Url; ATLAN_OAUTH_CLIENT_ID = $script:Client.UserName; ATLAN_OAUTH_CLIENT_SECRET = $script:Client.GetNetworkCredential().Password; ATLAN_API_KEY = '' }
    }

    It 'connects as the client of ATLAN_OAUTH_CLIENT_ID and ATLAN_OAUTH_CLIENT_SECRET' {
        $result = Invoke-FreshPwsh -Script $script:Probe -Environment $script:Base
        $result.Output | Should -Match "kind=OAuthClient user=service-account-$([regex]::Escape($script:Client.UserName))"
    }

    # The variables are read when Connect-AtlanTenant runs, so the precedence cases run here, with the variables set
    # for the one call and put back; the fresh process above is the runbook's view.
    It 'ATLAN_API_KEY wins when both are set' {
        $environment = $script:Base.Clone(); $environment.ATLAN_API_KEY = $script:AdminKeyPlain
        $session = Invoke-WithEnvironment $environment { Connect-AtlanTenant -PassThru -NoDefault }
        "$($session.Authentication)" | Should -Be 'ApiKey'
        $session.UserName | Should -BeLike 'service-account-apikey-*'
        $session | Disconnect-AtlanTenant
    }

    It 'one OAuth variable without the other is OAuthClientIncomplete' {
        $environment = $script:Base.Clone(); $environment.ATLAN_OAUTH_CLIENT_SECRET = ''
        { Invoke-WithEnvironment $environment { Connect-AtlanTenant -PassThru -NoDefault } } | Should -Throw -ErrorId 'OAuthClientIncomplete,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
        $env:ATLAN_OAUTH_CLIENT_ID | Should -BeNullOrEmpty -Because 'the variables are put back'
    }
}

Describe 'A bearer that expires in the middle of a long listing' {
    It 'renews the bearer (ahead of expiry, or once on 401) and delivers every token' {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $client = New-TestOAuthClient -LifetimeSeconds 1
        $null = Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 24 -Prefix 'long-'
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential $client
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        # Each page waits 500 ms before the emulator checks its bearer: 6 pages take three times as long as one bearer
        # lives. (An end-to-end real-time check: about 3 s.)
        $null = Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind delay -Method GET -PathPattern '^/api/service/apikeys$' -DelayMs 500 -Times 100

        $tokens = @(Get-AtlanApiToken -Name 'long-*' -PageSize 4 -ErrorVariable failed)

        Clear-AtlanEmulatorFault -Emulator $script:Emulator
        $failed | Should -BeNullOrEmpty
        $tokens.Count | Should -Be 24
        @($tokens.DisplayName | Sort-Object -Unique).Count | Should -Be 24
        $requests = @(Get-AtlanEmulatorRequest -Emulator $script:Emulator)
        @($requests | Where-Object path -EQ '/api/service/oauth-clients/token').Count | Should -BeGreaterOrEqual 2
        # Any page refused with 401 (a bearer that expired in flight) was sent again with a new bearer, once.
        $pages = @($requests | Where-Object path -EQ '/api/service/apikeys')
        @($pages | Where-Object status -EQ 200).Count | Should -BeGreaterOrEqual 6
        @($pages | Where-Object { $_.status -notin 200, 401 }) | Should -BeNullOrEmpty
    }
}

Describe 'A bearer revoked in the middle of a long listing' {
    It 'gets one 401, exchanges once more, sends that page again and delivers every token' {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $client = New-TestOAuthClient
        $null = Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 60 -Prefix 'revoked-'
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential $client
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator

        # The listing streams page by page: after the 12th token arrives, the bearer in use is revoked.
        $seen = 0
        $tokens = @(Get-AtlanApiToken -Name 'revoked-*' -PageSize 5 -ErrorVariable failed | ForEach-Object {
            $seen++
            if ($seen -eq 12) { Revoke-AtlanEmulatorOAuthBearer -Emulator $script:Emulator -ClientId $client.UserName }
            $_
        })

        $failed | Should -BeNullOrEmpty
        $tokens.Count | Should -Be 60
        @($tokens.DisplayName | Sort-Object -Unique).Count | Should -Be 60
        $requests = @(Get-AtlanEmulatorRequest -Emulator $script:Emulator)
        $refused = @($requests | Where-Object status -EQ 401)
        $refused.Count | Should -Be 1
        $refused[0].path | Should -Be '/api/service/apikeys'
        @($requests | Where-Object path -EQ '/api/service/oauth-clients/token').Count | Should -Be 1   # the renewal (connect's exchange was cleared)
        $after = $requests[[array]::IndexOf($requests, $refused[0]) + 1]
        $after.path | Should -Be '/api/service/oauth-clients/token'
    }
}

Describe 'Token cmdlets on an OAuth session' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $script:Alice = Get-Bearer alice
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential (New-TestOAuthClient)
    }

    It 'creates, changes, grants, audits, rotates and removes tokens' {
        $token = New-AtlanApiToken -DisplayName 'oauth-made' -Persona 'Analysts' -ValiditySeconds 3600
        $token.AccessToken | Should -BeOfType [securestring]
        Set-AtlanApiToken -InputObject $token -Description 'changed by an OAuth client'
        (Get-AtlanApiToken -Name 'oauth-made').Description | Should -Be 'changed by an OAuth client'
        $token | Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice | Out-Null
        @(Get-AtlanApiToken -Name 'oauth-made' | Get-AtlanTokenGrant -ImpersonationToken $script:Alice).Count | Should -Be 1
        $new = Get-AtlanApiToken -Name 'oauth-made' | Invoke-AtlanApiTokenRotation -ImpersonationToken $script:Alice -Force
        $new.DisplayName | Should -Be 'oauth-made'
        Get-AtlanApiToken -Name 'oauth-made' | Remove-AtlanApiToken -Force
        Get-TenantToken -DisplayName 'oauth-made' | Should -BeNullOrEmpty
        @(Get-AtlanApiToken).Count | Should -BeGreaterThan 0   # the session's protection had nothing to protect
    }

    It 'grant cmdlets with no -Token say that an OAuth session has no token of its own' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OAuthSessionHasNoApiToken,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-AtlanTokenGrant -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable audit | Should -BeNullOrEmpty
        $audit[0].FullyQualifiedErrorId | Should -BeLike 'OAuthSessionHasNoApiToken,*'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object method -EQ 'POST' | Where-Object path -Like '/api/meta/*bulk*') | Should -BeNullOrEmpty
    }
}

Describe 'Sessions for scripts' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Get-AtlanSession -All | Disconnect-AtlanTenant
    }

    It '-NoDefault returns a session that works with -Session and leaves the default alone' {
        $caller = Connect-TestTenant -PassThru
        $mine = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential (New-TestOAuthClient) -NoDefault -PassThru
        $mine.Authentication | Should -Be 'OAuthClient'
        Get-AtlanSession | Should -Be $caller
        (New-AtlanApiToken -DisplayName 'by-script' -Session $mine).DisplayName | Should -Be 'by-script'
        (Get-TenantToken -DisplayName 'by-script').createdBy | Should -Be $mine.UserName
    }

    It 'Get-AtlanSession -All lists this runspace''s open sessions' {
        $first = Connect-TestTenant -PassThru
        $second = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential (New-TestOAuthClient) -NoDefault
        $all = @(Get-AtlanSession -All)
        $all.Count | Should -Be 2
        $all[0] | Should -Be $first
        $all[1] | Should -Be $second
        Disconnect-AtlanTenant -Session $second
        @(Get-AtlanSession -All) | Should -Be @($first)
    }

    It 'Disconnect-AtlanTenant of the default brings back the previous default' {
        $caller = Connect-TestTenant -PassThru
        $script = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -OAuthCredential (New-TestOAuthClient) -PassThru
        Get-AtlanSession | Should -Be $script
        Disconnect-AtlanTenant
        Get-AtlanSession | Should -Be $caller
        $caller.IsOpen | Should -BeTrue
        Disconnect-AtlanTenant
        Get-AtlanSession | Should -BeNullOrEmpty
    }
}
