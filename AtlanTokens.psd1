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
            LicenseUri   = 'https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: sessions per runspace; New/Get/Set/Remove-AtlanApiToken with personas by name; Get-AtlanPersona; offline Atlan emulator for tests.'
        }
    }
}
