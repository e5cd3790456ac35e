<#
    Help as a user sees it, from the built module in a fresh pwsh process: Get-Help -Full / -Examples / -Parameter for
    every exported cmdlet and Get-Help about_AtlanTokens. Plus docs drift: docs/en-US must describe exactly the
    cmdlets and parameters the code has (name, type, sets, required, position, pipeline, wildcards, aliases).
    Parameters marked DontShow are internal and stay undocumented.
#>

BeforeDiscovery {
    $modulePath = $env:ATLANTOKENS_MODULE_PATH
    if (-not $modulePath) { throw 'Set ATLANTOKENS_MODULE_PATH to the built AtlanTokens.psd1 (build.ps1 Test does).' }
    $docsDir = Join-Path $PSScriptRoot '../../docs/en-US'

    # One fresh process gathers everything: the DLL loaded there is the one just built, and help is looked up
    # exactly as a user's new session would (module base / en-US / AtlanTokens.dll-Help.xml).
    $probe = {
        $ErrorActionPreference = 'Stop'
        if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }   # PowerShell 7.2+
        Import-Module $env:ATLANTOKENS_MODULE_PATH
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $commands = foreach ($cmd in Get-Command -Module AtlanTokens -CommandType Cmdlet) {
            $full = Get-Help $cmd.Name -Full
            # Get-Help -Parameter as a user types it, once for all of them (one call per parameter re-reads the help file).
            $byParameterAll = @(Get-Help $cmd.Name -Parameter * -ErrorAction SilentlyContinue)
            $parameters = foreach ($p in $cmd.Parameters.Values | Where-Object { $_.Name -notin $common }) {
                $attributes = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
                $pipeline = @()
                if ($attributes.ValueFromPipelineByPropertyName -contains $true) { $pipeline += 'ByPropertyName' }
                if ($attributes.ValueFromPipeline -contains $true) { $pipeline += 'ByValue' }
                $position = @($attributes | Where-Object Position -ge 0 | ForEach-Object Position | Select-Object -Unique)
                $sets = @($p.ParameterSets.Keys)
                $byParameter = $byParameterAll | Where-Object name -EQ $p.Name | Select-Object -First 1
                [ordered]@{
                    Name        = $p.Name
                    Hidden      = ($attributes.DontShow -contains $true)
                    Type        = $p.ParameterType.Name
                    Sets        = if ($sets -contains '__AllParameterSets' -or ($cmd.ParameterSets.Count -gt 1 -and $sets.Count -eq $cmd.ParameterSets.Count)) { '(All)' } else { ($sets | Sort-Object) -join ', ' }
                    Required    = [string]($attributes.Mandatory -contains $true)
                    Position    = if ($position.Count) { "$($position[0])" } else { 'Named' }
                    Pipeline    = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
                    Wildcards   = [string](@($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0)
                    Aliases     = (@($p.Aliases) | Sort-Object) -join ', '
                    HelpText    = (@($full.parameters.parameter | Where-Object name -eq $p.Name | ForEach-Object { $_.description.Text }) -join ' ').Trim()
                    ByParameter = if ($byParameter) { (@($byParameter.description.Text) -join ' ').Trim() } else { '' }
                }
            }
            $examples = @($full.examples.example)
            [ordered]@{
                Name            = $cmd.Name
                HelpFile        = $cmd.HelpFile
                HelpFileStaged  = Test-Path (Join-Path $cmd.Module.ModuleBase 'en-US/AtlanTokens.dll-Help.xml')
                Sets            = @($cmd.ParameterSets.Name)
                Synopsis        = "$($full.Synopsis)".Trim()
                Description     = (@($full.description.Text) -join "`n").Trim()
                Examples        = @($examples | ForEach-Object { [ordered]@{ Title = "$($_.title)"; Code = "$($_.code)"; Remarks = (@($_.remarks.Text) -join ' ').Trim() } })
                ExamplesSwitch  = @((Get-Help $cmd.Name -Examples).examples.example).Count
                Parameters      = @($parameters)
                FullText        = ($full | Out-String -Width 250)
            }
        }
        $about = Get-Help about_AtlanTokens -ErrorAction SilentlyContinue
        $aboutListed = @(Get-Help 'about_Atlan*' -ErrorAction SilentlyContinue | ForEach-Object { "$($_.Name)|$($_.Synopsis)" })
        [ordered]@{ Commands = @($commands); About = ($about | Out-String -Width 250); AboutListed = $aboutListed } |
            ConvertTo-Json -Depth 8 | Set-Content -Path $env:ATLANTOKENS_HELP_PROBE -Encoding utf8
    }

    $resultFile = Join-Path ([IO.Path]::GetTempPath()) "atlantokens-help-$PID.json"
    $scriptFile = Join-Path ([IO.Path]::GetTempPath()) "atlantokens-help-$PID.ps1"
    Set-Content -Path $scriptFile -Value $probe.ToString() -Encoding utf8
    $env:ATLANTOKENS_HELP_PROBE = $resultFile
    # This process may be 'dotnet pwsh.dll' (the local tool) or an installed pwsh: start the same PowerShell again.
    $host_ = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName   # [Environment]::ProcessPath: .NET 6+
    [string[]] $hostArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $output = & $host_ @hostArgs -NoProfile -NonInteractive -File $scriptFile 2>&1
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $resultFile)) { throw "The help probe failed in a fresh pwsh process:`n$($output -join "`n")" }
    $probeResult = Get-Content $resultFile -Raw | ConvertFrom-Json
    Remove-Item $resultFile, $scriptFile -ErrorAction SilentlyContinue

    # Docs as written: pages, their parameters and yaml, and their syntax set names.
    $docPages = foreach ($file in Get-ChildItem $docsDir -Filter '*.md' | Where-Object Name -NotLike 'about_*') {
        $lines = (Get-Content $file.FullName -Raw) -split "`r?`n"
        $section = ''
        $parameters = [ordered]@{}
        $sets = @()
        $current = $null
        $inYaml = $false
        foreach ($line in $lines) {
            if ($line -match '^## (.+)$') { $section = $Matches[1].Trim(); $current = $null; continue }
            if ($section -eq 'SYNTAX' -and $line -match '^### (\S+)( \(Default\))?\s*$') { $sets += $Matches[1] }
            if ($section -ne 'PARAMETERS') { continue }
            if ($line -match '^### -(\S+)\s*$') { $current = $Matches[1]; $parameters[$current] = [ordered]@{}; continue }
            if ($line -match '^### ') { $current = $null; continue }
            if ($current -and $line -match '^```yaml') { $inYaml = $true; continue }
            if ($inYaml -and $line -match '^```') { $inYaml = $false; $current = $null; continue }
            if ($inYaml -and $line -match '^([^:]+):\s*(.*)$') { $parameters[$current][$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        [pscustomobject]@{ Name = $file.BaseName; Parameters = $parameters; Sets = $sets }
    }

    $commandCases = @($probeResult.Commands | ForEach-Object { @{ Name = $_.Name; Command = $_; Page = $docPages | Where-Object Name -eq $_.Name } })
    $pageCases = @($docPages | ForEach-Object { @{ Name = $_.Name; Page = $_; Exported = @($probeResult.Commands.Name) } })
    $aboutCase = @{ About = $probeResult.About; AboutListed = $probeResult.AboutListed }
}

Describe 'Get-Help for <Name> (built module, fresh process)' -ForEach $commandCases {
    It 'finds its MAML help file (AtlanTokens.dll-Help.xml under en-US)' {
        $Command.HelpFile | Should -Match '(^|[\\/])AtlanTokens\.dll-Help\.xml$'
        $Command.HelpFileStaged | Should -BeTrue -Because 'the build stages <module>/en-US/AtlanTokens.dll-Help.xml'
        $Command.FullText | Should -Not -Match 'Get-Help cannot find the Help files'
    }

    It 'has a written synopsis, not the generated syntax line' {
        $Command.Synopsis | Should -Not -BeNullOrEmpty
        $Command.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s*(\[|-|$)')
        $Command.Synopsis | Should -Not -Match 'CommonParameters'
    }

    It 'has a description' {
        $Command.Description.Length | Should -BeGreaterThan 80
    }

    It 'has at least two examples, each with code and an explanation' {
        @($Command.Examples).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $Command.Examples) {
            $example.Code | Should -Not -BeNullOrEmpty -Because "example '$($example.Title)' needs code"
            $example.Remarks | Should -Not -BeNullOrEmpty -Because "example '$($example.Title)' needs an explanation"
            $example.Code | Should -Match $Name -Because "example '$($example.Title)' should use $Name"
        }
        $Command.ExamplesSwitch | Should -Be @($Command.Examples).Count -Because 'Get-Help -Examples shows the same examples'
    }

    It 'describes every parameter (Get-Help -Full and -Parameter)' {
        $undescribed = @($Command.Parameters | Where-Object { -not $_.Hidden -and -not $_.HelpText } | ForEach-Object Name)
        $undescribed | Should -BeNullOrEmpty -Because "Get-Help $Name -Full must describe every parameter"
        $noParameterHelp = @($Command.Parameters | Where-Object { -not $_.Hidden -and -not $_.ByParameter } | ForEach-Object Name)
        $noParameterHelp | Should -BeNullOrEmpty -Because "Get-Help $Name -Parameter X must work for every parameter"
    }

    It 'shows the syntax of every parameter set' {
        foreach ($parameter in $Command.Parameters | Where-Object { -not $_.Hidden -and $_.Name -notin 'WhatIf', 'Confirm' }) {
            $Command.FullText | Should -Match "-$($parameter.Name)\b"
        }
    }
}

Describe 'Docs drift: <Name> in code and in docs/en-US' -ForEach $commandCases {
    It 'has a page docs/en-US/<Name>.md' {
        $Page | Should -Not -BeNullOrEmpty -Because "$Name is exported, so docs/en-US/$Name.md must describe it"
    }

    It 'documents exactly the parameters the cmdlet has' {
        $inCode = @($Command.Parameters | Where-Object { -not $_.Hidden } | ForEach-Object Name | Sort-Object)
        $inDocs = @($Page.Parameters.Keys | Sort-Object)
        $missing = @($inCode | Where-Object { $_ -notin $inDocs })
        $extra = @($inDocs | Where-Object { $_ -notin $inCode })
        $drift = @($missing | ForEach-Object { "-$_ is in code, not in docs/en-US/$Name.md" }) + @($extra | ForEach-Object { "-$_ is in docs/en-US/$Name.md, not in code" })
        $drift | Should -BeNullOrEmpty
    }

    It 'documents each parameter as the code declares it (type, sets, required, position, pipeline, wildcards, aliases)' {
        $differences = foreach ($parameter in $Command.Parameters | Where-Object { -not $_.Hidden -and $Page.Parameters.Contains($_.Name) }) {
            $yaml = $Page.Parameters[$parameter.Name]
            $docSets = if ($yaml['Parameter Sets'] -eq '(All)') { '(All)' } else { (($yaml['Parameter Sets'] -split ',\s*') | Sort-Object) -join ', ' }
            $docAliases = ((($yaml['Aliases'] -split ',\s*') | Where-Object { $_ -and $_ -ne 'None' }) | Sort-Object) -join ', '
            $pairs = [ordered]@{
                'Type'                       = @($parameter.Type, $yaml['Type'])
                'Parameter Sets'             = @($parameter.Sets, $docSets)
                'Required'                   = @($parameter.Required, $yaml['Required'])
                'Position'                   = @($parameter.Position, $yaml['Position'])
                'Accept pipeline input'      = @($parameter.Pipeline, $yaml['Accept pipeline input'])
                'Accept wildcard characters' = @($parameter.Wildcards, $yaml['Accept wildcard characters'])
                'Aliases'                    = @($parameter.Aliases, $docAliases)
            }
            foreach ($key in $pairs.Keys) {
                if ("$($pairs[$key][0])" -ne "$($pairs[$key][1])") { "-$($parameter.Name) $($key): code '$($pairs[$key][0])', docs '$($pairs[$key][1])'" }
            }
        }
        @($differences) | Should -BeNullOrEmpty
    }

    It 'lists the same parameter sets in ## SYNTAX' {
        if (@($Command.Sets).Count -gt 1) {
            (@($Page.Sets) | Sort-Object) -join ', ' | Should -Be ((@($Command.Sets) | Sort-Object) -join ', ')
        }
        else {
            @($Page.Sets | Where-Object { $_ -ne '__AllParameterSets' }).Count | Should -BeLessOrEqual 1
        }
    }
}

Describe 'Docs drift: page <Name>.md' -ForEach $pageCases {
    It 'describes a cmdlet the module exports' {
        $Name | Should -BeIn $Exported -Because "docs/en-US/$Name.md describes a cmdlet the module does not export"
    }
}

Describe 'Get-Help about_AtlanTokens' -ForEach @($aboutCase) {
    It 'shows the topic from the built module' {
        $About | Should -Match 'about_AtlanTokens'
        $About | Should -Match 'SHORT DESCRIPTION'
        $About | Should -Match 'LONG DESCRIPTION'
    }

    It 'explains the concepts a user needs' {
        foreach ($concept in 'own actors', 'complete set', 'shown once', 'catch-22', 'Copy as cURL', 'per runspace', '-Force', 'Confirm:\$false', 'encrypted Automation variable') {
            $About | Should -Match $concept
        }
    }

    It 'is listed with its synopsis by Get-Help about_*' {
        @($AboutListed) -join "`n" | Should -Match 'about_AtlanTokens\|.*Atlan API tokens'
    }
}

Describe 'HelpBuilder refuses malformed pages' {
    BeforeAll {
        $helpBuilder = Join-Path $PSScriptRoot '../../tools/HelpBuilder/bin/Release/net10.0/HelpBuilder.dll'
        $source = Get-Content (Join-Path $PSScriptRoot '../../docs/en-US/Get-AtlanSession.md') -Raw
        function Invoke-HelpBuilder([string] $PageText) {
            $dir = Join-Path ([IO.Path]::GetTempPath()) "atlantokens-badpage-$([guid]::NewGuid().ToString('n'))"
            $null = New-Item -ItemType Directory -Path "$dir/docs"
            Set-Content -Path "$dir/docs/Get-AtlanSession.md" -Value $PageText -Encoding utf8
            $output = & dotnet $helpBuilder --docs "$dir/docs" --out "$dir/out" 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n"); Wrote = (Test-Path "$dir/out/AtlanTokens.dll-Help.xml") }
            Remove-Item $dir -Recurse -Force
        }
    }

    It 'accepts the page as it is' -Skip:(-not (Test-Path (Join-Path $PSScriptRoot '../../tools/HelpBuilder/bin/Release/net10.0/HelpBuilder.dll'))) {
        (Invoke-HelpBuilder $source).ExitCode | Should -Be 0
    }

    It 'fails naming the page and the problem: <Problem>' -Skip:(-not (Test-Path (Join-Path $PSScriptRoot '../../tools/HelpBuilder/bin/Release/net10.0/HelpBuilder.dll'))) -ForEach @(
        @{ Problem = 'missing section'; Change = { param($t) $t -replace '## DESCRIPTION', '## DESCRIPTON' }; Expect = 'DESCRIPTON' }
        @{ Problem = 'no examples'; Change = { param($t) $t -replace '(?s)## EXAMPLES.*?## PARAMETERS', "## EXAMPLES`n`n## PARAMETERS" }; Expect = 'no example' }
        @{ Problem = 'unfilled placeholder'; Change = { param($t) $t -replace '(?m)^Gets the default.*$', '{{ Fill in the Synopsis }}' }; Expect = 'placeholder' }
        @{ Problem = 'syntax lists an undescribed parameter'; Change = { param($t) $t -replace 'Get-AtlanSession \[<CommonParameters>\]', 'Get-AtlanSession [-Ghost <String>] [<CommonParameters>]' }; Expect = '-Ghost' }
    ) {
        $result = Invoke-HelpBuilder (& $Change $source)
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match 'Get-AtlanSession\.md'
        $result.Output | Should -Match $Expect
        $result.Wrote | Should -BeFalse
    }
}
