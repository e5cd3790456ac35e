# Grants (issue 3): the seed page's three scenarios by name and through the pipeline, every error id, and the
# emulator's state afterwards.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    $script:AdminUser = 'service-account-apikey-00000000-0000-4000-8000-000000000001'
    $script:DevBigQuery = '00000000-0000-4000-8000-000000000201'
    $script:DevSnowflake = '00000000-0000-4000-8000-000000000202'
    $script:Production = '00000000-0000-4000-8000-000000000203'
    $script:Analytics = '00000000-0000-4000-8000-000000000204'
    $script:MyQueries = '00000000-0000-4000-8000-000000000301'

    # The whole grant suite runs with the search index 1 s behind the store, as on a real tenant (contract
    # "Atlas behaviours"): grants must read what they overwrite from the stored asset.
    function Reset-GrantTenant {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Set-AtlanEmulatorIndexLag -Emulator $script:Emulator -Milliseconds 1000
    }

    function Get-Bearer([string] $User, [int] $ExpiresInSeconds = 3600) {
        New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName $User -ExpiresInSeconds $ExpiresInSeconds
    }

    function Get-Asset([string] $Guid) {
        $state = Get-AtlanEmulatorState -Emulator $script:Emulator
        @($state.connections) + @($state.collections) | Where-Object guid -EQ $Guid
    }

    function Get-AdminUsers([string] $Guid) { @((Get-Asset $Guid).attributes.adminUsers) }
    function Get-ViewerUsers([string] $Guid) { @((Get-Asset $Guid).attributes.viewerUsers) }

    function Get-Saves { @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -Like '/api/meta/entity/bulk*') }
    function Get-ApiCalls { @(Get-AtlanEmulatorRequest -Emulator $script:Emulator) }

    function New-CiTokens {
        'ci-alpha', 'ci-beta' | ForEach-Object { New-AtlanApiToken -DisplayName $_ -Description 'grant tests' }
    }
}

AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'Get-AtlanConnection' {
    BeforeAll { Reset-GrantTenant; Connect-TestTenant }

    It 'lists every connection with its connector type and admins' {
        $all = @(Get-AtlanConnection)
        $all.Count | Should -Be 6
        ($all | Where-Object Name -EQ 'production').AdminUsers.Count | Should -Be 50
        ($all | Where-Object Name -EQ 'legacy-warehouse').AdminGroups | Should -Be @('platform-admins')
    }

    It 'finds by exact name, by wildcard, by connector type and by GUID' {
        @(Get-AtlanConnection -Name development).ConnectorType | Sort-Object | Should -Be @('bigquery', 'snowflake')
        (Get-AtlanConnection -Name development -ConnectorType bigquery).Guid | Should -Be $script:DevBigQuery
        @(Get-AtlanConnection -Name 'dev*', 'prod*').Count | Should -Be 3
        @(Get-AtlanConnection -ConnectorType snowflake).Name | Sort-Object | Should -Be @('development', 'production')
        (Get-AtlanConnection -Guid $script:Analytics).Name | Should -Be 'analytics'
    }

    It 'sends the exact name search the contract names' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $null = Get-AtlanConnection -Name development -ConnectorType bigquery
        $filter = (Get-ApiCalls)[0].body.dsl.query.bool.filter
        @($filter | ForEach-Object { $_.term.PSObject.Properties.Name }) | Should -Be @('__typeName.keyword', 'name.keyword', 'connectorName', '__state')
        @($filter | ForEach-Object { $_.term.PSObject.Properties.Value.value }) | Should -Be @('Connection', 'development', 'bigquery', 'ACTIVE')
    }

    It 'reports ConnectionNotFound for an unknown name or name and type' {
        Get-AtlanConnection -Name nope -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound,*'
        Get-AtlanConnection -Name development -ConnectorType redshift -ErrorAction SilentlyContinue -ErrorVariable err2 | Should -BeNullOrEmpty
        $err2[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-AtlanCollection' {
    BeforeAll { Reset-GrantTenant; Connect-TestTenant }

    It 'sees nothing with the API token alone and says why' {
        Get-AtlanCollection -Name 'My query collection' -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CollectionNotFound,*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*-ImpersonationToken*'
    }

    It 'sees what the impersonation token''s user sees' {
        $alice = Get-Bearer alice
        @(Get-AtlanCollection -ImpersonationToken $alice).Count | Should -Be 3
        $bob = Get-Bearer bob
        @(Get-AtlanCollection -ImpersonationToken $bob).Name | Sort-Object | Should -Be @('Finance queries', 'Shared analytics')
        $mine = Get-AtlanCollection -Name 'My query collection' -ImpersonationToken $alice
        $mine.AdminUsers | Should -Be @('alice')
        $mine.ViewerUsers | Should -Be @('carol')
        (Get-AtlanCollection -Guid $script:MyQueries -ImpersonationToken $alice).Name | Should -Be 'My query collection'
    }
}

Describe 'Add-AtlanTokenConnectionAdmin (seed page: "Add API token as connection admin")' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
    }

    It 'adds the session''s own token by name and connector type, as alice' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $result = Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice
        $result.Status | Should -Be 'Added'
        $result.Right | Should -Be 'ConnectionAdmin'
        $result.AssetType | Should -Be 'Connection'
        $result.AssetName | Should -Be 'development'
        $result.QualifiedName | Should -Be 'default/bigquery/1700000201'
        $result.AssetGuid | Should -Be $script:DevBigQuery
        $result.Username | Should -Be $script:AdminUser
        $result.AdminUsers | Should -Be @('alice', $script:AdminUser)
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice', $script:AdminUser)
        Get-AdminUsers $script:DevSnowflake | Should -Be @('alice')

        $calls = Get-ApiCalls
        @($calls | ForEach-Object { "$($_.method) $($_.path) $($_.caller)" }) | Should -Be @(
            "GET /api/service/users/current $($script:AdminUser)"
            'POST /api/meta/search/indexsearch alice'
            "GET /api/meta/entity/guid/$($script:DevBigQuery) alice"
            "GET /api/meta/entity/guid/$($script:DevBigQuery) alice"
            'POST /api/meta/entity/bulk alice'
            "GET /api/meta/entity/guid/$($script:DevBigQuery) alice")
        # One search finds it by name; the lists come from the stored asset (read, re-read under the lock, checked after the save).
        @($calls | Where-Object path -Like '/api/meta/entity/guid/*' | ForEach-Object { $_.query.minExtInfo + ',' + $_.query.ignoreRelationships }) | Select-Object -Unique | Should -Be 'true,true'
        $save = $calls[4].body.entities
        @($save).Count | Should -Be 1
        $save[0].typeName | Should -Be 'Connection'
        $save[0].guid | Should -Match '^-\d{16}$'
        @($save[0].attributes.PSObject.Properties.Name) | Should -Be @('qualifiedName', 'name', 'adminUsers')
        $calls[1].body.dsl.query.bool.filter.term.'name.keyword'.value | Should -Be 'development'
    }

    It 'adds piped tokens to a connection object with ONE save' {
        $tokens = New-CiTokens
        $connection = Get-AtlanConnection -Name development -ConnectorType bigquery
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $results = @(Get-AtlanApiToken -Name 'ci-*' | Add-AtlanTokenConnectionAdmin -Connection $connection -ImpersonationToken $script:Alice)
        $results.Count | Should -Be 2
        $results.Status | Should -Be @('Added', 'Added')
        (Get-Saves).Count | Should -Be 1
        @(Get-ApiCalls | Where-Object path -EQ '/api/service/users/current').Count | Should -Be 0
        Get-AdminUsers $script:DevBigQuery | Sort-Object | Should -Be (@('alice') + $tokens.Username | Sort-Object)
    }

    It 'takes the connection from the pipeline and -Token by parameter' {
        $tokens = New-CiTokens
        $results = @(Get-AtlanConnection -Name development | Add-AtlanTokenConnectionAdmin -Token $tokens[0] -ImpersonationToken $script:Alice)
        $results.Count | Should -Be 2
        $results.AssetGuid | Sort-Object | Should -Be @($script:DevBigQuery, $script:DevSnowflake)
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice', $tokens[0].Username)
        Get-AdminUsers $script:DevSnowflake | Should -Be @('alice', $tokens[0].Username)
    }

    It 'keeps every one of the 50 admins of production, in order' {
        $before = Get-AdminUsers $script:Production
        $before.Count | Should -Be 50
        $tokens = New-CiTokens
        $null = $tokens | Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice
        $after = Get-AdminUsers $script:Production
        $after.Count | Should -Be 52
        $after[0..49] | Should -Be $before
        $after[50..51] | Should -Be $tokens.Username
    }

    It 'says AlreadyPresent and sends no save when the token is already an admin' {
        $null = Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $again = Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice
        $again.Status | Should -Be 'AlreadyPresent'
        $again.AdminUsers.Count | Should -Be 51
        (Get-Saves).Count | Should -Be 0
    }

    It 'adds only the missing ones of several tokens, still with one save' {
        $tokens = New-CiTokens
        $null = $tokens[0] | Add-AtlanTokenConnectionAdmin -Guid $script:Analytics -ImpersonationToken (Get-Bearer bob)
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $results = @($tokens | Add-AtlanTokenConnectionAdmin -Guid $script:Analytics -ImpersonationToken (Get-Bearer bob))
        ($results | Where-Object Username -EQ $tokens[0].Username).Status | Should -Be 'AlreadyPresent'
        ($results | Where-Object Username -EQ $tokens[1].Username).Status | Should -Be 'Added'
        (Get-Saves).Count | Should -Be 1
        Get-AdminUsers $script:Analytics | Should -Be @('bob', $tokens[0].Username, $tokens[1].Username)
    }

    It 'takes -Guid in upper case, in braces or with spaces, and refuses a non-GUID with InvalidGuid' {
        $result = Add-AtlanTokenConnectionAdmin -Guid (' {' + $script:Analytics.ToUpperInvariant() + '} ') -ImpersonationToken (Get-Bearer bob)
        $result.Status | Should -Be 'Added'
        $result.AssetGuid | Should -Be $script:Analytics
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $err = $null
        Add-AtlanTokenConnectionAdmin -Guid 'not-a-guid' -ImpersonationToken $script:Alice -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidGuid,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-Saves).Count | Should -Be 0
    }

    It 'exports grant results to CSV with readable user lists' {
        $result = Add-AtlanTokenConnectionAdmin -Guid $script:Analytics -ImpersonationToken (Get-Bearer bob)
        $row = $result | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.AdminUsers | Should -Be "bob; $($script:AdminUser)"
        $row.Status | Should -Be 'Added'
        $result.AdminUsers -contains 'bob' | Should -BeTrue
    }

    It 'changes nothing with -WhatIf' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -WhatIf | Should -BeNullOrEmpty
        (Get-Saves).Count | Should -Be 0
        (Get-AdminUsers $script:Production).Count | Should -Be 50
    }

    It 'completes connection names and connector types' {
        $null = Get-AtlanConnection
        $names = (TabExpansion2 -inputScript 'Add-AtlanTokenConnectionAdmin -Name dev' -cursorColumn 39).CompletionMatches.CompletionText
        $names | Should -Be @('development')
        $line = 'Add-AtlanTokenConnectionAdmin -Name development -ConnectorType '
        $types = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $types[0..1] | Should -Be @('bigquery', 'snowflake')
        $types | Should -Contain 'databricks'
    }
}

