BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'Pipelines' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Created = 'ci-alpha', 'ci-beta', 'ci-gamma', 'keep-me' | New-AtlanApiToken -Description 'pipeline test'
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It 'Get -Name ci-* | Remove -WhatIf removes nothing and says what it would remove' {
        $said = Get-HostText { Get-AtlanApiToken -Name 'ci-*' | Remove-AtlanApiToken -WhatIf }
        # Tokens created in the same millisecond list in either order (the sort is by createdAt only).
        foreach ($name in 'ci-alpha', 'ci-beta', 'ci-gamma') { $said | Should -BeLike "*What if:*'$name'*" }
        $said | Should -Not -BeLike '*keep-me*'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
        @(Get-TenantToken | Where-Object displayName -Like 'ci-*').Count | Should -Be 3
    }

    It 'Get -Name ci-* | Remove -Force removes exactly those' {
        Get-AtlanApiToken -Name 'ci-*' | Remove-AtlanApiToken -Force
        (Get-TenantToken).displayName | Sort-Object | Should -Be @('emulator-admin', 'keep-me')
        @(Get-ApiRequest -ChangesOnly | Where-Object method -EQ 'DELETE').Count | Should -Be 3
    }

    It 'Get -Name ci-* | Set -AddPersona links the persona to each, keeping their descriptions' {
        Get-AtlanApiToken -Name 'ci-*' | Set-AtlanApiToken -AddPersona 'Data Stewards'
        $stewards = Get-PersonaQualifiedName 'Data Stewards'
        foreach ($t in Get-TenantToken | Where-Object displayName -Like 'ci-*') {
            $t.personaQualifiedNames | Should -Be @($stewards)
            $t.description | Should -Be 'pipeline test'
        }
        @((Get-TenantToken -DisplayName 'keep-me')[0].personaQualifiedNames).Count | Should -Be 0
    }

    It 'Export-Csv writes readable columns and no secret; Import-Csv | Remove binds by property name' {
        $csv = Join-Path $TestDrive 'tokens.csv'
        $secret = [System.Net.NetworkCredential]::new('', $script:Created[0].AccessToken).Password
        $script:Created | Export-Csv -Path $csv -NoTypeInformation
        $text = Get-Content $csv -Raw
        $text | Should -Not -BeLike "*$secret*"
        $text | Should -BeLike '*"Guid"*"DisplayName"*"Personas"*'
        Get-AtlanApiToken -Name 'ci-alpha' | Set-AtlanApiToken -AddPersona 'Analysts', 'Engineering'
        Get-AtlanApiToken -Name 'ci-alpha' | Export-Csv -Path $csv -NoTypeInformation
        (Import-Csv $csv).Personas | Should -Be 'Analysts; Engineering'
        Import-Csv $csv | Remove-AtlanApiToken -Force
        (Get-TenantToken -DisplayName 'ci-alpha').Count | Should -Be 0
    }

    It 'ConvertTo-Json shows no secret and no session internals' {
        $secret = [System.Net.NetworkCredential]::new('', $script:Created[0].AccessToken).Password
        $json = $script:Created[0] | ConvertTo-Json -Depth 10
        $json | Should -Not -BeLike "*$secret*"
        $json | Should -Not -BeLike "*$($script:AdminKeyPlain)*"
        $json | Should -Not -BeLike '*Session*'
        # The base URL appears once, as the Tenant property (so multi-tenant reports can tell tokens apart).
        ([regex]::Matches($json, [regex]::Escape($script:Emulator.Url))).Count | Should -Be 1
        ($json | ConvertFrom-Json).Tenant | Should -Be $script:Emulator.Url
        ($json | ConvertFrom-Json).DisplayName | Should -Be 'ci-alpha'
    }

    It 'pipes names into Get and tokens into Set/Remove by value' {
        ('ci-alpha', 'ci-beta' | Get-AtlanApiToken).Count | Should -Be 2
        Get-AtlanApiToken -Name 'keep-me' | Set-AtlanApiToken -Description 'changed' -PassThru | Remove-AtlanApiToken -Force
        (Get-TenantToken -DisplayName 'keep-me').Count | Should -Be 0
    }

    It 'Get -Name | Remove -Force over many pages removes every match, although the listing shifts under it' -TestCases @(
        @{ PageSize = 100 }, @{ PageSize = 500 }
    ) {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 1200 -Prefix 'gone-' | Out-Null
        Get-AtlanApiToken -Name 'gone-*' -PageSize $PageSize | Remove-AtlanApiToken -Force
        @(Get-TenantToken | Where-Object displayName -Like 'gone-*').Count | Should -Be 0
        @(Get-TenantToken).Count | Should -Be 5
    }

    It 'Remove -ThrottleLimit deletes in parallel, reports each failure, and honours rate limits' {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 150 -Prefix 'par-' | Out-Null
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind rateLimit -Method DELETE -Times 10 -RetryAfterSeconds 0 | Out-Null
        $targets = @(Get-AtlanApiToken -Name 'par-*')
        $ghost = [pscustomobject]@{ Guid = '00000000-0000-4000-8000-00000000dead' }
        @($targets[0..74]) + $ghost + @($targets[75..149]) | Remove-AtlanApiToken -Force -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue
        @(Get-TenantToken | Where-Object displayName -Like 'par-*').Count | Should -Be 0
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNotFoundByGuid,AtlanTokens.Cmdlets.RemoveAtlanApiTokenCommand'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object { $_.method -eq 'DELETE' -and $_.status -eq 429 }).Count | Should -Be 10
    }

    It 'Set -ThrottleLimit updates in parallel, keeps every other persona and the descriptions, reports failures in order' {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 120 -Prefix 'pset-' -PersonaQualifiedName (Get-PersonaQualifiedName 'Engineering') | Out-Null
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind rateLimit -Method POST -PathPattern '^/api/service/apikeys/' -Times 8 -RetryAfterSeconds 0 | Out-Null
        $targets = @(Get-AtlanApiToken -Name 'pset-*')
        $ghost = [pscustomobject]@{ Guid = '00000000-0000-4000-8000-00000000beef' }
        $updated = @(@($targets[0..59]) + $ghost + @($targets[60..119]) |
            Set-AtlanApiToken -AddPersona 'Analysts' -ThrottleLimit 4 -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        $updated.Count | Should -Be 120
        ($updated.Guid -join ',') | Should -Be ($targets.Guid -join ',') -Because 'output keeps the pipeline order'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ApiTokenNotFoundByGuid,AtlanTokens.Cmdlets.SetAtlanApiTokenCommand'
        $want = @((Get-PersonaQualifiedName 'Engineering'), (Get-PersonaQualifiedName 'Analysts')) | Sort-Object
        foreach ($t in Get-TenantToken | Where-Object displayName -Like 'pset-*') {
            ($t.personaQualifiedNames | Sort-Object) | Should -Be $want
        }
    }

    It 'a bulk pipeline reuses one connection (one HttpClient per session)' {
        Add-AtlanEmulatorTokens -Emulator $script:Emulator -Count 60 -Prefix 'reuse-' | Out-Null
        Connect-TestTenant
        $null = Get-AtlanEmulatorStats -Emulator $script:Emulator -Clear
        Get-AtlanApiToken -Name 'reuse-*' | Set-AtlanApiToken -AddPersona 'Analysts' -PassThru | Remove-AtlanApiToken -Force
        $stats = Get-AtlanEmulatorStats -Emulator $script:Emulator
        @(Get-TenantToken | Where-Object displayName -Like 'reuse-*').Count | Should -Be 0
        $stats.requests | Should -BeGreaterThan 180
        # One connection for the module's 180+ calls; the test's own control calls may add one or two.
        $stats.connectionsAccepted | Should -BeLessOrEqual 3
    }

    It 'pipes a persona object into -Persona' {
        Set-AtlanApiToken -Guid $script:Created[0].Guid -Persona (Get-AtlanPersona 'Engineering')
        (Get-TenantToken -DisplayName 'ci-alpha')[0].personaQualifiedNames | Should -Be @(Get-PersonaQualifiedName 'Engineering')
    }
}

