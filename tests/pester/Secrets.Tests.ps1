BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}
AfterAll {
    Disconnect-AtlanTenant
    Stop-TestEmulator
}

Describe 'Secret hygiene' {
    It 'no API key or token secret appears in any stream, transcript, error record or JSON of an emitted object' {
        Reset-AtlanEmulator -Emulator $script:Emulator
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $ErrorView = 'DetailedView'
        $Error.Clear()
        $emitted = [System.Collections.Generic.List[object]]::new()
        $streams = [System.Collections.Generic.List[object]]::new()
        Start-Transcript -Path $transcript | Out-Null
        try {
            $all = @{ Verbose = $true; Debug = $true; ErrorAction = 'Continue'; WarningAction = 'Continue'; InformationAction = 'Continue' }
            $streams.AddRange(@(Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $script:Emulator.AdminApiKey -PassThru @all *>&1))
            $created = New-AtlanApiToken -DisplayName 'secret-check' -Persona 'Analysts' @all
            $emitted.Add($created)
            $secret = [System.Net.NetworkCredential]::new('', $created.AccessToken).Password
            $created | Format-List * | Out-Host
            $created | Format-Table | Out-Host
            $streams.AddRange(@(Get-AtlanApiToken @all *>&1))
            $streams.AddRange(@(Get-AtlanApiToken -Name 'secret-check' | Set-AtlanApiToken -AddPersona 'Engineering' -PassThru @all *>&1))
            $streams.AddRange(@(Set-AtlanApiToken -Guid $created.Guid -AddPersona 'Nope' @all *>&1))
            $streams.AddRange(@(Get-AtlanApiToken -Name 'missing' @all *>&1))
            Set-AtlanEmulatorFault -Emulator $script:Emulator -Kind status -Status 500 -Method GET -PathPattern '^/api/service/apikeys$' | Out-Null
            $streams.AddRange(@(Get-AtlanApiToken -Name 'x' @all *>&1))
            $asToken = Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $created.AccessToken -PassThru @all
            $emitted.Add($asToken)
            $streams.AddRange(@(Get-AtlanApiToken -Session $asToken @all *>&1))
            try { Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey (ConvertTo-SecureString "$secret-tampered" -AsPlainText -Force) @all *>&1 | ForEach-Object { $streams.Add($_) } } catch { $streams.Add($_) }
            $emitted.Add((Get-AtlanSession))
            $emitted.AddRange(@(Get-AtlanPersona))
            Get-AtlanSession | Format-List * | Out-Host
            if (Get-Command Get-Error -ErrorAction SilentlyContinue) { Get-Error -Newest 5 | Out-Host }   # PowerShell 7+
            $streams.AddRange(@(Remove-AtlanApiToken -Guid $created.Guid -Force @all *>&1))
        }
        finally {
            Stop-Transcript | Out-Null
        }

        $secret | Should -Not -BeNullOrEmpty
        $texts = @(
            Get-Content $transcript -Raw
            $streams | Out-String -Width 500
            $Error | Out-String -Width 500
            $Error | ForEach-Object { $_.Exception.ToString(); $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction }
            $emitted | ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 10 }
            $emitted | Format-List * | Out-String -Width 500
        ) -join "`n"
        $texts.Length | Should -BeGreaterThan 1000
        $texts | Should -BeLike '*secret-check*'
        $texts | Should -BeLike '*request id*'
        foreach ($value in $script:AdminKeyPlain, $secret, $secret.Split('.')[1], $script:AdminKeyPlain.Split('.')[2]) {
            $texts.Contains($value) | Should -BeFalse -Because 'no secret may be written anywhere'
        }
    }
}

# Issue 18: what the README's Security section says Export-Clixml does with a token's secret outside Windows.
Describe 'Secrets at rest' {
    It 'on Linux and macOS Export-Clixml stores a new token''s SecureString as plain UTF-16 hex (no DPAPI), as the README warns' -Skip:($env:OS -eq 'Windows_NT') {
        Reset-AtlanEmulator -Emulator $script:Emulator
        Connect-TestTenant
        $created = New-AtlanApiToken -DisplayName 'at-rest'
        $secret = [System.Net.NetworkCredential]::new('', $created.AccessToken).Password
        $file = Join-Path $TestDrive 'token.xml'
        $created | Export-Clixml $file
        $hex = ([xml] (Get-Content $file -Raw)).SelectSingleNode("//*[local-name()='SS']").InnerText
        $bytes = [byte[]] -split ($hex -replace '..', '0x$& ')
        [System.Text.Encoding]::Unicode.GetString($bytes) | Should -BeExactly $secret
        $readme = Get-Content (Join-Path $script:RepoRoot 'README.md') -Raw
        $readme | Should -BeLike '*Export-Clixml*DPAPI*plain*hex*SecretManagement*encrypted*Automation variable*'
    }
}