Describe 'Add-AtlanTokenCollectionEditor (seed page: "Add API token as collection editor")' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
    }

    It 'adds the session''s own token by name, as alice, leaving the viewers alone' {
        $result = Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken $script:Alice
        $result.Status | Should -Be 'Added'
        $result.Right | Should -Be 'CollectionEditor'
        $result.AssetType | Should -Be 'Collection'
        $result.AdminUsers | Should -Be @('alice', $script:AdminUser)
        $result.ViewerUsers | Should -BeNullOrEmpty
        Get-AdminUsers $script:MyQueries | Should -Be @('alice', $script:AdminUser)
        Get-ViewerUsers $script:MyQueries | Should -Be @('carol')
    }

    It 'adds piped tokens to a piped-in collection object with one save' {
        $tokens = New-CiTokens
        $collection = Get-AtlanCollection -Name 'My query collection' -ImpersonationToken $script:Alice
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $results = @($tokens | Add-AtlanTokenCollectionEditor -Collection $collection -ImpersonationToken $script:Alice)
        $results.Status | Should -Be @('Added', 'Added')
        (Get-Saves).Count | Should -Be 1
        Get-AdminUsers $script:MyQueries | Should -Be (@('alice') + $tokens.Username)
        (Get-Saves)[0].body.entities[0].typeName | Should -Be 'Collection'
    }

    It 'takes the collection itself from the pipeline' {
        $result = Get-AtlanCollection -Name 'My query collection' -ImpersonationToken $script:Alice | Add-AtlanTokenCollectionEditor -ImpersonationToken $script:Alice
        $result.Status | Should -Be 'Added'
        Get-AdminUsers $script:MyQueries | Should -Be @('alice', $script:AdminUser)
    }

    It 'completes collection names as the impersonation token''s user sees them' {
        $line = 'Add-AtlanTokenCollectionEditor -ImpersonationToken $script:Alice -Name My'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'My query collection'")
    }
}

