BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Stewards = Get-PersonaQualifiedName 'Data Stewards'
    $script:Analysts = Get-PersonaQualifiedName 'Analysts'
    $script:Finance = Get-PersonaQualifiedName 'Finance Readers'
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'New-AtlanApiToken' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'creates a token and hands out its secret once, as a SecureString that works as a key' {
        $token = New-AtlanApiToken -DisplayName 'ci-deploy' -Description 'deploys'
        $token | Should -BeOfType ([AtlanTokens.Model.ApiToken])
        $token.AccessToken | Should -BeOfType ([securestring])
        $token.ClientId | Should -BeLike 'apikey-*'
        $token.Username | Should -Be "service-account-$($token.ClientId)"
        $token.Description | Should -Be 'deploys'
        $token.CreatedBy | Should -Be 'service-account-apikey-00000000-0000-4000-8000-000000000001'
        $token.ExpiresAt | Should -BeGreaterThan (Get-Date).AddDays(1824)
        $token.ExpiresAt | Should -BeLessThan (Get-Date).AddDays(1826)
        $token.ExpiresAt.Kind | Should -Be 'Local'
        $stored = Get-TenantToken -DisplayName 'ci-deploy'
        $stored.Count | Should -Be 1
        $stored[0].validitySeconds | Should -Be 157680000
        (Get-AtlanApiToken -Guid $token.Guid).AccessToken | Should -BeNullOrEmpty
        (Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $token.AccessToken -PassThru).UserName | Should -Be $token.Username
    }

    It 'returns the secret as text only with -AsPlainText' {
        $token = New-AtlanApiToken -DisplayName 'plain' -AsPlainText
        $token.AccessToken | Should -BeOfType ([string])
        $token.AccessToken.Split('.').Count | Should -Be 3
    }

    It 'sends all five keys with personas resolved by name and by qualified name' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $token = New-AtlanApiToken -DisplayName 'with-personas' -Persona 'data stewards', $script:Analysts -ValiditySeconds 3600
        $token.Personas.QualifiedName | Should -Be @($script:Stewards, $script:Analysts)
        $create = @(Get-ApiRequest -ChangesOnly)
        $create.Count | Should -Be 1
        $create[0].path | Should -Be '/api/service/apikeys'
        ($create[0].body.PSObject.Properties.Name | Sort-Object) | Should -Be @('description', 'displayName', 'personaQualifiedNames', 'personas', 'validitySeconds')
        $create[0].body.description | Should -Be ''
        @($create[0].body.personas).Count | Should -Be 0
        $create[0].body.validitySeconds | Should -Be 3600
    }

    It 'takes -Persona $null (an empty result) as no personas' {
        (New-AtlanApiToken -DisplayName 'null-personas' -Persona $null).Personas.Count | Should -Be 0
    }

    It 'takes persona objects from Get-AtlanPersona' {
        $token = New-AtlanApiToken -DisplayName 'objects' -Persona (Get-AtlanPersona -Name 'Finance*')
        $token.Personas.QualifiedName | Should -Be @($script:Finance)
    }

    It 'accepts -Validity as a TimeSpan' {
        New-AtlanApiToken -DisplayName 'timespan' -Validity ([timespan]::FromDays(2)) | Out-Null
        (Get-TenantToken -DisplayName 'timespan')[0].validitySeconds | Should -Be 172800
    }

    It 'refuses validity <= 0 or above 5 years with ValidityOutOfRange, sending nothing' -TestCases @(
        @{ Seconds = 0 }, @{ Seconds = -5 }, @{ Seconds = 157680001 }, @{ Seconds = 409968000 }
    ) {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $err = { New-AtlanApiToken -DisplayName 'bad-validity' -ValiditySeconds $Seconds } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ValidityOutOfRange,AtlanTokens.Cmdlets.NewAtlanApiTokenCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
    }

    It 'refuses an empty or blank display name with DisplayNameEmpty' -TestCases @(@{ Name = '' }, @{ Name = '   ' }) {
        New-AtlanApiToken -DisplayName $Name -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'DisplayNameEmpty,AtlanTokens.Cmdlets.NewAtlanApiTokenCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-TenantToken).Count | Should -Be 1
    }

    It 'refuses an unknown persona with PersonaNotFound and creates nothing' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        New-AtlanApiToken -DisplayName 'unknown-persona' -Persona 'Data Stewards', 'No Such Persona' -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'PersonaNotFound,AtlanTokens.Cmdlets.NewAtlanApiTokenCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].Exception.Message | Should -BeLike "*'No Such Persona'*"
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
        (Get-TenantToken -DisplayName 'unknown-persona').Count | Should -Be 0
    }

    It 'round-trips display names with quotes, backslashes and unicode exactly' -TestCases @(
        @{ Name = 'it''s "quoted"' }, @{ Name = 'back\slash\\double' }, @{ Name = 'ünïcødé ✓ 名前 🚀' }, @{ Name = 'a&b=c?d#e+f%20' }
    ) {
        $token = New-AtlanApiToken -DisplayName $Name
        $token.DisplayName | Should -BeExactly $Name
        (Get-TenantToken -DisplayName $Name).Count | Should -Be 1
        $found = @(Get-AtlanApiToken -Name $Name)
        $found.Count | Should -Be 1
        $found[0].Guid | Should -Be $token.Guid
        $found[0].DisplayName | Should -BeExactly $Name
    }

    It 'warns when the name is already taken, and creates the second token' {
        New-AtlanApiToken -DisplayName 'twice' | Out-Null
        New-AtlanApiToken -DisplayName 'twice' -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
        "$warned" | Should -BeLike '*already exist*'
        (Get-TenantToken -DisplayName 'twice').Count | Should -Be 2
    }

    It 'creates nothing with -WhatIf' {
        New-AtlanApiToken -DisplayName 'what-if' -WhatIf | Should -BeNullOrEmpty
        (Get-TenantToken -DisplayName 'what-if').Count | Should -Be 0
    }

    It 'creates one token per piped name' {
        'pipe-a', 'pipe-b' | New-AtlanApiToken | Should -HaveCount 2
        (Get-TenantToken | Where-Object displayName -Like 'pipe-*').Count | Should -Be 2
    }
}

