# PowerShell-native objects and binding (issue 12), wildcard escaping and GUID normalisation (issue 9): each It is
# one "Why" bullet as a user meets it, asserted on the output objects, the errors and what reached the emulator.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Analytics = '00000000-0000-4000-8000-000000000204'
    $script:AdminGuid = '00000000-0000-4000-8000-000000000001'

    function Get-TokenListQuery {
        # The filters of the token list calls that reached the emulator.
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object { $_.method -eq 'GET' -and $_.path -like '/api/service/apikeys*' } |
            ForEach-Object { $_.query | ConvertTo-Json -Compress -Depth 5 })
    }
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'Binding by property name' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Created = 'ci-1', 'ci-2', 'keep' | New-AtlanApiToken -Description 'native'
    }

    It 'Import-Csv with a Name or a DisplayName column | Get-AtlanApiToken finds each token' -TestCases @(
        @{ Column = 'Name' }, @{ Column = 'DisplayName' }
    ) {
        $csv = Join-Path $TestDrive 'names.csv'
        'ci-1', 'ci-2' | ForEach-Object { [pscustomobject]@{ $Column = $_ } } | Export-Csv $csv -NoTypeInformation
        $found = @(Import-Csv $csv | Get-AtlanApiToken)
        $found.DisplayName | Should -Be @('ci-1', 'ci-2')
        $found.Guid | Should -Be @($script:Created[0].Guid, $script:Created[1].Guid)
    }

    It 'a CSV row (or a token) with Guid, ClientId and DisplayName is found by its GUID, in Get, Set and Remove' {
        $csv = Join-Path $TestDrive 'tokens.csv'
        Get-AtlanApiToken -Name 'ci-*' | Export-Csv $csv -NoTypeInformation
        # Tokens created in the same millisecond list in either order: compare as sets.
        ((Import-Csv $csv | Get-AtlanApiToken).Guid | Sort-Object) | Should -Be (@($script:Created[0].Guid, $script:Created[1].Guid) | Sort-Object)
        (Get-AtlanApiToken -Name 'keep' | Get-AtlanApiToken).Guid | Should -Be $script:Created[2].Guid
        Import-Csv $csv | Set-AtlanApiToken -Description 'from csv'
        (Get-TenantToken -DisplayName 'ci-1')[0].description | Should -Be 'from csv'
        Import-Csv $csv | Remove-AtlanApiToken -Force
        @(Get-TenantToken | Where-Object displayName -Like 'ci-*').Count | Should -Be 0
        @(Get-TenantToken -DisplayName 'keep').Count | Should -Be 1
    }

    It 'a ClientId column binds -ClientId on Get and Remove' {
        $row = [pscustomobject]@{ ClientId = $script:Created[0].ClientId }
        ($row | Get-AtlanApiToken).DisplayName | Should -Be 'ci-1'
        $row | Remove-AtlanApiToken -Force
        @(Get-TenantToken -DisplayName 'ci-1').Count | Should -Be 0
    }

    It 'Get-AtlanApiToken src | New-AtlanApiToken -DisplayName copy keeps the personas' {
        New-AtlanApiToken -DisplayName 'src' -Description 'source' -Persona 'Analysts', 'Engineering' | Out-Null
        $copy = Get-AtlanApiToken -Name 'src' | New-AtlanApiToken -DisplayName 'copy'
        ($copy.Personas.Name | Sort-Object) | Should -Be @('Analysts', 'Engineering')
        $stored = (Get-TenantToken -DisplayName 'copy')[0]
        ($stored.personaQualifiedNames | Sort-Object) | Should -Be (@((Get-PersonaQualifiedName 'Analysts'), (Get-PersonaQualifiedName 'Engineering')) | Sort-Object)
        $stored.description | Should -Be 'source'
    }

    It 'Import-Csv | New-AtlanApiToken links the personas of a Personas column written by Export-Csv ("A; B")' {
        New-AtlanApiToken -DisplayName 'src' -Persona 'Analysts', 'Engineering' | Out-Null
        $csv = Join-Path $TestDrive 'src.csv'
        Get-AtlanApiToken -Name 'src' | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).Personas | Should -Be 'Analysts; Engineering'
        Import-Csv $csv | New-AtlanApiToken -DisplayName 'restored' | Out-Null
        ((Get-TenantToken -DisplayName 'restored')[0].personaQualifiedNames | Sort-Object) |
            Should -Be (@((Get-PersonaQualifiedName 'Analysts'), (Get-PersonaQualifiedName 'Engineering')) | Sort-Object)
        # An explicit -Persona wins over the piped column.
        Import-Csv $csv | New-AtlanApiToken -DisplayName 'explicit' -Persona @() | Out-Null
        @((Get-TenantToken -DisplayName 'explicit')[0].personaQualifiedNames).Count | Should -Be 0
    }

    It 'a name with "; " typed after -Persona is not split' {
        { New-AtlanApiToken -DisplayName 'typed' -Persona 'Analysts; Engineering' -ErrorAction Stop } |
            Should -Throw -ErrorId 'PersonaNotFound*'
        @(Get-TenantToken -DisplayName 'typed').Count | Should -Be 0
    }
}