Describe 'Add-AtlanTokenCollectionViewer (seed page: "Add API token as collection viewer")' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
    }

    It 'adds the session''s own token as viewer by name, keeping the editors and viewers' {
        $result = Add-AtlanTokenCollectionViewer -Name 'My query collection' -ImpersonationToken $script:Alice
        $result.Status | Should -Be 'Added'
        $result.Right | Should -Be 'CollectionViewer'
        $result.ViewerUsers | Should -Be @('carol', $script:AdminUser)
        $result.AdminUsers | Should -BeNullOrEmpty
        Get-ViewerUsers $script:MyQueries | Should -Be @('carol', $script:AdminUser)
        Get-AdminUsers $script:MyQueries | Should -Be @('alice')
        (Get-Saves)[0].body.entities[0].attributes.PSObject.Properties.Name | Should -Be @('qualifiedName', 'name', 'viewerUsers')
    }

    It 'adds piped tokens as viewers through the pipeline' {
        $tokens = New-CiTokens
        $results = @(Get-AtlanApiToken -Name 'ci-*' | Add-AtlanTokenCollectionViewer -Name 'Shared analytics' -ImpersonationToken (Get-Bearer carol))
        $results.Status | Should -Be @('Added', 'Added')
        $viewers = Get-ViewerUsers '00000000-0000-4000-8000-000000000303'
        $viewers[0..1] | Should -Be @('alice', 'bob')
        $viewers[2..3] | Sort-Object | Should -Be ($tokens.Username | Sort-Object)
    }

    It 'says AlreadyPresent for a viewer already there' {
        $null = Add-AtlanTokenCollectionViewer -Guid $script:MyQueries -ImpersonationToken $script:Alice
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        (Add-AtlanTokenCollectionViewer -Guid $script:MyQueries -ImpersonationToken $script:Alice).Status | Should -Be 'AlreadyPresent'
        (Get-Saves).Count | Should -Be 0
    }
}

