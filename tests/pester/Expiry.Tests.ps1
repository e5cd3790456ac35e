# Expiry you can filter and the session's own token protected (issue 11). The emulator starts from a seed with tokens
# that expired, expire soon, expire later and never expire (the seed admin token, which the session uses, never expires).
BeforeAll {
    $seedSource = Join-Path $PSScriptRoot '../../src/AtlanTokens.Emulator/seed.json'
    $seed = Get-Content $seedSource -Raw | ConvertFrom-Json
    [long] $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    [long] $dayMs = 86400000
    $day = 86400
    $tokens = @(
        @{ Name = 'expired'; CreatedAt = $now - 10 * $dayMs; Validity = 1 * $day }
        @{ Name = 'soon'; CreatedAt = $now - $dayMs; Validity = 5 * $day }
        @{ Name = 'later'; CreatedAt = $now; Validity = 400 * $day }
        @{ Name = 'never'; CreatedAt = $now - 3000 * $dayMs; Validity = 409968000 }
    )
    $i = 0
    foreach ($t in $tokens) {
        $i++
        $seed.apiTokens += [pscustomobject]@{
            id                    = "00000000-0000-4000-8000-0000000e000$i"
            clientId              = "apikey-00000000-0000-4000-8000-0000000e000$i"
            displayName           = $t.Name
            description           = 'expiry test'
            accessToken           = "not.a.key$i"
            validitySeconds       = $t.Validity
            createdAt             = [long] $t.CreatedAt
            role                  = '$api-token-default-access'
            createdBy             = 'alice'
            personaQualifiedNames = @()
        }
    }
    $env:ATLANTOKENS_EXPIRY_SEED = Join-Path ([IO.Path]::GetTempPath()) ("atlantokens-expiry-seed-" + [guid]::NewGuid() + '.json')
    $seed | ConvertTo-Json -Depth 20 | Set-Content $env:ATLANTOKENS_EXPIRY_SEED -Encoding utf8

    $script:NoTestEmulator = $true   # this file's emulator runs on the expiry seed
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-AtlanEmulator -Path (Join-Path $script:RepoRoot "src/AtlanTokens.Emulator/bin/$configuration/net10.0/AtlanTokens.Emulator.dll") -SeedPath $env:ATLANTOKENS_EXPIRY_SEED
    $script:AdminKeyPlain = [System.Net.NetworkCredential]::new('', $script:Emulator.AdminApiKey).Password
    $script:AdminGuid = '00000000-0000-4000-8000-000000000001'
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
    Remove-Item $env:ATLANTOKENS_EXPIRY_SEED -ErrorAction SilentlyContinue
}

Describe 'Expiry you can filter' {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
    }

    It 'tokens carry NeverExpires and IsExpired as booleans' {
        $all = @{}
        Get-AtlanApiToken | ForEach-Object { $all[$_.DisplayName] = $_ }
        foreach ($name in 'expired', 'soon', 'later', 'never', 'emulator-admin') {
            $all[$name].NeverExpires | Should -BeOfType ([bool])
            $all[$name].IsExpired | Should -BeOfType ([bool])
        }
        $all['never'].NeverExpires | Should -BeTrue
        $all['never'].IsExpired | Should -BeFalse
        $all['emulator-admin'].NeverExpires | Should -BeTrue
        $all['expired'].IsExpired | Should -BeTrue
        $all['expired'].NeverExpires | Should -BeFalse
        $all['soon'].IsExpired | Should -BeFalse
        $all['later'].NeverExpires | Should -BeFalse
    }

    It 'Get-AtlanApiToken -ExpiringWithin returns expiring and expired tokens, never the never-expiring ones' {
        (Get-AtlanApiToken -ExpiringWithin (New-TimeSpan -Days 30)).DisplayName | Sort-Object | Should -Be @('expired', 'soon')
        (Get-AtlanApiToken -ExpiringWithin ([TimeSpan]::Zero)).DisplayName | Should -Be @('expired')
        (Get-AtlanApiToken -ExpiringWithin (New-TimeSpan -Days 500)).DisplayName | Sort-Object | Should -Be @('expired', 'later', 'soon')
        (Get-AtlanApiToken -Name 'never', 'soon' -ExpiringWithin (New-TimeSpan -Days 30)).DisplayName | Should -Be @('soon')
    }

    It 'the filter the README shows leaves never-expiring tokens out' {
        $limit = (Get-Date).AddDays(30)
        @(Get-AtlanApiToken | Where-Object { -not $_.NeverExpires -and $_.ExpiresAt -lt $limit }).DisplayName | Sort-Object |
            Should -Be @('expired', 'soon')
        @(Get-AtlanApiToken | Where-Object IsExpired).DisplayName | Should -Be @('expired')
    }

    It 'a negative -ExpiringWithin is an ExpiringWithinNegative error' {
        { Get-AtlanApiToken -ExpiringWithin (New-TimeSpan -Days -1) } | Should -Throw -ErrorId 'ExpiringWithinNegative*'
    }

    # Issue 18: -ExpiringWithin 30 used to mean 30 ticks, silently returning only the expired tokens.
    It '-ExpiringWithin <Days> (a number) means days, as a TimeSpan of that many days does' -TestCases @(
        @{ Days = 30; Expected = @('expired', 'soon') }
        @{ Days = [long] 500; Expected = @('expired', 'later', 'soon') }
        @{ Days = 4.5; Expected = @('expired', 'soon') }
        @{ Days = 0; Expected = @('expired') }
        @{ Days = '30'; Expected = @('expired', 'soon') }
    ) {
        @((Get-AtlanApiToken -ExpiringWithin $Days).DisplayName | Sort-Object) | Should -Be $Expected
        @((Get-AtlanApiToken -ExpiringWithin ([double] $Days | ForEach-Object { [TimeSpan]::FromDays($_) })).DisplayName | Sort-Object) | Should -Be $Expected
    }

    It 'an -ExpiringWithin above zero but under one second is refused with ExpiringWithinTooSmall, which says how to give days' {
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
        $failure = $null
        try { Get-AtlanApiToken -ExpiringWithin ([TimeSpan] 30) } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'ExpiringWithinTooSmall,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike '*-ExpiringWithin 30*'
        { Get-AtlanApiToken -ExpiringWithin 0.000001 } | Should -Throw -ErrorId 'ExpiringWithinTooSmall*'
        @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object path -Like '/api/service/apikeys*').Count | Should -Be 0
    }

    It 'the help says that a number is days' {
        (Get-Help Get-AtlanApiToken -Parameter ExpiringWithin | Out-String) | Should -BeLike '*number*days*'
    }
}

