@{
    RootModule           = 'AtlanTokens.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '3f0c7d2e-5b1a-4c8e-9d3f-2a6b7c8d9e01'
    Author               = 'AtlanTokens contributors'
    CompanyName          = 'AtlanTokens'
    Copyright            = '(c) AtlanTokens contributors. MIT License.'
    Description          = 'Manage Atlan API tokens from PowerShell: create, find, change and delete them, link personas by name, and stream every page. Works in Windows PowerShell 5.1 and PowerShell 7, interactive or in Azure Automation runbooks.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('AtlanTokens.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-AtlanTenant'
        'Disconnect-AtlanTenant'
        'Get-AtlanSession'
        'New-AtlanApiToken'
        'Get-AtlanApiToken'
        'Set-AtlanApiToken'
        'Remove-AtlanApiToken'
        'Get-AtlanPersona'
        'Get-AtlanConnection'
        'Get-AtlanCollection'
        'Add-AtlanTokenConnectionAdmin'
        'Add-AtlanTokenCollectionEditor'
        'Add-AtlanTokenCollectionViewer'
        'Remove-AtlanTokenConnectionAdmin'
        'Remove-AtlanTokenCollectionEditor'
        'Remove-AtlanTokenCollectionViewer'
        'Get-AtlanTokenGrant'
        'Invoke-AtlanApiTokenRotation'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Atlan', 'ApiToken', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/atlantokens/AtlanTokens.PowerShell'
            # Each cmdlet's HelpUri (Get-Help -Online) is its page under docs/en-US of this project. There is no
            # HelpInfoURI on purpose: the help ships inside the module, and no updatable-help package (HelpInfo.xml and
            # cab files) is published, so Update-Help would only fail.
            LicenseUri   = 'https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0
- Sessions: Connect-AtlanTenant (API key from a parameter, a credential asset or ATLAN_API_KEY), one default session per runspace, -Session for parallel work; Get-AtlanSession, Disconnect-AtlanTenant.
- API tokens: New-AtlanApiToken (secret returned once, as a SecureString, shown as "store it now"; no duplicate token from a retry), Get-AtlanApiToken (streamed pages, wildcards, client id, GUID, -ExpiringWithin days or a TimeSpan), Set-AtlanApiToken (read-modify-write: nothing lost; -AddPersona/-RemovePersona; -NewDisplayName renames; a DisplayName or Name CSV column identifies), Remove-AtlanApiToken (ConfirmImpact High, -Force, the session's own token protected), Invoke-AtlanApiTokenRotation (new token with the same name, personas, validity and grants; secret proven; resumable).
- Personas by name or qualified name (Get-AtlanPersona); grants with a user's bearer token: Add/Remove-AtlanTokenConnectionAdmin, -CollectionEditor, -CollectionViewer, Get-AtlanTokenGrant; Get-AtlanConnection, Get-AtlanCollection.
- Safe under load and failure: retries with backoff, 429 Retry-After, a shared request budget, verified writes against concurrent writers, -ThrottleLimit for bulk changes.
- Default views fit 80 columns; every error has a stable id; no secret in any output, stream, error or export.
- Windows PowerShell 5.1 and PowerShell 7.4+ (7.0-7.3 are refused at import); an offline Atlan-compatible emulator (AtlanTokens.Emulator) to test scripts.
'@
        }
    }
}