Describe 'Grant errors (nothing changes on the tenant)' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
        $script:StateBefore = Get-AtlanEmulatorState -Emulator $script:Emulator | ConvertTo-Json -Depth 10
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It 'ImpersonationTokenExpired: says when, how to get a fresh one, and sends nothing' {
        $expired = Get-Bearer alice -ExpiresInSeconds -600
        $err = { Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $expired } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImpersonationTokenExpired,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'expired at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, 1\d min ago'
        # Issue 18: the browser steps live in about_AtlanTokens; the error names whose token and points there.
        $err.ErrorDetails.RecommendedAction | Should -BeLike "*bearer token of a user who is already a connection admin*Get-Help about_AtlanTokens, section 'The bearer-token catch-22'*"
        $err.ErrorDetails.RecommendedAction | Should -Not -BeLike '*Developer Tools*'
        (Get-Help about_AtlanTokens | Out-String -Width 250) | Should -BeLike '*The bearer-token catch-22*Developer Tools*indexsearch*Copy as cURL*Bearer*'
        Get-ApiCalls | Should -BeNullOrEmpty
    }

    It 'warns when the impersonation token expires within 5 minutes' {
        $soon = Get-Bearer alice -ExpiresInSeconds 120
        $result = Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $soon -WarningVariable warned -WarningAction SilentlyContinue
        $result.Status | Should -Be 'Added'
        $warned[0].Message | Should -BeLike '*expires at * UTC, in *'
    }

    It 'ImpersonationTokenRejected: a malformed token is refused before any call' {
        $bad = ConvertTo-SecureString 'Bearer eyJhbGciOi.x.y' -AsPlainText -Force
        $err = { Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $bad } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImpersonationTokenRejected,*'
        $err.Exception.Message | Should -BeLike "*starts with 'Bearer '*"
        $err.Exception.Message | Should -Not -BeLike '*eyJhbGciOi*'
        Get-ApiCalls | Should -BeNullOrEmpty
    }

    It 'ImpersonationTokenRejected: a token the tenant answers 401 to' {
        $unknown = ConvertTo-SecureString 'not-a-user-token-0123456789' -AsPlainText -Force
        $err = { Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $unknown } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImpersonationTokenRejected,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike '*401*'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -BeLike '*not-a-user-token-0123456789*'
        (Get-Saves).Count | Should -Be 0
        Get-AtlanSession | Should -Not -BeNullOrEmpty
    }

    It 'ImpersonationTokenRejected from every cmdlet that takes -ImpersonationToken: <Line>' -TestCases @(
        @{ Line = 'Remove-AtlanTokenConnectionAdmin -Name production -Force' }
        @{ Line = 'Add-AtlanTokenCollectionViewer -Name ''My query collection''' }
        @{ Line = 'Get-AtlanCollection' }
        @{ Line = 'Get-AtlanTokenGrant' }
    ) {
        $unknown = ConvertTo-SecureString 'not-a-user-token-0123456789' -AsPlainText -Force
        $err = { & ([scriptblock]::Create("$Line -ImpersonationToken `$args[0]")) $unknown } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImpersonationTokenRejected,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        (Get-Saves).Count | Should -Be 0
        Get-AtlanSession | Should -Not -BeNullOrEmpty
    }

    It 'GrantPermissionDenied: bob is not a connection admin of development; says which right and that the token cannot grant it' {
        Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken (Get-Bearer bob) -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GrantPermissionDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.Message | Should -BeLike '*only a connection admin of it may, and an API token cannot grant this right to itself*'
        # Each fact once (issue 18): the right needed is stated once by the module, the steps are in about_AtlanTokens.
        ([regex]::Matches($err[0].Exception.Message, 'must be of|which is the right needed')).Count | Should -Be 0
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*connection admin*about_AtlanTokens*'
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeLike '*Developer Tools*'
        Get-AtlanEmulatorState -Emulator $script:Emulator | ConvertTo-Json -Depth 10 | Should -Be $script:StateBefore
    }

    It 'GrantPermissionDenied: carol only views My query collection, so cannot add editors' {
        Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken (Get-Bearer carol) -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GrantPermissionDenied,*'
        $err[0].Exception.Message | Should -BeLike '*not an editor*'
        Get-AtlanEmulatorState -Emulator $script:Emulator | ConvertTo-Json -Depth 10 | Should -Be $script:StateBefore
    }

    It 'GrantPermissionDenied: the API token itself used as impersonation token cannot add itself' {
        Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $script:Emulator.AdminApiKey -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GrantPermissionDenied,*'
        (Get-AdminUsers $script:Production).Count | Should -Be 50
    }

    It 'ConnectionNotFound by name, and by name and connector type' {
        Add-AtlanTokenConnectionAdmin -Name nope -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Add-AtlanTokenConnectionAdmin -Name development -ConnectorType redshift -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err2 | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound,*'
        $err2[0].Exception.Message | Should -BeLike "*'development' of connector type 'redshift'*"
        Add-AtlanTokenConnectionAdmin -Guid $script:MyQueries -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err3 | Should -BeNullOrEmpty
        $err3[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound,*'
        (Get-Saves).Count | Should -Be 0
    }

    It 'ConnectionNameAmbiguous: lists both development connections with types and GUIDs, changes nothing' {
        Add-AtlanTokenConnectionAdmin -Name development -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNameAmbiguous,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*bigquery*$($script:DevBigQuery)*snowflake*$($script:DevSnowflake)*Nothing was changed*"
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*-ConnectorType*'
        (Get-Saves).Count | Should -Be 0
        Get-AtlanEmulatorState -Emulator $script:Emulator | ConvertTo-Json -Depth 10 | Should -Be $script:StateBefore
    }

    It 'CollectionNotFound: an unknown name, and one the user cannot see' {
        Add-AtlanTokenCollectionViewer -Name 'No such collection' -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CollectionNotFound,*'
        Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken (Get-Bearer bob) -ErrorAction SilentlyContinue -ErrorVariable err2 | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'CollectionNotFound,*'
        Add-AtlanTokenCollectionEditor -Guid $script:MyQueries -ImpersonationToken (Get-Bearer bob) -ErrorAction SilentlyContinue -ErrorVariable err3 | Should -BeNullOrEmpty
        $err3[0].FullyQualifiedErrorId | Should -BeLike 'CollectionNotFound,*'
        (Get-Saves).Count | Should -Be 0
    }

    # End-to-end real-time check: the save is held 3 s of real time while a thread job deletes the connection.
    It 'AssetNotFound: the connection is deleted between the search and the save' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        # The save is held for 3 s; meanwhile the connection is deleted, as soon as the read by GUID has been answered.
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind delay -DelayMs 3000 -Method POST -PathPattern '^/api/meta/entity/bulk' | Out-Null
        $job = Start-ThreadJob -ArgumentList $script:Emulator, $script:RepoRoot, $script:Production -ScriptBlock {
            param($emulator, $root, $guid)
            Import-Module (Join-Path $root 'tools/AtlanEmulator.psm1')
            'ready'
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ([DateTime]::UtcNow -lt $deadline) {
                $reads = @(Get-AtlanEmulatorRequest -Emulator $emulator | Where-Object { $_.path -eq "/api/meta/entity/guid/$guid" })
                if ($reads.Count -gt 0) { Remove-AtlanEmulatorAsset -Emulator $emulator -Guid $guid; return 'deleted' }
                Start-Sleep -Milliseconds 50
            }
            'timed out'
        }
        # The job starts (and loads its module) before the 3 s hold begins, so a loaded machine does not eat the hold.
        while ($job.Output.Count -eq 0 -and $job.State -in 'NotStarted', 'Running') { Start-Sleep -Milliseconds 20 }
        Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $job | Wait-Job | Receive-Job | Should -Be 'ready', 'deleted'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AssetNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*deleted*nothing was changed*'
        (Get-Saves).Count | Should -Be 1
        (Get-Asset $script:Production).attributes.adminUsers.Count | Should -Be 50
    }

    It 'GrantNotConfirmed: a save answered 200 whose mutatedEntities.UPDATE does not list the token' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind status -Status 200 -Method POST -PathPattern '^/api/meta/entity/bulk' -Body '{"mutatedEntities":{"UPDATE":[]},"guidAssignments":{}}' | Out-Null
        Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GrantNotConfirmed,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        (Get-Saves).Count | Should -Be 1
    }

    It 'InvalidTokenInput: a piped object that is not a token is reported, the real token is still added' {
        $token = New-AtlanApiToken -DisplayName 'ci-real'
        $results = @('service-account-x', $token, (Get-Date) | Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err)
        $err.Count | Should -Be 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidTokenInput,*' }
        $err[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $results.Username | Should -Be @($token.Username)
        Get-AdminUsers $script:Production | Select-Object -Last 1 | Should -Be $token.Username
    }

    It 'InvalidTokenInput only: nothing valid piped means nothing is granted (not the session''s token)' {
        'just-a-string' | Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTokenInput,*'
        Get-ApiCalls | Should -BeNullOrEmpty
    }

    It 'NoAtlanSession: without a session (no API key) it says to connect first' {
        Disconnect-AtlanTenant
        $err = { Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NoAtlanSession,*'
        Get-ApiCalls | Should -BeNullOrEmpty
    }

    It 'AtlanAuthenticationFailed: the session''s own API key was revoked, so its username cannot be read' {
        $token = New-AtlanApiToken -DisplayName 'short-lived'
        $adminSession = Get-AtlanSession
        Connect-TestTenant -ApiKey $token.AccessToken
        Remove-AtlanApiToken -Guid $token.Guid -Force -Session $adminSession
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $err = { Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'AtlanAuthenticationFailed,*'
        @(Get-ApiCalls).path | Should -Be @('/api/service/users/current')
    }

    It 'the save of an unknown outcome (connection dropped after commit) is re-read, not resent' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind dropAfterCommit -Method POST -PathPattern '^/api/meta/entity/bulk' | Out-Null
        $result = Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice
        $result.Status | Should -Be 'Added'
        (Get-Saves).Count | Should -Be 1
        (Get-AdminUsers $script:Production).Count | Should -Be 51
    }

    It 'a save dropped before it was applied is re-read, then sent once more' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind drop -Method POST -PathPattern '^/api/meta/entity/bulk' | Out-Null
        $result = Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice
        $result.Status | Should -Be 'Added'
        (Get-Saves).Count | Should -Be 2
        Get-AdminUsers $script:Production | Select-Object -Last 1 | Should -Be $script:AdminUser
        (Get-AdminUsers $script:Production).Count | Should -Be 51
    }

    It 'never shows the impersonation token in any stream, error, result or request log' {
        $plain = [System.Net.NetworkCredential]::new('', $script:Alice).Password
        $everything = & {
            Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $script:Alice -Verbose -Debug -ErrorAction Continue
            Add-AtlanTokenConnectionAdmin -Name analytics -ImpersonationToken $script:Alice -Verbose -Debug -ErrorAction Continue
            Add-AtlanTokenConnectionAdmin -Name development -ImpersonationToken $script:Alice -Verbose -ErrorAction Continue
            Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $script:Alice -WhatIf
        } *>&1 | Out-String -Width 400
        $everything | Should -BeLike '*may not add connection admins*'
        $everything | Should -Not -BeLike "*$plain*"
        $everything | Should -Not -BeLike "*$($plain.Split('.')[1])*"
        $json = Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $script:Alice | ConvertTo-Json -Depth 5
        $json | Should -Not -BeLike "*$plain*"
        $json | Should -Not -BeLike '*Session*'
        (Get-AtlanEmulatorRequest -Emulator $script:Emulator | ConvertTo-Json -Depth 10) | Should -Not -BeLike "*$plain*"
    }
}

