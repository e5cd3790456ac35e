# Atlas's real refusals and answers (issue 15 items 8-10), reproduced with the emulator: a deleted token, a creator
# token, a rename between read and save, a token list that names personas only by qualified name, an endless search.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    $script:DevBigQuery = '00000000-0000-4000-8000-000000000201'
    $script:MyQueries = '00000000-0000-4000-8000-000000000301'

    function Reset-Tenant {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Set-AtlanEmulatorIndexLag -Emulator $script:Emulator -Milliseconds 1000
        $script:Alice = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice
        Connect-TestTenant
    }

    function Get-Asset([string] $Guid) {
        $state = Get-AtlanEmulatorState -Emulator $script:Emulator
        @($state.connections) + @($state.collections) | Where-Object guid -EQ $Guid
    }

    function Get-AdminUsers([string] $Guid) { @((Get-Asset $Guid).attributes.adminUsers) }
    function Get-Saves { @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -Like '/api/meta/entity/bulk*') }
}

AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'A grant for a token deleted after it was read' {
    BeforeAll { Reset-Tenant }

    It 'is GrantTokenNotFound after one save that stored nothing (Atlas 500 "Keycloak user not found")' {
        $token = New-AtlanApiToken -DisplayName 'ci-gone'
        $read = Get-AtlanApiToken -Guid $token.Guid
        Remove-AtlanApiToken -Guid $token.Guid -Force
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator

        $result = $read | Add-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err

        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GrantTokenNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $read.Username
        $err[0].Exception.Message | Should -BeLike '*no longer exists*'
        $err[0].Exception.Message | Should -Not -BeLike '*Another writer*'
        @(Get-Saves).Count | Should -Be 1
        @(Get-Saves)[0].status | Should -Be 500
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice')
    }
}

Describe 'A query collection created by an API token' {
    BeforeEach {
        Reset-Tenant
        $script:Creator = New-AtlanApiToken -DisplayName 'svc-creator'
        Set-AtlanEmulatorAssetCreator -Emulator $script:Emulator -Guid $script:MyQueries -UserName $script:Creator.Username
        Set-AtlanEmulatorIndexLag -Emulator $script:Emulator -Milliseconds 1000 # the index catches up with the creator
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It 'Remove-AtlanTokenCollectionEditor of the creator sends no save and says the creator always stays an editor' {
        $result = $script:Creator | Remove-AtlanTokenCollectionEditor -Guid $script:MyQueries -ImpersonationToken $script:Alice -Force -ErrorAction SilentlyContinue -ErrorVariable err

        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CollectionCreatorKept,*'
        $err[0].Exception.Message | Should -BeLike "*$($script:Creator.Username) created the query collection 'My query collection'*always keeps*"
        $err[0].Exception.Message | Should -Not -BeLike '*Another writer*'
        @(Get-Saves).Count | Should -Be 0
        Get-AdminUsers $script:MyQueries | Should -Contain $script:Creator.Username
    }

    It 'removes the other editors asked for with one save and reports the creator' {
        $other = New-AtlanApiToken -DisplayName 'svc-other'
        $null = $other | Add-AtlanTokenCollectionEditor -Guid $script:MyQueries -ImpersonationToken $script:Alice
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator

        $results = @(Get-AtlanApiToken -Name 'svc-*' | Remove-AtlanTokenCollectionEditor -Guid $script:MyQueries -ImpersonationToken $script:Alice -Force -ErrorAction SilentlyContinue -ErrorVariable err)

        $results.Count | Should -Be 1
        $results[0].Username | Should -Be $other.Username
        $results[0].Status | Should -Be 'Removed'
        @($err | Where-Object FullyQualifiedErrorId -Like 'CollectionCreatorKept,*').Count | Should -Be 1
        @(Get-Saves).Count | Should -Be 1
        Get-AdminUsers $script:MyQueries | Should -Be @('alice', $script:Creator.Username)
    }

    It 'rotation makes the new token an editor and reports the old creator entry without failing' {
        $new = $script:Creator | Invoke-AtlanApiTokenRotation -ImpersonationToken $script:Alice -Force -WarningVariable warnings -ErrorVariable err -WarningAction SilentlyContinue

        $err.Count | Should -Be 0
        $new.DisplayName | Should -Be 'svc-creator'
        $new.Guid | Should -Not -Be $script:Creator.Guid
        Get-AdminUsers $script:MyQueries | Should -Contain $new.Username
        Get-AdminUsers $script:MyQueries | Should -Contain $script:Creator.Username
        @($warnings | Where-Object { "$_" -like '*because it created it*' }).Count | Should -Be 1
        @(Get-TenantToken -DisplayName 'svc-creator').id | Should -Be @($new.Guid)
        # Step 4 sent nothing for the creator entry: one save only (step 3, the new editor).
        @(Get-Saves).Count | Should -Be 1
    }
}

Describe "The gateway's own 429 (an nginx HTML page, no Retry-After)" {
    BeforeAll { Reset-Tenant }

    # End-to-end real-time check: two HTML 429s paused by the budget in real time (about 3 s).
    It 'is a rate limit, retried for time whatever -MaxRetries (issue 17), never "is the base URL an Atlan tenant?"' {
        # xunit AtlasRefusalClientTests checks the error a call gives up with (AtlanRateLimited, LimitsExceeded).
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -MaxRetries 0
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind html -Status 429 -Method GET -PathPattern '^/api/service/apikeys$' -Times 2
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator

        $verbose = Get-AtlanApiToken -Name 'anything' -ErrorAction SilentlyContinue -ErrorVariable err -Verbose 4>&1 | ForEach-Object { "$_" }

        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'AtlanRateLimited,*' }).Count | Should -Be 0
        @($verbose | Where-Object { $_ -like "*gateway's rate-limit page*" }).Count | Should -BeGreaterThan 0
        @($verbose | Where-Object { $_ -like '*Atlan tenant*' }).Count | Should -Be 0
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -EQ '/api/service/apikeys').Count | Should -Be 3
    }
}