Describe 'Get-AtlanPersona' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'lists every persona with name and qualified name' {
        $all = @(Get-AtlanPersona)
        $all.Count | Should -Be @((Get-AtlanEmulatorState -Emulator $script:Emulator).personas).Count
        $all[0].QualifiedName | Should -Match '^default/[A-Za-z0-9]{22}$'
    }

    It 'finds by name, wildcard or qualified name; reports a miss as PersonaNotFound' {
        (Get-AtlanPersona 'analysts').Name | Should -Be 'Analysts'
        (Get-AtlanPersona 'Fin*').Name | Should -Be 'Finance Readers'
        (Get-AtlanPersona (Get-PersonaQualifiedName 'Engineering')).Name | Should -Be 'Engineering'
        Get-AtlanPersona 'Nobody' -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'PersonaNotFound,AtlanTokens.Cmdlets.GetAtlanPersonaCommand'
    }

    It 'completes token names for -Name, quoting those that need it' {
        New-AtlanApiToken -DisplayName 'complete me' | Out-Null
        New-AtlanApiToken -DisplayName 'completion-two' | Out-Null
        foreach ($command in 'Get-AtlanApiToken -Name comp', 'Remove-AtlanApiToken -Name comp', 'Set-AtlanApiToken -Name comp') {
            $matches = [System.Management.Automation.CommandCompletion]::CompleteInput($command, $command.Length, $null).CompletionMatches
            $matches.CompletionText | Should -Be @("'complete me'", 'completion-two')
        }
    }

    It 'completes persona names for -Persona' {
        $line = "Set-AtlanApiToken -Guid x -AddPersona Data"
        $completions = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches
        $completions.CompletionText | Should -Contain "'Data Stewards'"
    }
}