Describe 'Objects that filter and export cleanly' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:New = New-AtlanApiToken -DisplayName 'with-personas' -Persona 'Analysts', 'Engineering'
        New-AtlanApiToken -DisplayName 'without' | Out-Null
    }

    It '-contains on Personas works by name (and qualified name), also in Where-Object' {
        $token = Get-AtlanApiToken -Name 'with-personas'
        $token.Personas -contains 'Analysts' | Should -BeTrue
        $token.Personas -contains 'analysts' | Should -BeTrue
        $token.Personas -contains (Get-PersonaQualifiedName 'Engineering') | Should -BeTrue
        $token.Personas -contains 'Finance Readers' | Should -BeFalse
        @(Get-AtlanApiToken | Where-Object Personas -contains 'Analysts').DisplayName | Should -Be @('with-personas')
        'Analysts' -in $token.Personas | Should -BeTrue
    }

    It 'Export-Csv of every emitted type has readable columns: lists joined "A; B", never System.String[]' {
        $csv = Join-Path $TestDrive 'all.csv'
        $emitted = @(
            Get-AtlanApiToken
            Get-AtlanPersona
            Get-AtlanConnection
            Get-AtlanCollection -ImpersonationToken (New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice)
            Get-AtlanSession
        )
        @($emitted | Group-Object { $_.GetType().Name }).Count | Should -Be 5
        foreach ($group in $emitted | Group-Object { $_.GetType().Name }) {
            $group.Group | Export-Csv $csv -NoTypeInformation
            $text = Get-Content $csv -Raw
            $text | Should -Not -BeLike '*System.*[[]]*' -Because "$($group.Name) columns must be readable"
            $text | Should -Not -BeLike '*System.Collections*' -Because "$($group.Name) columns must be readable"
        }
        Get-AtlanConnection -Guid $script:Analytics | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).AdminUsers | Should -Be 'bob'
        Get-AtlanConnection -Name production -ConnectorType snowflake | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv).AdminUsers | Should -BeLike 'alice; steward01; steward02; *'
    }

    It 'a token read back has no secret column; only the object New-AtlanApiToken returns carries AccessToken' {
        $script:New.AccessToken | Should -BeOfType ([securestring])
        $read = Get-AtlanApiToken -Name 'with-personas'
        $read.PSObject.Properties.Name | Should -Not -Contain 'AccessToken'
        $csv = Join-Path $TestDrive 'read.csv'
        Get-AtlanApiToken | Export-Csv $csv -NoTypeInformation
        (Get-Content $csv -TotalCount 1) | Should -Not -BeLike '*AccessToken*'
    }

    It 'every emitted object has a Tenant (the base URL), so multi-tenant reports can tell them apart' {
        (Get-AtlanApiToken -Name 'without').Tenant | Should -Be $script:Emulator.Url
        (Get-AtlanPersona -Name 'Analysts').Tenant | Should -Be $script:Emulator.Url
        (Get-AtlanConnection -Guid $script:Analytics).Tenant | Should -Be $script:Emulator.Url
        $script:New.Tenant | Should -Be $script:Emulator.Url
    }

    It 'ConvertTo-Json of every emitted object shows no secret and no session internals' {
        $secret = [System.Net.NetworkCredential]::new('', $script:New.AccessToken).Password
        $objects = @($script:New; Get-AtlanApiToken; Get-AtlanPersona; Get-AtlanConnection; Remove-AtlanApiToken -Name 'without' -Force -PassThru)
        foreach ($object in $objects) {
            $json = ConvertTo-Json -InputObject $object -Depth 10
            $json | Should -Not -BeLike "*$secret*"
            $json | Should -Not -BeLike "*$($script:AdminKeyPlain)*"
            $json | Should -Not -BeLike '*"Session"*'
            $json | Should -Not -BeLike '*Client*Options*'
        }
        (($script:New | ConvertTo-Json -Depth 10 | ConvertFrom-Json).Personas.Name | Sort-Object) | Should -Be @('Analysts', 'Engineering')
    }
}

