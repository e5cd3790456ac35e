# The packages build.ps1 Package makes (Test runs Package first): a nupkg that PSResourceGet installs back, and a
# zip in the layout Azure Automation imports.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:PackageDir = Join-Path $script:RepoRoot 'out/package'
    $script:Version = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'AtlanTokens.psd1')).ModuleVersion
    $script:Exported = @((Import-PowerShellDataFile (Join-Path $script:RepoRoot 'AtlanTokens.psd1')).CmdletsToExport)
}
AfterAll {
    Stop-TestEmulator
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest with the metadata a gallery needs' {
        $manifest = Test-ModuleManifest (Join-Path (Split-Path $env:ATLANTOKENS_MODULE_PATH) 'AtlanTokens.psd1')
        $manifest.Version | Should -Be $script:Version
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        @($manifest.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($script:Exported | Sort-Object)
        $manifest.Tags | Should -Contain 'Atlan'
        foreach ($tag in 'ApiToken', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') { $manifest.Tags | Should -Contain $tag }
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
    }

    # Issue 18: ReleaseNotes were those of the first feature set; no cmdlet had a HelpUri.
    It 'has current ReleaseNotes (every feature area) and no HelpInfoURI (no updatable help is published)' {
        $data = Import-PowerShellDataFile (Join-Path $script:RepoRoot 'AtlanTokens.psd1')
        $notes = $data.PrivateData.PSData.ReleaseNotes
        foreach ($feature in 'Invoke-AtlanApiTokenRotation', 'Add/Remove-AtlanTokenConnectionAdmin', 'Get-AtlanTokenGrant', '-ThrottleLimit', '80 columns', '7.4', 'emulator') {
            $notes | Should -BeLike "*$feature*"
        }
        $data.Keys | Should -Not -Contain 'HelpInfoURI'
    }

    It 'gives every cmdlet a HelpUri: its page under the ProjectUri, as the page''s online version says' {
        $projectUri = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'AtlanTokens.psd1')).PrivateData.PSData.ProjectUri
        foreach ($name in $script:Exported) {
            $uri = (Get-Command $name).HelpUri
            $uri | Should -Be "$projectUri/blob/main/docs/en-US/$name.md"
            Get-Content (Join-Path $script:RepoRoot "docs/en-US/$name.md") -TotalCount 5 | Should -Contain "online version: $uri"
        }
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $inAssembly = [AtlanTokens.Model.ApiToken].Assembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
        @($inAssembly | Sort-Object) | Should -Be @($script:Exported | Sort-Object)
    }
}

Describe 'nupkg' {
    # Windows PowerShell 5.1 has PSResourceGet only where it was installed; on Windows the CurrentUser scope and the
    # repository list follow the known folders (Documents, LocalAppData), not HOME: the test cleans up after itself there.
    # End-to-end real-time check: PSResourceGet installs the nupkg and a fresh process imports it.
    It 'Install-PSResource installs it from a local repository and the module imports and works' -Skip:(-not (Get-Command Install-PSResource -ErrorAction SilentlyContinue)) {
        $onWindows = $env:OS -eq 'Windows_NT'
        $repositoryName = 'LocalTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $nupkg = Join-Path $script:PackageDir "AtlanTokens.$($script:Version).nupkg"
        $nupkg | Should -Exist
        $isolatedHome = Join-Path $TestDrive "home"
        # .NET reports a special folder only if it exists; otherwise PSResourceGet would write to the current directory.
        $null = New-Item -ItemType Directory (Join-Path $isolatedHome '.local/share'), (Join-Path $isolatedHome '.config') -Force
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name $repositoryName -Uri '$($script:PackageDir)' -Trusted
Install-PSResource -Name AtlanTokens -Repository $repositoryName -Scope CurrentUser -TrustRepository -Quiet
`$module = Import-Module AtlanTokens -PassThru
"path=`$(`$module.Path)"
"version=`$(`$module.Version)"
"cmdlets=`$((Get-Command -Module AtlanTokens).Count)"
Connect-AtlanTenant -BaseUrl '$($script:Emulator.Url)' -ApiKey (ConvertTo-SecureString '$($script:AdminKeyPlain)' -AsPlainText -Force)
"tokens=`$(@(Get-AtlanApiToken).Count)"
"@
        if ($onWindows) {
            $script += "`nDisconnect-AtlanTenant; Remove-Module AtlanTokens; Uninstall-PSResource -Name AtlanTokens -Scope CurrentUser; Unregister-PSResourceRepository -Name $repositoryName"
        }
        $result = Invoke-FreshPwsh -Script $script -Environment @{ HOME = $isolatedHome; XDG_DATA_HOME = (Join-Path $isolatedHome '.local/share'); XDG_CONFIG_HOME = (Join-Path $isolatedHome '.config') }
        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $installRoot = if ($onWindows) { [Environment]::GetFolderPath('MyDocuments') } else { $isolatedHome }
        $result.Output | Should -Match "path=$([regex]::Escape($installRoot)).*AtlanTokens\.dll"
        if (-not $onWindows) { Join-Path $isolatedHome '.local/share/PSResourceGet/PSResourceRepository.xml' | Should -Exist }
        $result.Output | Should -Match "version=$([regex]::Escape($script:Version))"
        $result.Output | Should -Match "cmdlets=$($script:Exported.Count)\b"
        $result.Output | Should -Match 'tokens=1\b'
    }
}

Describe 'Azure Automation zip' {
    BeforeAll {
        $script:Zip = Join-Path $script:PackageDir 'AtlanTokens.zip'
        $script:Expanded = Join-Path $TestDrive 'expanded'
        Expand-Archive -Path $script:Zip -DestinationPath $script:Expanded
    }

    It 'has the module folder, named like the module, at its root' {
        @(Get-ChildItem $script:Expanded).Name | Should -Be @('AtlanTokens')
        Join-Path $script:Expanded 'AtlanTokens/AtlanTokens.psd1' | Should -Exist
        Join-Path $script:Expanded 'AtlanTokens/AtlanTokens.dll' | Should -Exist
    }

    It 'keeps every path under 140 characters' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($script:Zip)
        try { $entries = @($archive.Entries.FullName) } finally { $archive.Dispose() }
        $entries.Count | Should -BeGreaterThan 3
        ($entries | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessThan 140
    }

    It 'imports from the expanded folder in a fresh process' {
        $result = Invoke-FreshPwsh -Script "Import-Module '$(Join-Path $script:Expanded 'AtlanTokens')'; (Get-Command -Module AtlanTokens).Count"
        $result.ExitCode | Should -Be 0
        $result.Output.Trim() | Should -Be "$($script:Exported.Count)"
    }
}