Describe "The session's own token is protected" {
    BeforeEach {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        Clear-AtlanEmulatorRequest -Emulator $script:Emulator
    }

    It 'a clean-up over every token deletes the others and refuses the session token with SessionTokenProtected' {
        Get-AtlanApiToken | Remove-AtlanApiToken -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        (Get-TenantToken).displayName | Should -Be @('emulator-admin')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SessionTokenProtected*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problems[0].TargetObject.Guid | Should -Be $script:AdminGuid
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*-IncludeSessionToken*'
        @(Get-ApiRequest -ChangesOnly | Where-Object path -Like "*$($script:AdminGuid)*").Count | Should -Be 0
        (Get-AtlanSession).UserName | Should -BeLike 'service-account-*'
        @(Get-AtlanApiToken).Count | Should -Be 1 -Because 'the session still works'
    }

    It 'by -Guid and by -Name too' {
        Remove-AtlanApiToken -Guid $script:AdminGuid -Force -ErrorVariable byGuid -ErrorAction SilentlyContinue
        Remove-AtlanApiToken -Name 'emulator-admin' -Force -ErrorVariable byName -ErrorAction SilentlyContinue
        $byGuid[0].FullyQualifiedErrorId | Should -BeLike 'SessionTokenProtected*'
        $byName[0].FullyQualifiedErrorId | Should -BeLike 'SessionTokenProtected*'
        @(Get-TenantToken -DisplayName 'emulator-admin').Count | Should -Be 1
    }

    It '-WhatIf marks the session token and deletes nothing' {
        $said = Get-HostText { Get-AtlanApiToken -Name 'emulator-admin', 'soon' | Remove-AtlanApiToken -WhatIf }
        $said | Should -BeLike "*emulator-admin*the session's own token*refused without -IncludeSessionToken*"
        $said | Should -BeLike "*Delete permanently*'soon'*"
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
        $said = Get-HostText { Remove-AtlanApiToken -Name 'emulator-admin' -IncludeSessionToken -WhatIf }
        $said | Should -BeLike "*later calls will fail*emulator-admin*the session's own token*"
        @(Get-ApiRequest -ChangesOnly).Count | Should -Be 0
    }

    It '-IncludeSessionToken deletes it when asked explicitly' {
        Remove-AtlanApiToken -Guid $script:AdminGuid -IncludeSessionToken -Force
        @(Get-TenantToken -DisplayName 'emulator-admin').Count | Should -Be 0
        @(Get-ApiRequest -ChangesOnly | Where-Object method -EQ 'DELETE').Count | Should -Be 1
    }

    It 'a token of another session is not protected by this one' {
        $other = New-AtlanApiToken -DisplayName 'other-key'
        $otherSession = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $other.AccessToken -PassThru
        Connect-TestTenant
        Remove-AtlanApiToken -Name 'other-key' -Force
        @(Get-TenantToken -DisplayName 'other-key').Count | Should -Be 0
        $otherSession.Dispose()
    }
}
