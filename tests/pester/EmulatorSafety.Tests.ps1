# The emulator is safe to leave running (issue 18): loopback only whatever the environment says, a fresh admin key per
# start, and a control API that needs the start's control key; the helper module passes the key for you.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Dll = Join-Path $script:RepoRoot "src/AtlanTokens.Emulator/bin/$configuration/net10.0/AtlanTokens.Emulator.dll"
    $script:SeedKey = @((Get-Content (Join-Path (Split-Path $script:Dll) 'seed.json') -Raw | ConvertFrom-Json).apiTokens | Where-Object role -EQ '$admin')[0].accessToken
}

AfterAll {
    Stop-TestEmulator
}

Describe 'Start-AtlanEmulator' {
    It 'hands out a fresh admin key for every start, never the seed''s' {
        $other = Start-AtlanEmulator -Path $script:Dll
        try {
            $first = [System.Net.NetworkCredential]::new('', $script:Emulator.AdminApiKey).Password
            $second = [System.Net.NetworkCredential]::new('', $other.AdminApiKey).Password
            $first | Should -Not -Be $second
            $first | Should -Not -Be $script:SeedKey
            (Connect-AtlanTenant -BaseUrl $other.Url -ApiKey $other.AdminApiKey -NoDefault).UserName | Should -BeLike 'service-account-apikey-*'
            { Connect-AtlanTenant -BaseUrl $other.Url -ApiKey $script:Emulator.AdminApiKey -NoDefault } | Should -Throw -ErrorId 'AtlanAuthenticationFailed,*'
        }
        finally {
            Stop-AtlanEmulator -Emulator $other
        }
    }

    It 'Reset-AtlanEmulator -NewKeys gives the handle a new admin key and the old one is refused (test files sharing one emulator)' {
        $other = Start-AtlanEmulator -Path $script:Dll
        try {
            $old = $other.AdminApiKey
            Reset-AtlanEmulator -Emulator $other -NewKeys
            [System.Net.NetworkCredential]::new('', $other.AdminApiKey).Password | Should -Not -Be ([System.Net.NetworkCredential]::new('', $old).Password)
            (Connect-AtlanTenant -BaseUrl $other.Url -ApiKey $other.AdminApiKey -NoDefault).UserName | Should -BeLike 'service-account-apikey-*'
            { Connect-AtlanTenant -BaseUrl $other.Url -ApiKey $old -NoDefault } | Should -Throw -ErrorId 'AtlanAuthenticationFailed,*'
        }
        finally {
            Stop-AtlanEmulator -Emulator $other
        }
    }

    It 'keeps the seed''s key only with -KeepSeedKeys' {
        $pinned = Start-AtlanEmulator -Path $script:Dll -KeepSeedKeys
        try {
            [System.Net.NetworkCredential]::new('', $pinned.AdminApiKey).Password | Should -Be $script:SeedKey
            { Reset-AtlanEmulator -Emulator $pinned -NewKeys } | Should -Throw
        }
        finally {
            Stop-AtlanEmulator -Emulator $pinned
        }
    }

    It 'the control API refuses a caller without the control key; the helper functions pass it' {
        $err = { Invoke-RestMethod -Uri "$($script:Emulator.Url)/_emulator/state" } | Should -Throw -PassThru
        $err.Exception.Response.StatusCode.value__ | Should -Be 401
        { Invoke-RestMethod -Method Post -Uri "$($script:Emulator.Url)/_emulator/reset" -Headers @{ 'X-Emulator-Control-Key' = 'guess' } } | Should -Throw
        (Get-AtlanEmulatorState -Emulator $script:Emulator).tokens | Should -Not -BeNullOrEmpty
        $script:Emulator.PSObject.Properties.Name | Should -Contain 'AdminApiKey'
        ($script:Emulator | Out-String) | Should -Not -Match ([regex]::Escape([System.Net.NetworkCredential]::new('', $script:Emulator.ControlKey).Password))
    }

    It 'binds loopback only even when Kestrel__Endpoints__* and ASPNETCORE_URLS say otherwise' {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $env:Kestrel__Endpoints__Wide__Url = "http://0.0.0.0:$port"
        $env:ASPNETCORE_URLS = "http://0.0.0.0:$port"
        try { $wide = Start-AtlanEmulator -Path $script:Dll }
        finally { Remove-Item env:Kestrel__Endpoints__Wide__Url, env:ASPNETCORE_URLS }
        try {
            $wide.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $client = [System.Net.Sockets.TcpClient]::new()
            { $client.Connect([System.Net.IPAddress]::Loopback, $port) } | Should -Throw   # 0.0.0.0 would have accepted here
            $client.Dispose()
        }
        finally {
            Stop-AtlanEmulator -Emulator $wide
        }
    }
}