Describe 'Get-AtlanApiToken' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Token = New-AtlanApiToken -DisplayName 'lookup-me' -Persona 'Analysts'
        New-AtlanApiToken -DisplayName 'ci-one' | Out-Null
        New-AtlanApiToken -DisplayName 'CI-two' | Out-Null
        New-AtlanApiToken -DisplayName 'same-name' | Out-Null
        New-AtlanApiToken -DisplayName 'same-name' -WarningAction SilentlyContinue | Out-Null
    }

    It 'lists every token, streamed across pages' {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 1234 -Prefix 'bulk-' | Out-Null
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $all = @(Get-AtlanApiToken -PageSize 100)
        $all.Count | Should -Be ((Get-TenantToken).Count)
        ($all.Guid | Sort-Object -Unique).Count | Should -Be $all.Count
        $pages = @(Get-ApiRequest | Where-Object path -EQ '/api/service/apikeys')
        $pages.Count | Should -Be 13
        $pages[1].query.offset | Should -Be '99'   # each page starts on the last token read, to prove nothing was skipped
        $pages[1].query.limit | Should -Be '101'
        $pages[1].query.sort | Should -Be 'createdAt'
    }

    It 'hands out the first tokens before the listing ends (Select-Object -First stops it)' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $first = @(Get-AtlanApiToken -PageSize 100 | Select-Object -First 3)
        $first.Count | Should -Be 3
        @(Get-ApiRequest | Where-Object path -EQ '/api/service/apikeys').Count | Should -BeLessOrEqual 2
    }

    It 'finds by exact name (sent to the server as a filter)' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $found = @(Get-AtlanApiToken -Name 'lookup-me')
        $found.Count | Should -Be 1
        $found[0].Guid | Should -Be $script:Token.Guid
        $found[0].Personas.Name | Should -Be 'Analysts'
        ((Get-ApiRequest)[0].query.filter | ConvertFrom-Json).displayName | Should -Be 'lookup-me'
    }

    It 'finds by wildcard, case-insensitively' {
        (Get-AtlanApiToken -Name 'ci-*').DisplayName | Sort-Object | Should -Be @('ci-one', 'CI-two')
        Get-AtlanApiToken -Name 'nothing-*' | Should -BeNullOrEmpty
    }

    It 'returns both tokens that share a name' {
        (Get-AtlanApiToken -Name 'same-name').Count | Should -Be 2
    }

    It 'finds by client id, with or without service-account-' {
        (Get-AtlanApiToken -ClientId $script:Token.ClientId).Guid | Should -Be $script:Token.Guid
        (Get-AtlanApiToken -ClientId $script:Token.Username).Guid | Should -Be $script:Token.Guid
    }

    It 'finds by GUID, also by property name from the pipeline' {
        (Get-AtlanApiToken -Guid $script:Token.Guid).DisplayName | Should -Be 'lookup-me'
        ([pscustomobject]@{ Guid = $script:Token.Guid } | Get-AtlanApiToken).DisplayName | Should -Be 'lookup-me'
    }

    It 'reports what matches nothing as ObjectNotFound and goes on with the rest' -TestCases @(
        @{ Splat = @{ Name = 'missing', 'lookup-me' }; Id = 'ApiTokenNotFoundByName' }
        @{ Splat = @{ ClientId = 'apikey-missing', $null }; Id = 'ApiTokenNotFoundByClientId' }
        @{ Splat = @{ Guid = '00000000-0000-0000-0000-000000000000', $null }; Id = 'ApiTokenNotFoundByGuid' }
    ) {
        if ($Splat.ContainsKey('ClientId')) { $Splat.ClientId = 'apikey-missing', $script:Token.ClientId }
        if ($Splat.ContainsKey('Guid')) { $Splat.Guid = '00000000-0000-0000-0000-000000000000', $script:Token.Guid }
        $found = @(Get-AtlanApiToken @Splat -ErrorVariable failed -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 1
        $found[0].Guid | Should -Be $script:Token.Guid
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be "$Id,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand"
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows a table with ExpiresAt as a date or never' {
        $table = Get-AtlanApiToken -Name 'lookup-me', 'emulator-admin' | Format-Table | Out-String -Width 200
        $table | Should -BeLike '*DisplayName*Personas*ExpiresAt*CreatedAt*'
        $table | Should -BeLike '*emulator-admin*never*'
        $table | Should -BeLike '*lookup-me*Analysts*'
    }
}