Describe 'Connect-AtlanTenant -Credential and key normalisation' {
    BeforeEach { Reset-AtlanEmulator -Emulator $script:Emulator }

    It 'connects with a PSCredential whose password is the key (the user name is only a label)' {
        $credential = [pscredential]::new('automation-label', $script:Emulator.AdminApiKey)
        $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -Credential $credential -PassThru
        $session.UserName | Should -Be 'service-account-apikey-00000000-0000-4000-8000-000000000001'
        (Get-AtlanSession).BaseUrl | Should -Be $script:Emulator.Url
        $users = @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -Like '*users/current*')
        $users.Count | Should -BeGreaterThan 0
        (Get-AtlanEmulatorRequest -Emulator $script:Emulator | ConvertTo-Json -Depth 10) | Should -Not -BeLike '*automation-label*' -Because 'the user name is only a label'
    }

    It 'trims surrounding white space from the key on every path: <Path>' -TestCases @(
        @{ Path = 'SecureString' }, @{ Path = 'Credential' }, @{ Path = 'Environment' }
    ) {
        $padded = " `t$($script:AdminKeyPlain)`r`n"
        $secure = ConvertTo-SecureString $padded -AsPlainText -Force
        switch ($Path) {
            'SecureString' { $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $secure -PassThru }
            'Credential' { $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -Credential ([pscredential]::new('x', $secure)) -PassThru }
            'Environment' {
                $env:ATLAN_API_KEY = $padded
                try { $session = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -PassThru } finally { Remove-Item Env:ATLAN_API_KEY }
            }
        }
        $session.UserName | Should -BeLike 'service-account-apikey-*'
    }

    It 'a credential with a blank password is ApiKeyMissing, and nothing is sent' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $blank = [pscredential]::new('label', (ConvertTo-SecureString ' ' -AsPlainText -Force))
        { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -Credential $blank } | Should -Throw -ErrorId 'ApiKeyMissing*'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator).Count | Should -Be 0
    }
}