Describe 'Applied but not verified (issue 17): only the check read after an acknowledged save is refused' {
    BeforeEach {
        Reset-GrantTenant
        # No count retries: the check read's 503 is final at once (no real backoff in the test).
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -MaxRetries 0
        $script:Alice = Get-Bearer alice
    }

    AfterEach { Clear-AtlanEmulatorFault -Emulator $script:Emulator }

    It 'warns naming the asset, the token and how to check, still emits the result, writes no error, and the tenant holds the grant' {
        $token = New-AtlanApiToken -DisplayName 'ci-unverified'
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        # The plan's read and the read under the lock pass; the check read after the save is refused.
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind status -Status 503 -Method GET -PathPattern '^/api/meta/entity/guid/' -Skip 2 | Out-Null

        $results = @($token | Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -ErrorVariable err -WarningVariable warn -WarningAction SilentlyContinue)

        $err | Should -BeNullOrEmpty
        @($warn).Count | Should -Be 1
        $warn[0].Message | Should -BeLike "Added 'ci-unverified' ($($token.Username)) to adminUsers of connection 'production' (snowflake, default/snowflake/1700000203)*could not be verified*(AtlanServerError: *)*Get-AtlanTokenGrant -Name ci-unverified, or Get-AtlanConnection -Guid $($script:Production) (its adminUsers)."
        $plain = [System.Net.NetworkCredential]::new('', $script:Alice).Password
        $warn[0].Message | Should -Not -BeLike "*$plain*"
        $results.Count | Should -Be 1
        $results[0].Status | Should -Be 'Added'
        $results[0].Verified | Should -BeFalse
        $results[0].NotVerifiedReason | Should -BeLike 'AtlanServerError: *'
        $results[0].Token | Should -Be 'ci-unverified'
        $results[0].AdminUsers.Count | Should -Be 51
        Get-AdminUsers $script:Production | Select-Object -Last 1 | Should -Be $token.Username
        (Get-AdminUsers $script:Production).Count | Should -Be 51
        @(Get-ApiCalls | ForEach-Object { "$($_.method) $($_.path)" }) | Should -Be @(
            "GET /api/meta/entity/guid/$($script:Production)"
            "GET /api/meta/entity/guid/$($script:Production)"
            'POST /api/meta/entity/bulk'
            "GET /api/meta/entity/guid/$($script:Production)")
    }

    It 'a hostile token name (line break, quotes, U+2019, $(...)) forges no line in the warning, and the check it suggests runs only the look-up it names' {
        $name = "ci-x`r`nWARNING: forged 'it" + [char] 0x2019 + "s' `$(Set-Content pwned.txt x)"
        $token = New-AtlanApiToken -DisplayName $name
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind status -Status 503 -Method GET -PathPattern '^/api/meta/entity/guid/' -Skip 2 | Out-Null

        $results = @($token | Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -ErrorVariable err -WarningVariable warn -WarningAction SilentlyContinue)

        $err | Should -BeNullOrEmpty
        $results[0].Verified | Should -BeFalse
        @($warn).Count | Should -Be 1
        $warn[0].Message | Should -Not -Match "[`r`n]"
        $warn[0].Message | Should -BeLike "Added 'ci-x\u000d\u000aWARNING: forged*"
        # A name that cannot stand on one line is not suggested as -Name: the check goes by the asset's GUID.
        $line = $warn[0].Message.Substring($warn[0].Message.IndexOf('Check it later with ') + 'Check it later with '.Length) -replace ' \(its adminUsers\)\.$', ''
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($line, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $commands = @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true))
        @($commands.GetCommandName()) | Should -Be @('Get-AtlanConnection') -Because $line
        $commands[0].CommandElements[2].Value | Should -Be $script:Production
    }
}

