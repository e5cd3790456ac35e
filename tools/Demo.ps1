<#
.SYNOPSIS
    The seed page's API-token lifecycle, end to end, against the embedded Atlan emulator.
    Run through build.ps1 Demo (which builds first): dotnet tool restore; dotnet pwsh ./build.ps1 Demo
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $PSScriptRoot 'AtlanEmulator.psm1') -Force
Import-Module $ModulePath -Force

function Step([string] $Text) { Write-Host ''; Write-Host "== $Text" }
function Show([string] $Code) { Write-Host "PS> $Code" }
# Logs and CI consoles are narrow; render tables wide enough to read.
function Out-Wide { param([Parameter(ValueFromPipeline)] $InputObject) end { $input | Out-String -Width 160 | Write-Host } }

$emulator = Start-AtlanEmulator -Path (Join-Path $root "src/AtlanTokens.Emulator/bin/$Configuration/net10.0/AtlanTokens.Emulator.dll")
try {
    Step "Atlan emulator running at $($emulator.Url) (an offline Atlan-compatible tenant)"

    Step 'Connect with an API key (a SecureString; never printed)'
    Show 'Connect-AtlanTenant -BaseUrl $url -ApiKey $apiKey -PassThru'
    Connect-AtlanTenant -BaseUrl $emulator.Url -ApiKey $emulator.AdminApiKey -PassThru | Format-List BaseUrl, UserName | Out-Wide

    Step 'Create an API token: its secret is in this one answer only, as a SecureString'
    Show "`$token = New-AtlanApiToken -DisplayName 'demo-token' -Description 'Created by the demo' -ValiditySeconds 86400"
    $token = New-AtlanApiToken -DisplayName 'demo-token' -Description 'Created by the demo' -ValiditySeconds 86400
    $token | Format-List DisplayName, Guid, ClientId, Username, Description, CreatedAt, ExpiresAt, AccessToken | Out-Wide
    Write-Host "AccessToken is a $($token.AccessToken.GetType().FullName) of $($token.AccessToken.Length) characters. Store it now (for example in a secret vault): Atlan never shows it again."
    Show "(Get-AtlanApiToken -Guid `$token.Guid).AccessToken"
    Write-Host "-> $(if ($null -eq (Get-AtlanApiToken -Guid $token.Guid).AccessToken) { '$null: a token read back has no secret' } else { 'UNEXPECTED' })"

    Step 'Retrieve it by name, and by client id with and without the service-account- prefix'
    Show "Get-AtlanApiToken -Name 'demo-token'"
    Get-AtlanApiToken -Name 'demo-token' | Out-Wide
    Show "Get-AtlanApiToken -ClientId '$($token.ClientId)'"
    Get-AtlanApiToken -ClientId $token.ClientId | Format-Table DisplayName, Guid, ClientId | Out-Wide
    Show "Get-AtlanApiToken -ClientId '$($token.Username)'"
    Get-AtlanApiToken -ClientId $token.Username | Format-Table DisplayName, Guid, Username | Out-Wide

    Step 'Update its description (personas and name are kept: the module reads before it writes)'
    Show "Get-AtlanApiToken -Name 'demo-token' | Set-AtlanApiToken -Description 'Now with a description.' -PassThru"
    Get-AtlanApiToken -Name 'demo-token' | Set-AtlanApiToken -Description 'Now with a description.' -PassThru | Format-List DisplayName, Description, Personas | Out-Wide

    Step 'Link personas by NAME (the module finds their qualified names)'
    Show 'Get-AtlanPersona'
    Get-AtlanPersona | Format-Table Name, QualifiedName | Out-Wide
    Show "Set-AtlanApiToken -Guid `$token.Guid -AddPersona 'Data Stewards', 'Analysts' -PassThru"
    Set-AtlanApiToken -Guid $token.Guid -AddPersona 'Data Stewards', 'Analysts' -PassThru | Format-List DisplayName, Description, Personas | Out-Wide
    Show "Set-AtlanApiToken -Guid `$token.Guid -Persona 'Analysts' -WhatIf   # a complete set: says what it would unlink"
    Set-AtlanApiToken -Guid $token.Guid -Persona 'Analysts' -WhatIf

    Step 'List every token as a table (streamed page by page)'
    Show 'Get-AtlanApiToken'
    Get-AtlanApiToken | Out-Wide

    Step 'Remove it (ConfirmImpact High: -WhatIf first, then -Force as a runbook would)'
    Show "Get-AtlanApiToken -Name 'demo-*' | Remove-AtlanApiToken -WhatIf"
    Get-AtlanApiToken -Name 'demo-*' | Remove-AtlanApiToken -WhatIf
    Show "Get-AtlanApiToken -Name 'demo-*' | Remove-AtlanApiToken -Force"
    Get-AtlanApiToken -Name 'demo-*' | Remove-AtlanApiToken -Force
    Show "Get-AtlanApiToken -Name 'demo-token' -ErrorAction SilentlyContinue"
    $left = Get-AtlanApiToken -Name 'demo-token' -ErrorAction SilentlyContinue -ErrorVariable notFound
    Write-Host "-> $(@($left).Count) tokens; error id: $($notFound[0].FullyQualifiedErrorId)"

    Disconnect-AtlanTenant
    Step 'Done: the whole lifecycle ran against the emulator.'
}
finally {
    Stop-AtlanEmulator -Emulator $emulator
}
exit 0