Describe 'Set-AtlanApiToken' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Token = New-AtlanApiToken -DisplayName 'to-change' -Description 'before' -Persona 'Data Stewards', 'Analysts'
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It 'changes the description and keeps every persona and the name' {
        $updated = $script:Token | Set-AtlanApiToken -Description 'after' -PassThru
        $updated.Description | Should -Be 'after'
        $stored = (Get-TenantToken -DisplayName 'to-change')[0]
        $stored.description | Should -Be 'after'
        $stored.personaQualifiedNames | Sort-Object | Should -Be (@($script:Stewards, $script:Analysts) | Sort-Object)
        $update = @(Get-ApiRequest -ChangesOnly)
        $update.Count | Should -Be 1
        $update[0].path | Should -Be "/api/service/apikeys/$($script:Token.Guid)"
        ($update[0].body.PSObject.Properties.Name | Sort-Object) | Should -Be @('description', 'displayName', 'personaQualifiedNames', 'personas')
    }

    It 'renames and keeps description and personas' {
        Set-AtlanApiToken -Guid $script:Token.Guid -NewDisplayName 'renamed'
        $stored = (Get-TenantToken -DisplayName 'renamed')[0]
        $stored.description | Should -Be 'before'
        @($stored.personaQualifiedNames).Count | Should -Be 2
    }

    It 'reads the token fresh, so a stale piped object cannot undo a change made meanwhile' {
        Set-AtlanApiToken -Guid $script:Token.Guid -AddPersona 'Finance Readers'
        $script:Token | Set-AtlanApiToken -Description 'stale object'
        (Get-TenantToken -DisplayName 'to-change')[0].personaQualifiedNames | Should -Contain $script:Finance
    }

    It '-Persona replaces the complete set' {
        Set-AtlanApiToken -Name 'to-change' -Persona 'Finance Readers'
        (Get-TenantToken -DisplayName 'to-change')[0].personaQualifiedNames | Should -Be @($script:Finance)
        (Get-TenantToken -DisplayName 'to-change')[0].description | Should -Be 'before'
    }

    It '-Persona @() unlinks all' {
        Set-AtlanApiToken -Guid $script:Token.Guid -Persona @()
        @((Get-TenantToken -DisplayName 'to-change')[0].personaQualifiedNames).Count | Should -Be 0
    }

    It '-Persona $null is refused rather than taken as unlink all' {
        { Set-AtlanApiToken -Guid $script:Token.Guid -Persona $null } | Should -Throw -ErrorId 'PersonaNull,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
        @((Get-TenantToken -DisplayName 'to-change')[0].personaQualifiedNames).Count | Should -Be 2
    }

    It '-AddPersona and -RemovePersona change only what they name' {
        Set-AtlanApiToken -Guid $script:Token.Guid -AddPersona 'Finance Readers' -RemovePersona 'analysts'
        (Get-TenantToken -DisplayName 'to-change')[0].personaQualifiedNames | Sort-Object | Should -Be (@($script:Stewards, $script:Finance) | Sort-Object)
    }

    It 'sends nothing when nothing changes' {
        Set-AtlanApiToken -Guid $script:Token.Guid -AddPersona 'Analysts' -Description 'before'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
    }

    It 'with an unknown persona sends nothing and the token keeps its personas' {
        Set-AtlanApiToken -Guid $script:Token.Guid -AddPersona 'Ghosts' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'PersonaNotFound,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
        @((Get-TenantToken -DisplayName 'to-change')[0].personaQualifiedNames).Count | Should -Be 2
    }

    It '-WhatIf names the personas that would be unlinked and changes nothing' {
        $said = Get-HostText { Set-AtlanApiToken -Guid $script:Token.Guid -Persona 'Finance Readers' -WhatIf }
        $said | Should -BeLike '*UNLINK personas*Data Stewards*Analysts*'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
    }

    It 'refuses -Persona with -AddPersona, and a call that changes nothing' {
        { Set-AtlanApiToken -Guid $script:Token.Guid -Persona 'Analysts' -AddPersona 'Engineering' } | Should -Throw -ErrorId 'PersonaParametersConflict,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        { Set-AtlanApiToken -Guid $script:Token.Guid } | Should -Throw -ErrorId 'NothingToUpdate,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        { Set-AtlanApiToken -Guid $script:Token.Guid -NewDisplayName ' ' } | Should -Throw -ErrorId 'DisplayNameEmpty,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
    }

    It 'with a name two tokens share changes nothing and says how to pick one' {
        New-AtlanApiToken -DisplayName 'to-change' -WarningAction SilentlyContinue | Out-Null
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        Set-AtlanApiToken -Name 'to-change' -Description 'x' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNameAmbiguous,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        $failed[0].Exception.Message | Should -BeLike "*$($script:Token.Guid)*"
        $failed[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Guid*pipeline*'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
    }

    It 'reports a token that no longer exists as ObjectNotFound' {
        Remove-AtlanApiToken -Guid $script:Token.Guid -Force
        $script:Token | Set-AtlanApiToken -Description 'gone' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNotFoundByGuid,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Remove-AtlanApiToken' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Token = New-AtlanApiToken -DisplayName 'to-remove'
    }

    It 'removes by -Guid, and the removed key stops working' {
        $key = $script:Token.AccessToken
        Remove-AtlanApiToken -Guid $script:Token.Guid -Force
        (Get-TenantToken -DisplayName 'to-remove').Count | Should -Be 0
        { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $key } | Should -Throw -ErrorId 'AtlanAuthenticationFailed,AtlanTokens.Cmdlets.ConnectAtlanTenantCommand'
    }

    It 'removes by exact -Name, and refuses a name two tokens share' {
        New-AtlanApiToken -DisplayName 'shared' | Out-Null
        New-AtlanApiToken -DisplayName 'shared' -WarningAction SilentlyContinue | Out-Null
        Remove-AtlanApiToken -Name 'shared' -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNameAmbiguous,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand'
        (Get-TenantToken -DisplayName 'shared').Count | Should -Be 2
        Remove-AtlanApiToken -Name 'to-remove' -Force
        (Get-TenantToken -DisplayName 'to-remove').Count | Should -Be 0
    }

    It 'does nothing with -WhatIf, even with -Force' {
        Remove-AtlanApiToken -Guid $script:Token.Guid -WhatIf -Force
        (Get-TenantToken -DisplayName 'to-remove').Count | Should -Be 1
    }

    It 'without -Force where no one can answer, fails saying to add -Force' {
        $err = { Remove-AtlanApiToken -Guid $script:Token.Guid } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ConfirmationRequired,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*-Force*-Confirm:$false*'
        (Get-TenantToken -DisplayName 'to-remove').Count | Should -Be 1
    }

    It 'removes with -Confirm:$false' {
        Remove-AtlanApiToken -Guid $script:Token.Guid -Confirm:$false
        (Get-TenantToken -DisplayName 'to-remove').Count | Should -Be 0
    }

    It 'reports a GUID that matches nothing as ObjectNotFound and goes on' {
        $other = New-AtlanApiToken -DisplayName 'other'
        '00000000-0000-0000-0000-00000000dead', $other.Guid | ForEach-Object { [pscustomobject]@{ Guid = $_ } } |
            Remove-AtlanApiToken -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNotFoundByGuid,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand'
        (Get-TenantToken -DisplayName 'other').Count | Should -Be 0
    }
}

