# A tenant whose id is not 'default' (issue 10): persona, connection and collection qualified names start with that id,
# and nothing in the module may assume 'default/'.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $configuration = if ($env:ATLANTOKENS_CONFIGURATION) { $env:ATLANTOKENS_CONFIGURATION } else { 'Release' }
    $script:Acme = Start-AtlanEmulator -TenantId acme -Path (Join-Path $script:RepoRoot "src/AtlanTokens.Emulator/bin/$configuration/net10.0/AtlanTokens.Emulator.dll")
    Connect-AtlanTenant -BaseUrl $script:Acme.Url -ApiKey $script:Acme.AdminApiKey
    Set-AtlanEmulatorIndexLag -Emulator $script:Acme -Milliseconds 1000

    function Get-AcmeToken([string] $DisplayName) {
        @((Get-AtlanEmulatorState -Emulator $script:Acme).tokens | Where-Object displayName -CEQ $DisplayName)
    }
}

AfterAll {
    Disconnect-AtlanTenant
    Stop-AtlanEmulator -Emulator $script:Acme
    Stop-TestEmulator
}

Describe 'Personas on a tenant whose id is not default' {
    It 'lists personas with the tenant''s qualified names' {
        $personas = @(Get-AtlanPersona)
        $personas.Count | Should -BeGreaterThan 0
        $personas | ForEach-Object { $_.QualifiedName | Should -BeLike 'acme/*' }
    }

    It 'creates a token with personas by name, by qualified name and by object' {
        $stewards = Get-AtlanPersona -Name 'Data Stewards'
        $token = New-AtlanApiToken -DisplayName 'acme-ci' -Persona 'Analysts', 'acme/vrjn9Wvgfygw2wMqZcUDIh', $stewards
        @($token.Personas.QualifiedName | Sort-Object) | Should -Be @('acme/GMbJmTPSIAoCLrZ3aWZkSB', 'acme/OhbVrpoiVgRV5IfLBcbfno', 'acme/vrjn9Wvgfygw2wMqZcUDIh')
        @((Get-AcmeToken 'acme-ci').personaQualifiedNames | Sort-Object) | Should -Be @('acme/GMbJmTPSIAoCLrZ3aWZkSB', 'acme/OhbVrpoiVgRV5IfLBcbfno', 'acme/vrjn9Wvgfygw2wMqZcUDIh')
    }

    It 'changes personas by qualified name and reads them back' {
        Set-AtlanApiToken -Name 'acme-ci' -RemovePersona 'acme/vrjn9Wvgfygw2wMqZcUDIh' -AddPersona 'Engineering' -Confirm:$false
        @((Get-AcmeToken 'acme-ci').personaQualifiedNames | Sort-Object) | Should -Be @('acme/7yfJs1ON43xKmTecQoXsf2', 'acme/GMbJmTPSIAoCLrZ3aWZkSB', 'acme/OhbVrpoiVgRV5IfLBcbfno')
        @((Get-AtlanApiToken -Name 'acme-ci').Personas.QualifiedName | Sort-Object) | Should -Be @('acme/7yfJs1ON43xKmTecQoXsf2', 'acme/GMbJmTPSIAoCLrZ3aWZkSB', 'acme/OhbVrpoiVgRV5IfLBcbfno')
    }

    It 'refuses a default/ qualified name that this tenant does not have' {
        { New-AtlanApiToken -DisplayName 'acme-wrong' -Persona 'default/OhbVrpoiVgRV5IfLBcbfno' -ErrorAction Stop } | Should -Throw
        Get-AcmeToken 'acme-wrong' | Should -BeNullOrEmpty
    }
}

Describe 'Grants on a tenant whose id is not default' {
    It 'adds, lists and removes a connection admin with acme/ qualified names' {
        $alice = New-AtlanEmulatorBearerToken -Emulator $script:Acme -UserName alice
        $token = Get-AtlanApiToken -Name 'acme-ci'
        $added = $token | Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $alice
        $added.Status | Should -Be 'Added'
        $added.QualifiedName | Should -Be 'acme/bigquery/1700000201'
        Set-AtlanEmulatorIndexLag -Emulator $script:Acme -Milliseconds 1000 # the index catches up
        $grant = @($token | Get-AtlanTokenGrant -WarningAction SilentlyContinue)
        $grant.QualifiedName | Should -Be 'acme/bigquery/1700000201'
        ($grant | Remove-AtlanTokenConnectionAdmin -ImpersonationToken $alice -Force).Status | Should -Be 'Removed'
    }
}