# Issue 18: a CSV with a DisplayName column (what Get-AtlanApiToken | Export-Csv writes) identifies the tokens to change;
# a rename is -NewDisplayName.
Describe 'Set-AtlanApiToken from CSV' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Created = 'csv-one', 'csv-two', 'csv-keep' | New-AtlanApiToken -Description 'before'
        $script:Csv = Join-Path ([IO.Path]::GetTempPath()) ("atlantokens-set-" + [guid]::NewGuid() + '.csv')
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }
    AfterEach { Remove-Item $script:Csv -ErrorAction SilentlyContinue }

    It 'a DisplayName column binds the token to change (exact name)' {
        'csv-one', 'csv-two' | ForEach-Object { [pscustomobject]@{ DisplayName = $_ } } | Export-Csv $script:Csv -NoTypeInformation
        Import-Csv $script:Csv | Set-AtlanApiToken -Description 'from csv' -ErrorAction Stop
        (Get-TenantToken -DisplayName 'csv-one').description | Should -Be 'from csv'
        (Get-TenantToken -DisplayName 'csv-two').description | Should -Be 'from csv'
        (Get-TenantToken -DisplayName 'csv-keep').description | Should -Be 'before'
    }

    It 'a Name column binds the same way' {
        [pscustomobject]@{ Name = 'csv-two' } | Export-Csv $script:Csv -NoTypeInformation
        Import-Csv $script:Csv | Set-AtlanApiToken -Description 'by name' -ErrorAction Stop
        (Get-TenantToken -DisplayName 'csv-two').description | Should -Be 'by name'
    }

    It 'an exported token list goes back in (found by its Guid column), and -NewDisplayName renames' {
        Get-AtlanApiToken -Name 'csv-one' | Export-Csv $script:Csv -NoTypeInformation
        Import-Csv $script:Csv | Set-AtlanApiToken -NewDisplayName 'csv-one-renamed' -ErrorAction Stop
        @(Get-TenantToken -DisplayName 'csv-one-renamed').Count | Should -Be 1
        (Get-TenantToken -DisplayName 'csv-one-renamed').id | Should -Be $script:Created[0].Guid
        @(Get-TenantToken -DisplayName 'csv-one').Count | Should -Be 0
    }

    It '-DisplayName with -Guid is refused (NameWithOtherIdentity) and points to -NewDisplayName; nothing is sent' {
        $failure = $null
        try { Set-AtlanApiToken -Guid $script:Created[0].Guid -DisplayName 'new name' } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'NameWithOtherIdentity,*'
        $failure.ErrorDetails.RecommendedAction | Should -Be "To rename the token, use -NewDisplayName 'new name'."
        @(Get-ApiRequest).Count | Should -Be 0
    }

    It 'a piped token with -DisplayName (the old rename) is refused too, before anything changes' {
        $failure = $null
        try { Get-AtlanApiToken -Name 'csv-one' | Set-AtlanApiToken -DisplayName 'csv-renamed' -Description 'changed' } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'NameWithOtherIdentity,*'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike '*-NewDisplayName*csv-renamed*'
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
        (Get-TenantToken -DisplayName 'csv-one').description | Should -Be 'before'
    }
}
