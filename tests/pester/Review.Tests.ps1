# Findings of the user-eye review of issues 11 and 12 (each test failed before its fix).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Stop-TestEmulator
}

Describe 'ConfirmationRequired where no one can answer a prompt' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Alice = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice
    }

    It 'keeps the case of tenant names and says in the message itself what to add' {
        $token = New-AtlanApiToken -DisplayName 'CI-Loader' -Persona 'Analysts'
        $token | Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice | Out-Null
        $err = { Invoke-AtlanApiTokenRotation -Name 'CI-Loader' -ImpersonationToken $script:Alice } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ConfirmationRequired,AtlanTokens.Cmdlets.InvokeAtlanApiTokenRotationCommand'
        $err.Exception.Message | Should -BeLikeExactly "*create API token 'CI-Loader' with personas Analysts*"
        $err.Exception.Message | Should -BeLike '*Add -Force (or -Confirm:$false)*'
        $err = { $token | Remove-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ConfirmationRequired,AtlanTokens.Cmdlets.RemoveAtlanTokenConnectionAdminCommand'
        $err.Exception.Message | Should -BeLikeExactly '*adminUsers*'
        @(Get-TenantToken -DisplayName 'CI-Loader').Count | Should -Be 1
    }
}

Describe 'Default table of a grant result' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Alice = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice
    }

    It 'shows the outcome (Status) in an 80-column job output, the long username last' {
        $token = New-AtlanApiToken -DisplayName 'ci-table'
        $token | Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice | Out-Null
        $removed = $token | Remove-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice -Force
        $again = $token | Remove-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice -Force
        $text = @($removed, $again) | Format-Table | Out-String -Width 80
        $text | Should -Match 'Status'
        $text | Should -Match 'Removed'
        $text | Should -Match 'NotPresent'
    }
}

Describe 'Get-Help examples of the grant clean-up' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $script:Alice = New-AtlanEmulatorBearerToken -Emulator $script:Emulator -UserName alice
    }

    It 'Remove-AtlanTokenConnectionAdmin example 2 revokes the grants and deletes the token, leaving no orphaned admin' {
        $old = New-AtlanApiToken -DisplayName 'old-etl'
        $old | Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $script:Alice | Out-Null
        $example = @((Get-Help Remove-AtlanTokenConnectionAdmin).examples.example)[1]
        $bearer = $script:Alice
        & ([scriptblock]::Create(($example.code | Out-String))) | Out-Null
        $state = Get-AtlanEmulatorState -Emulator $script:Emulator
        @($state.connections | Where-Object guid -EQ '00000000-0000-4000-8000-000000000201').attributes.adminUsers | Should -Not -Contain $old.Username
        @(Get-TenantToken -DisplayName 'old-etl').Count | Should -Be 0
    }
}

Describe 'Rotating the token the session authenticates with' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'refuses a new key that cannot manage API tokens as the old one could, before anything old is touched (no lock-out)' {
        # The seed admin key holds the admin role; a token created through the API does not.
        $err = { Invoke-AtlanApiTokenRotation -Name 'emulator-admin' -IncludeSessionToken -Force -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NewTokenProofFailed,*'
        $err.Exception.Message | Should -BeLike '*cannot manage API tokens*'
        @(Get-TenantToken -DisplayName 'emulator-admin').id | Should -Be @('00000000-0000-4000-8000-000000000001')
        # The session still works with its own key.
        (Get-AtlanApiToken -Name 'emulator-admin').Guid | Should -Be '00000000-0000-4000-8000-000000000001'
    }
}

Describe 'Invoke-AtlanApiTokenRotation -WhatIf of a token without grants' {
    BeforeAll {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'lists every step, 1 to 5, with no gap in the numbering' {
        New-AtlanApiToken -DisplayName 'ci-plain' | Out-Null
        $text = Get-HostText { Invoke-AtlanApiTokenRotation -Name 'ci-plain' -WhatIf -WarningAction SilentlyContinue }
        foreach ($step in 1..5) { $text | Should -Match "What if: .*Step $step\b" }
        $text | Should -Match 'Step 4: no grants to remove \(query collections not searched\)'
        @(Get-TenantToken -DisplayName 'ci-plain').Count | Should -Be 1
    }
}