Describe 'Server answers that are not what they should be' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'surfaces a non-JSON error body with status, excerpt and request id' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind status -Status 500 -Method GET -PathPattern '^/api/service/apikeys$' -Body 'Internal failure: upstream broke' | Out-Null
        Get-AtlanApiToken -Name 'x' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'AtlanServerError,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand'
        $failed[0].Exception.Message | Should -BeLike '*500*Internal failure: upstream broke*request id*'
        $failed[0].Exception.RequestId | Should -Not -BeNullOrEmpty
    }

    It 'surfaces an HTML page as such' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind html -Status 403 -Times 10 | Out-Null
        Get-AtlanApiToken -Name 'x' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].Exception.Message | Should -BeLike '*HTML page*'
    }

    It 'reports a malformed success body as AtlanInvalidResponse' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind malformed -Method GET -PathPattern '^/api/service/apikeys$' | Out-Null
        Get-AtlanApiToken -Name 'x' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'AtlanInvalidResponse,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand'
    }

    It 'a revoked session key stops the pipeline with AtlanAuthenticationFailed' {
        $token = New-AtlanApiToken -DisplayName 'short-lived'
        $asToken = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $token.AccessToken -PassThru
        Connect-TestTenant
        Remove-AtlanApiToken -Guid $token.Guid -Force
        $err = { Get-AtlanPersona -Session $asToken } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'AtlanAuthenticationFailed,AtlanTokens.Cmdlets.GetAtlanPersonaCommand'
        $err.Exception.Message | Should -BeLike '*401*'
    }
}