Describe 'Remove-AtlanTokenConnectionAdmin / -CollectionEditor / -CollectionViewer' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
        $script:Tokens = New-CiTokens
        $null = $script:Tokens | Add-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice
        $null = $script:Tokens | Add-AtlanTokenConnectionAdmin -Guid $script:DevSnowflake -ImpersonationToken $script:Alice
        $null = $script:Tokens | Add-AtlanTokenCollectionViewer -Guid $script:MyQueries -ImpersonationToken $script:Alice
        $null = $script:Tokens[0] | Add-AtlanTokenCollectionEditor -Guid $script:MyQueries -ImpersonationToken $script:Alice
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It 'removes piped tokens from a connection given by name and connector type, keeping every other admin, with one save' {
        $results = @($script:Tokens | Remove-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice -Force)
        $results.Status | Should -Be @('Removed', 'Removed')
        $results.Username | Should -Be $script:Tokens.Username
        $results[0].AdminUsers | Should -Be @('alice')
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice')
        Get-AdminUsers $script:DevSnowflake | Should -Be (@('alice') + $script:Tokens.Username)
        (Get-Saves).Count | Should -Be 1
        (Get-Saves)[0].caller | Should -Be 'alice'
    }

    It 'removes one token from every piped connection' {
        $results = @(Get-AtlanConnection -Name development | Remove-AtlanTokenConnectionAdmin -Token $script:Tokens[1] -ImpersonationToken $script:Alice -Confirm:$false)
        $results.Status | Should -Be @('Removed', 'Removed')
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice', $script:Tokens[0].Username)
        Get-AdminUsers $script:DevSnowflake | Should -Be @('alice', $script:Tokens[0].Username)
    }

    It 'says NotPresent and sends no save when the token holds no such right' {
        $results = @($script:Tokens | Remove-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice -Force)
        $results.Status | Should -Be @('NotPresent', 'NotPresent')
        (Get-Saves).Count | Should -Be 0
        (Get-AdminUsers $script:Production).Count | Should -Be 50
    }

    It 'removes the session''s own token by default' {
        $null = Add-AtlanTokenConnectionAdmin -Guid $script:Analytics -ImpersonationToken (Get-Bearer bob)
        (Remove-AtlanTokenConnectionAdmin -Guid $script:Analytics -ImpersonationToken (Get-Bearer bob) -Force).Status | Should -Be 'Removed'
        Get-AdminUsers $script:Analytics | Should -Be @('bob')
    }

    It '-WhatIf says what would be removed and sends nothing' {
        $text = Get-HostText { $script:Tokens | Remove-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice -WhatIf -Force }
        $text | Should -BeLike "*What if*Remove $($script:Tokens[0].Username), $($script:Tokens[1].Username) as connection admin (keeping the 1 other adminUsers)*"
        (Get-Saves).Count | Should -Be 0
        Get-AdminUsers $script:DevBigQuery | Should -Be (@('alice') + $script:Tokens.Username)
    }

    It 'is ConfirmImpact High' {
        (Get-Command Remove-AtlanTokenConnectionAdmin).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        (Get-Command Remove-AtlanTokenCollectionViewer).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'LastAdminProtected: refuses before sending when the token is the only admin left' {
        # alice hands the connection over to the token alone (straight through the API), then asks to remove it.
        $body = @{ entities = @(@{ typeName = 'Connection'; guid = '-1000000000000001'; attributes = @{ qualifiedName = 'default/bigquery/1700000201'; name = 'development'; adminUsers = @($script:Tokens[0].Username) } }) } | ConvertTo-Json -Depth 6
        $plainAlice = [System.Net.NetworkCredential]::new('', $script:Alice).Password
        $null = Invoke-RestMethod -Method Post -Uri "$($script:Emulator.Url)/api/meta/entity/bulk" -Body $body -ContentType 'application/json' -Headers @{ Authorization = "Bearer $plainAlice" }
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator

        $script:Tokens[0] | Remove-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice -Force -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LastAdminProtected,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike "*$($script:Tokens[0].Username)*no admin user, group or role*ATLAS-400-00-114*Nothing was sent*"
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*Add another admin*'
        (Get-Saves).Count | Should -Be 0
        Get-AdminUsers $script:DevBigQuery | Should -Be @($script:Tokens[0].Username)
    }

    It 'removes collection viewers and editors by name and by collection object' {
        (@($script:Tokens | Remove-AtlanTokenCollectionViewer -Name 'My query collection' -ImpersonationToken $script:Alice -Force)).Status | Should -Be @('Removed', 'Removed')
        Get-ViewerUsers $script:MyQueries | Should -Be @('carol')
        $collection = Get-AtlanCollection -Guid $script:MyQueries -ImpersonationToken $script:Alice
        (@($collection | Remove-AtlanTokenCollectionEditor -Token $script:Tokens[0] -ImpersonationToken $script:Alice -Force)).Status | Should -Be 'Removed'
        Get-AdminUsers $script:MyQueries | Should -Be @('alice')
    }

    It 'takes grant objects from Get-AtlanTokenGrant, each for its own asset and token' {
        Set-AtlanEmulatorIndexLag -Emulator $script:Emulator -Milliseconds 1000 # the index catches up with the set-up grants
        $grants = @($script:Tokens | Get-AtlanTokenGrant -ImpersonationToken $script:Alice)
        $results = @($grants | Where-Object Right -EQ ConnectionAdmin | Remove-AtlanTokenConnectionAdmin -ImpersonationToken $script:Alice -Force)
        $results.Count | Should -Be 4
        $results.Status | Select-Object -Unique | Should -Be 'Removed'
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice')
        Get-AdminUsers $script:DevSnowflake | Should -Be @('alice')
        (Get-Saves).Count | Should -Be 2
        $null = $grants | Where-Object Right -EQ CollectionViewer | Remove-AtlanTokenCollectionViewer -ImpersonationToken $script:Alice -Force
        Get-ViewerUsers $script:MyQueries | Should -Be @('carol')
        Get-AdminUsers $script:MyQueries | Should -Be @('alice', $script:Tokens[0].Username)
    }

    It 'GrantRightMismatch: a grant of another right is skipped with an error' {
        Set-AtlanEmulatorIndexLag -Emulator $script:Emulator -Milliseconds 1000
        $viewer = @($script:Tokens[0] | Get-AtlanTokenGrant -ImpersonationToken $script:Alice | Where-Object Right -EQ CollectionViewer)[0]
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $viewer | Remove-AtlanTokenConnectionAdmin -ImpersonationToken $script:Alice -Force -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GrantRightMismatch,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-ApiCalls).Count | Should -Be 0
    }

    It 'ConnectionNotFound for an unknown GUID, and the impersonation token never shows' {
        $script:Tokens | Remove-AtlanTokenConnectionAdmin -Guid '11111111-2222-4333-8444-555555555555' -ImpersonationToken $script:Alice -Force -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound,*'
        $plainAlice = [System.Net.NetworkCredential]::new('', $script:Alice).Password
        ($err | Out-String) | Should -Not -BeLike "*$plainAlice*"
        (Get-Saves).Count | Should -Be 0
    }
}