Describe 'Remove -PassThru, one name selection, errors that say why' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Created = 'ci-1', 'ci-2', 'keep' | New-AtlanApiToken
    }

    It 'Remove-AtlanApiToken -PassThru writes each removed token' {
        $removed = @(Get-AtlanApiToken -Name 'ci-*' | Remove-AtlanApiToken -Force -PassThru)
        ($removed.DisplayName | Sort-Object) | Should -Be @('ci-1', 'ci-2')
        $removed[0] | Should -BeOfType ([AtlanTokens.Model.ApiToken])
        @(Get-TenantToken | Where-Object displayName -Like 'ci-*').Count | Should -Be 0
        @(Remove-AtlanApiToken -Name 'keep' -Force).Count | Should -Be 0 -Because 'without -PassThru nothing is written'
    }

    It '<Command> writes a match once whatever patterns select it' -TestCases @(
        @{ Command = 'Get-AtlanConnection'; Names = @('analytics', 'ana*', '*lytics'); Expected = 1 }
        @{ Command = 'Get-AtlanPersona'; Names = @('Analysts', 'Ana*', '*lysts'); Expected = 1 }
        @{ Command = 'Get-AtlanApiToken'; Names = @('ci-1', 'ci-*', '*-1'); Expected = 2 }
        @{ Command = 'Get-AtlanCollection'; Names = @('Shared analytics', 'Shared*', '*analytics'); Expected = 1 }
    ) {
        $extra = @{}
        if ($Command -eq 'Get-AtlanCollection') { $extra.ImpersonationToken = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice }
        $found = @(& $Command -Name $Names @extra)
        $found.Count | Should -Be $Expected
        @($found.Guid | Select-Object -Unique).Count | Should -Be $Expected
    }

    It 'names piped one by one are written once too' {
        @('analytics', 'ana*' | Get-AtlanConnection).Count | Should -Be 1
    }

    It 'a backtick-escaped name finds the literal name, and the name sent is unescaped' {
        New-AtlanApiToken -DisplayName 'lit[1]' | Out-Null
        New-AtlanApiToken -DisplayName 'lit1' | Out-Null
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $found = @(Get-AtlanApiToken -Name 'lit`[1`]')
        $found.DisplayName | Should -Be @('lit[1]')
        $queries = Get-TokenListQuery
        ($queries -join "`n") | Should -Not -BeLike '*``*'
        ($queries -join "`n") | Should -BeLike '*lit[[]1]*'
        (Get-AtlanPersona -Name 'Ana`*' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'tab completion escapes wildcard characters where -Name reads patterns, and only there' {
        New-AtlanApiToken -DisplayName 'lit[1]' | Out-Null
        New-AtlanApiToken -DisplayName 'lit1' | Out-Null
        $null = Get-AtlanApiToken   # fills the name cache the completer reads
        function Complete([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | Where-Object ListItemText -EQ 'lit[1]').CompletionText
        }
        $pattern = Complete 'Get-AtlanApiToken -Name lit'
        $pattern | Should -Be "'lit``[1``]'"
        $found = @(Invoke-Expression "Get-AtlanApiToken -Name $pattern")
        $found.DisplayName | Should -Be @('lit[1]')
        Complete 'Remove-AtlanApiToken -Name lit' | Should -Be "'lit[1]'"
        Complete 'Get-AtlanTokenGrant -Name lit' | Should -Be "'lit``[1``]'"
    }

    It 'an invalid wildcard pattern is an InvalidWildcardPattern error naming it on <Command>' -TestCases @(
        @{ Command = 'Get-AtlanApiToken' }, @{ Command = 'Get-AtlanPersona' }, @{ Command = 'Get-AtlanConnection' }, @{ Command = 'Get-AtlanCollection' }
    ) {
        $found = & $Command -Name 'x[' -ErrorVariable problems -ErrorAction SilentlyContinue
        $found | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be 'x['
    }

    It 'a GUID in upper case, in braces or with spaces is normalised on <Command>' -TestCases @(
        @{ Command = 'Get-AtlanApiToken'; Kind = 'token' }
        @{ Command = 'Get-AtlanConnection'; Kind = 'connection' }
        @{ Command = 'Set-AtlanApiToken'; Kind = 'token' }
        @{ Command = 'Remove-AtlanApiToken'; Kind = 'token' }
    ) {
        $guid = if ($Kind -eq 'token') { $script:Created[0].Guid } else { $script:Analytics }
        foreach ($form in $guid.ToUpperInvariant(), "{$guid}", "  $guid `t") {
            switch ($Command) {
                'Set-AtlanApiToken' { Set-AtlanApiToken -Guid $form -Description $form.Trim() -PassThru | ForEach-Object Guid | Should -Be $guid }
                'Remove-AtlanApiToken' { Remove-AtlanApiToken -Guid $form -WhatIf }
                default { (& $Command -Guid $form).Guid | Should -Be $guid }
            }
        }
        @(Get-TenantToken -DisplayName 'ci-1').Count | Should -Be 1
    }

    It 'an invalid GUID is an InvalidGuid error and nothing is sent' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        Remove-AtlanApiToken -Guid 'not-a-guid' -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-AtlanApiToken -Guid 'zz' -ErrorVariable +problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 2
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidGuid*'; $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        @(Get-ApiRequest).Count | Should -Be 0
    }

    It '-Name on <Command> is exact, and the error says how to act on a pattern' -TestCases @(
        @{ Command = 'Remove-AtlanApiToken'; Extra = @{ Force = $true } }
        @{ Command = 'Set-AtlanApiToken'; Extra = @{ Description = 'x' } }
    ) {
        & $Command -Name 'ci-*' @Extra -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ApiTokenNotFoundByName*'
        $problems[0].Exception.Message | Should -BeLike '*exact name*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Be "To act on every token matching the pattern, select them first: Get-AtlanApiToken -Name 'ci-*' | $Command"
        @(Get-TenantToken | Where-Object displayName -Like 'ci-*').Count | Should -Be 2
    }

    It 'an unknown -ConnectorType warns with the known ones; a known one without connections is silent' {
        $found = @(Get-AtlanConnection -ConnectorType 'snowflak' -WarningVariable warnings -WarningAction SilentlyContinue)
        $found.Count | Should -Be 0
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*'snowflak' is not a known connector type*snowflake*"
        @(Get-AtlanConnection -ConnectorType 'mysql' -WarningVariable quiet -WarningAction SilentlyContinue).Count | Should -Be 0
        $quiet.Count | Should -Be 0
        @(Get-AtlanConnection -ConnectorType 'snowflake' -WarningVariable quiet2).Count | Should -Be 2
        $quiet2.Count | Should -Be 0
    }
}