Describe 'A rename of the asset while a grant is planned' {
    BeforeAll { Reset-Tenant }

    It 'sends the name read right before the save, so the rename stays' {
        $token = New-AtlanApiToken -DisplayName 'ci-rename'
        # The cmdlet's first stored read (its plan) is answered, then another writer renames the connection.
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind renameAfter -Method GET -PathPattern "^/api/meta/entity/guid/$script:DevBigQuery$" -Body 'development (renamed)'

        $result = $token | Add-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice

        $result.Status | Should -Be 'Added'
        (Get-Saves)[-1].body.entities[0].attributes.name | Should -Be 'development (renamed)'
        (Get-Asset $script:DevBigQuery).attributes.name | Should -Be 'development (renamed)'
        Get-AdminUsers $script:DevBigQuery | Should -Be @('alice', $token.Username)
    }
}

Describe 'Token lists that name personas only by qualified name' {
    BeforeAll {
        Reset-Tenant
        $null = New-AtlanApiToken -DisplayName 'qn-only' -Persona 'Data Stewards', 'Analysts'
        # A new session: its persona directory is empty, so names must be looked up.
        Connect-TestTenant
    }

    It 'shows persona names, matches -contains by name and exports names' {
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind personaNamesMissing -Method GET -PathPattern '^/api/service/apikeys$' -Times 0
        try {
            $token = Get-AtlanApiToken -Name 'qn-only'
            @($token.Personas.Name) | Sort-Object | Should -Be @('Analysts', 'Data Stewards')
            @(Get-AtlanApiToken | Where-Object Personas -contains 'Data Stewards').DisplayName | Should -Be @('qn-only')
            $csv = @($token | Select-Object DisplayName, Personas | ConvertTo-Csv -NoTypeInformation)
            $csv[1] | Should -BeLike '*Data Stewards*'
            $csv[1] | Should -BeLike '*Analysts*'
            ($token | Format-Table | Out-String) | Should -BeLike '*Data Stewards*'
        }
        finally {
            Clear-AtlanEmulatorFault -Emulator $script:Emulator
        }
    }
}

Describe 'A search that keeps answering new hits' {
    BeforeAll { Reset-Tenant }

    It 'Get-AtlanTokenGrant stops at the hard limit with SearchLimitExceeded' {
        $token = New-AtlanApiToken -DisplayName 'ci-endless'
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind endlessSearch -Method POST -PathPattern 'indexsearch' -Times 0
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        try {
            $grants = $token | Get-AtlanTokenGrant -ErrorAction SilentlyContinue -ErrorVariable err
        }
        finally {
            Clear-AtlanEmulatorFault -Emulator $script:Emulator
        }

        $grants | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SearchLimitExceeded,*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -Like '*indexsearch*').Count | Should -Be 100
    }
}

Describe 'Bounds on one cmdlet call' {
    BeforeEach { Reset-Tenant }

    It 'a rotation whose grant search never ends stops with SearchLimitExceeded before creating anything' {
        $old = New-AtlanApiToken -DisplayName 'svc-endless'
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind endlessSearch -Method POST -PathPattern 'indexsearch' -Times 0
        try {
            $new = $old | Invoke-AtlanApiTokenRotation -ImpersonationToken $script:Alice -Force -ErrorAction SilentlyContinue -ErrorVariable err
        }
        finally {
            Clear-AtlanEmulatorFault -Emulator $script:Emulator
        }

        $new | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SearchLimitExceeded,*'
        @(Get-TenantToken -DisplayName 'svc-endless').id | Should -Be @($old.Guid)
    }

    # End-to-end real-time check: the 2 s deadline of one cmdlet call.
    It '-TotalTimeoutSec bounds all the requests of one grant, not each request' {
        Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -TimeoutSec 2 -TotalTimeoutSec 2
        $token = New-AtlanApiToken -DisplayName 'ci-deadline' # carries that session
        # Every stored read answers after 900 ms: each request stays well under its 2 s, the grant as a whole does not
        # (read, save, a settle wait of 1.5 times the read-to-save time, then the check read at 2.25 s or later).
        Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind delay -Method GET -PathPattern '^/api/meta/entity/guid/' -DelayMs 900 -Times 0
        try {
            $result = $token | Add-AtlanTokenConnectionAdmin -Guid $script:DevBigQuery -ImpersonationToken $script:Alice -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        }
        finally {
            Clear-AtlanEmulatorFault -Emulator $script:Emulator
        }

        if ($result) {
            # The deadline fell between the save (acknowledged) and its check read, which was not sent: applied but not
            # verified (issue 17), a warning and the result, no error.
            $err | Should -BeNullOrEmpty
            $result.Status | Should -Be 'Added'
            $result.Verified | Should -BeFalse
            $result.NotVerifiedReason | Should -BeLike 'AtlanOperationTimeout*-TotalTimeoutSec*was not sent*'
        }
        else {
            # Only on a machine so loaded that the first read outlived the 2 s: the deadline fell before the save.
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'AtlanOperationTimeout,*'
            $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $err[0].Exception.Message | Should -BeLike '*-TotalTimeoutSec*was not sent*'
        }
    }
}