Describe 'Get-AtlanTokenGrant' {
    BeforeAll {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
        $script:Tokens = New-CiTokens
        $null = $script:Tokens | Add-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice
        $null = $script:Tokens[0] | Add-AtlanTokenCollectionEditor -Guid $script:MyQueries -ImpersonationToken $script:Alice
        $null = $script:Tokens[1] | Add-AtlanTokenCollectionViewer -Guid $script:MyQueries -ImpersonationToken $script:Alice
        $null = Add-AtlanTokenConnectionAdmin -Guid $script:Production -ImpersonationToken $script:Alice
        Set-AtlanEmulatorIndexLag -Emulator $script:Emulator -Milliseconds 1000 # the index catches up with the set-up grants, and lags again
    }

    It 'lists the connections a piped token administers and, with -ImpersonationToken, its collections' {
        $grants = @($script:Tokens[0] | Get-AtlanTokenGrant -ImpersonationToken $script:Alice)
        $grants.Count | Should -Be 2
        $grants[0].AssetType | Should -Be 'Connection'
        $grants[0].Name | Should -Be 'development'
        $grants[0].QualifiedName | Should -Be 'default/bigquery/1700000201'
        $grants[0].Guid | Should -Be $script:DevBigQuery
        $grants[0].ConnectorType | Should -Be 'bigquery'
        $grants[0].Right | Should -Be 'ConnectionAdmin'
        $grants[0].Token | Should -Be 'ci-alpha'
        $grants[0].TokenGuid | Should -Be $script:Tokens[0].Guid
        $grants[0].Username | Should -Be $script:Tokens[0].Username
        $grants[1].AssetType | Should -Be 'Collection'
        $grants[1].Right | Should -Be 'CollectionEditor'
        @($script:Tokens[1] | Get-AtlanTokenGrant -ImpersonationToken $script:Alice).Right | Should -Be @('ConnectionAdmin', 'CollectionViewer')
    }

    It 'without -ImpersonationToken lists connections and warns that collections were not searched' {
        $grants = @(Get-AtlanTokenGrant -Name 'ci-alpha' -WarningVariable warnings -WarningAction SilentlyContinue)
        $grants.Right | Should -Be @('ConnectionAdmin')
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike '*collections were not searched*-ImpersonationToken*'
    }

    It 'takes -Name with wildcards, -Guid, and defaults to the session''s own token' {
        @(Get-AtlanTokenGrant -Name 'ci-*' -WarningAction SilentlyContinue).Token | Sort-Object | Should -Be @('ci-alpha', 'ci-beta')
        @(Get-AtlanTokenGrant -Guid $script:Tokens[1].Guid -WarningAction SilentlyContinue).Token | Should -Be 'ci-beta'
        $own = @(Get-AtlanTokenGrant -WarningAction SilentlyContinue)
        $own.Name | Should -Be 'production'
        $own.Username | Should -Be $script:AdminUser
    }

    It 'does not list a right the index still shows but the stored asset no longer has' {
        $null = $script:Tokens[1] | Remove-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice -Force
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        @($script:Tokens[1] | Get-AtlanTokenGrant -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
        $search = @(Get-ApiCalls | Where-Object path -Like '/api/meta/search/*')[0]
        $search.body.dsl.query.bool.filter.term.adminUsers.value | Should -Be $script:Tokens[1].Username
        @(Get-ApiCalls | Where-Object path -EQ "/api/meta/entity/guid/$($script:DevBigQuery)").Count | Should -Be 1
    }

    It 'ApiTokenNotFoundByName for an exact name that matches nothing' {
        Get-AtlanTokenGrant -Name 'no-such-token' -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ApiTokenNotFoundByName,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'writes objects that ConvertTo-Json shows without session or secrets' {
        $json = @(Get-AtlanTokenGrant -Name 'ci-alpha' -ImpersonationToken $script:Alice) | ConvertTo-Json -Depth 5
        $json | Should -Not -BeLike '*Session*'
        $json | Should -Not -BeLike "*$([System.Net.NetworkCredential]::new('', $script:Alice).Password)*"
    }
}

Describe 'Concurrent grants on one connection (no lost update)' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
        $script:AlicePlain = [System.Net.NetworkCredential]::new('', $script:Alice).Password
        $script:Tokens = 'race-a', 'race-b' | ForEach-Object { New-AtlanApiToken -DisplayName $_ }
        # Every stored read is answered 400 ms late, with the state as it was when the read arrived: two writers that
        # start together both read the list before either has saved.
        $null = Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind delayAnswer -DelayMs 400 -Method GET -PathPattern '^/api/meta/entity/guid/' -Times 0
    }

    AfterEach { Clear-AtlanEmulatorFault -Emulator $script:Emulator }

    # End-to-end real-time check: two processes start together against reads answered 400 ms late.
    It 'two OS processes adding different tokens: both end up admins and both reports are true' {
        # A start barrier rather than a clock time: each process says it is ready, then both go together, however long
        # a loaded machine takes to start them.
        $barrier = Join-Path ([IO.Path]::GetTempPath()) ("atlantokens-barrier-" + [guid]::NewGuid())
        $null = New-Item -ItemType Directory $barrier
        $script = {
            param($modulePath, $url, $key, $bearer, $tokenGuid, $guid, $barrier)
            $ErrorActionPreference = 'Stop'
            Import-Module $modulePath
            Connect-AtlanTenant -BaseUrl $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)
            $token = Get-AtlanApiToken -Guid $tokenGuid
            $null = New-Item -ItemType File (Join-Path $barrier ([guid]::NewGuid()))
            while (-not (Test-Path (Join-Path $barrier 'go'))) { Start-Sleep -Milliseconds 5 }
            $result = $token | Add-AtlanTokenConnectionAdmin -Guid $guid -ImpersonationToken (ConvertTo-SecureString $bearer -AsPlainText -Force)
            "$($result.Status)|$($result.AdminUsers -join ',')"
        }
        $jobs = foreach ($token in $script:Tokens) {
            $command = "& { $script } '$modulePath' '$($script:Emulator.Url)' '$($script:AdminKeyPlain)' '$($script:AlicePlain)' '$($token.Guid)' '$($script:DevBigQuery)' '$barrier'"
            Start-ThreadJob -ArgumentList $command, ${function:Invoke-FreshPwsh}.ToString() -ScriptBlock {
                param($command, $helper)
                ${function:Invoke-FreshPwsh} = [scriptblock]::Create($helper)
                Invoke-FreshPwsh -Script $command
            }
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (@(Get-ChildItem $barrier).Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        $null = New-Item -ItemType File (Join-Path $barrier 'go')
        $runs = @($jobs | Wait-Job | Receive-Job)
        Remove-Item -Recurse $barrier
        $runs | ForEach-Object { $_.Errors | Should -BeNullOrEmpty; $_.ExitCode | Should -Be 0 }
        $runs | ForEach-Object { ($_.Output.Trim() -split '\|')[0] | Should -Be 'Added' }
        Get-AdminUsers $script:DevBigQuery | Sort-Object | Should -Be (@('alice') + $script:Tokens.Username | Sort-Object)
        # Each process saved at least once; a process whose change another one overwrote saved again.
        @(Get-Saves).Count | Should -BeGreaterOrEqual 2
    }

    # End-to-end real-time check: two runspace pools against stored reads answered 400 ms late.
    It 'two runspace pools adding different tokens at once: writes to one asset take turns, both hold' {
        $pools = foreach ($token in $script:Tokens) {
            $pool = [runspacefactory]::CreateRunspacePool(1, 1)
            $pool.Open()
            $ps = [powershell]::Create()
            $ps.RunspacePool = $pool
            $null = $ps.AddScript({
                param($modulePath, $url, $key, $bearer, $tokenGuid, $guid)
                Import-Module $modulePath
                Connect-AtlanTenant -BaseUrl $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)
                Get-AtlanApiToken -Guid $tokenGuid | Add-AtlanTokenConnectionAdmin -Guid $guid -ImpersonationToken (ConvertTo-SecureString $bearer -AsPlainText -Force)
            }).AddArgument($modulePath).AddArgument($script:Emulator.Url).AddArgument($script:AdminKeyPlain).AddArgument($script:AlicePlain).AddArgument($token.Guid).AddArgument($script:DevBigQuery)
            [pscustomobject]@{ Pool = $pool; PowerShell = $ps; Handle = $ps.BeginInvoke() }
        }
        $results = foreach ($p in $pools) {
            $p.PowerShell.EndInvoke($p.Handle)
            $p.PowerShell.Streams.Error | Should -BeNullOrEmpty
            $p.PowerShell.Dispose()
            $p.Pool.Dispose()
        }
        @($results).Status | Should -Be @('Added', 'Added')
        Get-AdminUsers $script:DevBigQuery | Sort-Object | Should -Be (@('alice') + $script:Tokens.Username | Sort-Object)
        # In one process the per-asset lock serialises them: the second writer read after the first had saved.
        @(Get-Saves).Count | Should -Be 2
        @(Get-Saves)[1].body.entities[0].attributes.adminUsers.Count | Should -Be 3
    }
}

