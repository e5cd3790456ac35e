<#
.SYNOPSIS
    The seed page's API-token lifecycle and its three grant scenarios, end to end, against the embedded Atlan emulator.
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
    $token | Out-Wide                                   # the view of a token that carries its secret: AccessToken <SecureString: store it now>
    $token | Format-List DisplayName, Guid, ClientId, Username, Description, CreatedAt, ExpiresAt | Out-Wide
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

    Step 'Grants need a USER''s bearer token (the impersonation token): an API token cannot add itself'
    Write-Host 'On a real tenant: log in as a user who already holds the right, open Developer Tools, copy any indexsearch'
    Write-Host 'request as cURL and take what follows "authorization: Bearer ". Here the emulator mints alice''s token.'
    Show '$alice = New-AtlanEmulatorBearerToken -Emulator $emulator -UserName alice   # a SecureString'
    $alice = New-AtlanEmulatorBearerToken -Emulator $emulator -UserName alice
    Show 'Get-AtlanConnection'
    Get-AtlanConnection | Out-Wide

    Step 'Seed page: "Add API token as connection admin", by name (two connections are named development)'
    Show 'Add-AtlanTokenConnectionAdmin -Name development -ImpersonationToken $alice'
    Add-AtlanTokenConnectionAdmin -Name development -ImpersonationToken $alice -ErrorAction SilentlyContinue -ErrorVariable ambiguous
    Write-Host "-> error id: $($ambiguous[0].FullyQualifiedErrorId)"
    Write-Host "   $($ambiguous[0].Exception.Message)"
    Show 'Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $alice'
    Add-AtlanTokenConnectionAdmin -Name development -ConnectorType bigquery -ImpersonationToken $alice | Format-List AssetName, QualifiedName, Username, Right, Status, AdminUsers | Out-Wide

    Step 'Connection admin through the pipeline: several tokens, one save, all 50 existing admins kept'
    Show "'ci-build', 'ci-deploy' | ForEach-Object { New-AtlanApiToken -DisplayName `$_ } | Out-Null"
    'ci-build', 'ci-deploy' | ForEach-Object { New-AtlanApiToken -DisplayName $_ -Description 'CI pipeline' } | Out-Null
    Show "Get-AtlanApiToken -Name 'ci-*' | Add-AtlanTokenConnectionAdmin -Connection (Get-AtlanConnection production) -ImpersonationToken `$alice"
    Get-AtlanApiToken -Name 'ci-*' | Add-AtlanTokenConnectionAdmin -Connection (Get-AtlanConnection production) -ImpersonationToken $alice | Out-Wide
    Show 'Get-AtlanConnection production'
    Get-AtlanConnection production | Out-Wide
    Show "Get-AtlanApiToken -Name 'ci-*' | Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken `$alice   # again: nothing sent"
    Get-AtlanApiToken -Name 'ci-*' | Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $alice | Out-Wide

    Step 'Seed page: "Add API token as collection editor" (collections are visible only to their editors and viewers)'
    Show 'Get-AtlanCollection -ImpersonationToken $alice'
    Get-AtlanCollection -ImpersonationToken $alice | Out-Wide
    Show "Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken `$alice"
    Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken $alice | Out-Wide
    Show "Get-AtlanApiToken -Name 'ci-build' | Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken `$alice"
    Get-AtlanApiToken -Name 'ci-build' | Add-AtlanTokenCollectionEditor -Name 'My query collection' -ImpersonationToken $alice | Out-Wide

    Step 'Seed page: "Add API token as collection viewer", by name and with the collection piped in'
    Show "Add-AtlanTokenCollectionViewer -Name 'Shared analytics' -ImpersonationToken (carol's bearer token)"
    Add-AtlanTokenCollectionViewer -Name 'Shared analytics' -ImpersonationToken (New-AtlanEmulatorBearerToken -Emulator $emulator -UserName carol) | Out-Wide
    Show "Get-AtlanCollection 'My query collection' -ImpersonationToken `$alice | Add-AtlanTokenCollectionViewer -Token (Get-AtlanApiToken -Name 'ci-deploy') -ImpersonationToken `$alice"
    Get-AtlanCollection 'My query collection' -ImpersonationToken $alice | Add-AtlanTokenCollectionViewer -Token (Get-AtlanApiToken -Name 'ci-deploy') -ImpersonationToken $alice |
        Format-List AssetName, Username, Right, Status, ViewerUsers | Out-Wide

    Step 'An expired bearer token is refused before anything is sent, saying when it expired and how to get a fresh one'
    $expired = New-AtlanEmulatorBearerToken -Emulator $emulator -UserName alice -ExpiresInSeconds -900
    Show 'Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $expired'
    try { Add-AtlanTokenConnectionAdmin -Name production -ImpersonationToken $expired }
    catch {
        Write-Host "-> error id: $($_.FullyQualifiedErrorId)"
        Write-Host "   $($_.Exception.Message)"
        Write-Host "   Recommended action: $($_.ErrorDetails.RecommendedAction)"
    }
    Show 'Add-AtlanTokenConnectionAdmin -Name analytics -ImpersonationToken $alice   # alice is not admin of analytics'
    Add-AtlanTokenConnectionAdmin -Name analytics -ImpersonationToken $alice -ErrorAction SilentlyContinue -ErrorVariable denied
    Write-Host "-> error id: $($denied[0].FullyQualifiedErrorId)"

    Step 'Grant audit: which connections and query collections each token may administer, as objects (and a CSV)'
    Show "Get-AtlanApiToken -Name 'ci-*' | Get-AtlanTokenGrant -ImpersonationToken `$alice"
    Get-AtlanApiToken -Name 'ci-*' | Get-AtlanTokenGrant -ImpersonationToken $alice | Format-Table Token, Right, AssetType, Name, QualifiedName | Out-Wide
    Show "Get-AtlanApiToken | Get-AtlanTokenGrant -ImpersonationToken `$alice | Export-Csv grants.csv -NoTypeInformation"

    Step 'Rotate a token: new token with the same name, personas, validity and every grant; secret proven; old one removed'
    Show "Invoke-AtlanApiTokenRotation -Name 'ci-build' -ImpersonationToken `$alice -WhatIf"
    Invoke-AtlanApiTokenRotation -Name 'ci-build' -ImpersonationToken $alice -WhatIf
    $before = Get-AtlanApiToken -Name 'ci-build'
    Show "`$new = Invoke-AtlanApiTokenRotation -Name 'ci-build' -ImpersonationToken `$alice -Force"
    $new = Invoke-AtlanApiTokenRotation -Name 'ci-build' -ImpersonationToken $alice -Force
    $new | Format-List DisplayName, Guid, Description, ExpiresAt, AccessToken | Out-Wide
    Write-Host "-> old GUID $($before.Guid) is gone: $(-not (Get-AtlanApiToken -Guid $before.Guid -ErrorAction SilentlyContinue)); the new secret is a $($new.AccessToken.GetType().Name)."
    Show "`$new | Get-AtlanTokenGrant -ImpersonationToken `$alice"
    $new | Get-AtlanTokenGrant -ImpersonationToken $alice | Format-Table Token, Right, AssetType, Name | Out-Wide
    Get-AtlanApiToken -Name 'ci-*' | Remove-AtlanApiToken -Force

    Disconnect-AtlanTenant
    Step 'Done: the whole lifecycle, the three grant scenarios, a grant audit and a rotation ran against the emulator.'
}
finally {
    Stop-AtlanEmulator -Emulator $emulator
}
exit 0