Describe 'An empty token list is no token: only an absent -Token means the session''s own (issue 15 #3)' {
    BeforeAll {
        $script:GrantCommands = @(
            @{ Command = 'Add-AtlanTokenConnectionAdmin'; Target = @{ Name = 'development'; ConnectorType = 'bigquery' } }
            @{ Command = 'Add-AtlanTokenCollectionEditor'; Target = @{ Name = 'My query collection' } }
            @{ Command = 'Add-AtlanTokenCollectionViewer'; Target = @{ Name = 'My query collection' } }
            @{ Command = 'Remove-AtlanTokenConnectionAdmin'; Target = @{ Name = 'development'; ConnectorType = 'bigquery'; Force = $true } }
            @{ Command = 'Remove-AtlanTokenCollectionEditor'; Target = @{ Name = 'My query collection'; Force = $true } }
            @{ Command = 'Remove-AtlanTokenCollectionViewer'; Target = @{ Name = 'My query collection'; Force = $true } }
        )
    }
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Alice = Get-Bearer alice
        # A look-up that matched nothing (a pattern: no error, no output).
        $script:Nothing = @(Get-AtlanApiToken -Name 'no-such-token-*')
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It '<Command> -Token @() touches no token and sends nothing' -TestCases @(
        @{ Command = 'Add-AtlanTokenConnectionAdmin' }, @{ Command = 'Add-AtlanTokenCollectionEditor' }, @{ Command = 'Add-AtlanTokenCollectionViewer' }
        @{ Command = 'Remove-AtlanTokenConnectionAdmin' }, @{ Command = 'Remove-AtlanTokenCollectionEditor' }, @{ Command = 'Remove-AtlanTokenCollectionViewer' }
    ) {
        $target = ($script:GrantCommands | Where-Object Command -EQ $Command).Target
        $out = @(& $Command @target -Token @() -ImpersonationToken $script:Alice -ErrorVariable failed -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $failed | Should -BeNullOrEmpty
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty -Because 'no read, no users/current, no save'
    }

    It '<Command> -Token $null (a look-up that found nothing, in a variable) touches no token and sends nothing' -TestCases @(
        @{ Command = 'Add-AtlanTokenConnectionAdmin' }, @{ Command = 'Add-AtlanTokenCollectionEditor' }, @{ Command = 'Add-AtlanTokenCollectionViewer' }
        @{ Command = 'Remove-AtlanTokenConnectionAdmin' }, @{ Command = 'Remove-AtlanTokenCollectionEditor' }, @{ Command = 'Remove-AtlanTokenCollectionViewer' }
    ) {
        $target = ($script:GrantCommands | Where-Object Command -EQ $Command).Target
        $none = Get-AtlanApiToken -Name 'no-such-token-*'
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $out = @(& $Command @target -Token $none -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }

    It '<Command> fed by a pipeline from a look-up that matched nothing touches no token and sends nothing' -TestCases @(
        @{ Command = 'Add-AtlanTokenConnectionAdmin' }, @{ Command = 'Add-AtlanTokenCollectionEditor' }, @{ Command = 'Add-AtlanTokenCollectionViewer' }
        @{ Command = 'Remove-AtlanTokenConnectionAdmin' }, @{ Command = 'Remove-AtlanTokenCollectionEditor' }, @{ Command = 'Remove-AtlanTokenCollectionViewer' }
    ) {
        $target = ($script:GrantCommands | Where-Object Command -EQ $Command).Target
        $out = @($script:Nothing | & $Command @target -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }

    It 'a connection piped with -Token @() changes nothing on it' {
        $connection = Get-AtlanConnection -Name development -ConnectorType bigquery
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        @($connection | Add-AtlanTokenConnectionAdmin -Token @() -ImpersonationToken $script:Alice) | Should -BeNullOrEmpty
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice')
    }

    It 'an absent -Token still means the session''s own token' {
        (Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice).Username | Should -Be $script:AdminUser
    }

    It 'Get-AtlanTokenGrant given <Form> lists nothing and sends nothing' -TestCases @(
        @{ Form = '-InputObject @()'; Run = { Get-AtlanTokenGrant -InputObject @() -WarningAction SilentlyContinue } }
        @{ Form = 'an empty pipeline'; Run = { $script:Nothing | Get-AtlanTokenGrant -WarningAction SilentlyContinue } }
        @{ Form = '-InputObject $null'; Run = { Get-AtlanTokenGrant -InputObject $null -WarningAction SilentlyContinue } }
    ) {
        $out = @(try { & $Run } catch { $null = $_ })
        $out | Should -BeNullOrEmpty
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }
}

Describe 'Get-AtlanTokenGrant selects tokens as the other Get cmdlets do (issue 16, issue 15 #10)' {
    BeforeAll {
        Reset-GrantTenant
        Connect-TestTenant
        $script:Token = New-AtlanApiToken -DisplayName 'grant-select' -WarningAction SilentlyContinue
    }

    It '-Name ''x['' is InvalidWildcardPattern, as for Get-AtlanApiToken' {
        Get-AtlanApiToken -Name 'x[' -ErrorVariable expected -ErrorAction SilentlyContinue | Out-Null
        Get-AtlanTokenGrant -Name 'x[' -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be $expected[0].FullyQualifiedErrorId.Replace('GetAtlanApiTokenCommand', 'GetAtlanTokenGrantCommand')
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidWildcardPattern,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It '-Name with a backtick-escaped bracket is that literal name' {
        Get-AtlanTokenGrant -Name 'lit`[1`]' -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ApiTokenNotFoundByName,*'
        $failed[0].TargetObject | Should -Be 'lit[1]'
    }

    It '-Guid accepts braces, white space and upper case, and reports an invalid GUID as InvalidGuid' {
        $odd = ' {' + $script:Token.Guid.ToUpperInvariant() + '} '
        Get-AtlanTokenGrant -Guid $odd -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $failed | Should -BeNullOrEmpty -Because 'the GUID names an existing token'
        Get-AtlanTokenGrant -Guid '{00000000-0000-4000-8000-0000000000AA}' -ErrorVariable missing -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'ApiTokenNotFoundByGuid,*'
        $missing[0].TargetObject | Should -Be '00000000-0000-4000-8000-0000000000aa'
        Get-AtlanTokenGrant -Guid 'not-a-guid' -ErrorVariable invalid -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $invalid[0].FullyQualifiedErrorId | Should -BeLike 'InvalidGuid,*'
    }
}

Describe 'A server-chosen id in a grant error''s suggested command line is quoted (issue 15 #10)' {
    BeforeEach {
        Reset-GrantTenant
        Connect-TestTenant
    }

    It 'GrantNotConfirmed suggests Get-AtlanConnection -Guid with exactly the id the server answered, and nothing else runs' {
        $id = "x'; Set-Content pwned.txt x; " + [char] 0x2018
        $stored = @{ referredEntities = @{}; entity = @{ typeName = 'Connection'; guid = $id; status = 'ACTIVE'; createdBy = 'alice'
                attributes = @{ name = 'development'; qualifiedName = 'default/bigquery/1700000201'; connectorName = 'bigquery'; adminUsers = @('alice'); adminGroups = @(); adminRoles = @() } } } |
            ConvertTo-Json -Depth 6 -Compress
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind malformed -Method GET -PathPattern "^/api/meta/entity/guid/" -Status 200 -Body $stored -Times 2 | Out-Null
        Add-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken (Get-Bearer alice) -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'GrantNotConfirmed,*' -Because $failed[0].Exception.Message
        $line = $failed[0].ErrorDetails.RecommendedAction
        $line = $line.Substring($line.IndexOf('Get-AtlanConnection')) -replace ' before running the command again\.$', ''
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($line, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $commands = @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true))
        $commands.Count | Should -Be 1 -Because "only Get-AtlanConnection runs: $line"
        $commands[0].CommandElements[2].Value | Should -BeExactly $id
    }
}
