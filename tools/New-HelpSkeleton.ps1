<#
.SYNOPSIS
    Writes a PlatyPS v1 schema page (docs/en-US/<Verb-Noun>.md) for a cmdlet of the built module: the syntax
    blocks and every parameter's yaml block come from the cmdlet itself, the prose is left as {{ Fill ... }}
    placeholders, which tools/HelpBuilder refuses until they are filled. What New-MarkdownHelp does, where
    PlatyPS cannot be installed.
.EXAMPLE
    dotnet pwsh -NoProfile -File tools/New-HelpSkeleton.ps1 -ModulePath out/AtlanTokens/0.1.0/AtlanTokens.psd1 -Command Add-AtlanTokenConnectionAdmin
.NOTES
    Run it in a fresh process (it imports the built module). An existing page is kept unless -Force.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string[]] $Command,
    [string] $OutputFolder = (Join-Path (Split-Path -Parent $PSScriptRoot) 'docs/en-US'),
    [switch] $Force
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path -Force
$common = [System.Management.Automation.PSCmdlet]::CommonParameters

function Test-Hidden($parameter) {
    @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count -gt 0
}

function Get-SetMeta($parameter, [string] $set) {
    $attribute = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ParameterSetName -eq $set -or $_.ParameterSetName -eq '__AllParameterSets') } | Select-Object -First 1
    $pipeline = @()
    if ($attribute.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    if ($attribute.ValueFromPipeline) { $pipeline += 'ByValue' }
    [pscustomobject]@{
        Required = [bool] $attribute.Mandatory
        Position = if ($attribute.Position -lt 0) { 'Named' } else { "$($attribute.Position)" }
        Pipeline = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    }
}

function Format-SyntaxParameter($parameter) {
    $type = $parameter.ParameterType.Name
    $isSwitch = $parameter.ParameterType -eq [switch]
    $name = if ($parameter.Position -ge 0) { "[-$($parameter.Name)]" } else { "-$($parameter.Name)" }
    $text = if ($isSwitch) { "-$($parameter.Name)" } else { "$name <$type>" }
    if ($parameter.IsMandatory) { $text } else { "[$text]" }
}

foreach ($name in $Command) {
    $info = Get-Command $name -CommandType Cmdlet
    $path = Join-Path $OutputFolder "$name.md"
    if ((Test-Path $path) -and -not $Force) { Write-Warning "$path exists; skipped (use -Force)."; continue }
    $instance = [Activator]::CreateInstance($info.ImplementingType)
    $sets = @($info.ParameterSets)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.AddRange([string[]]@('---', 'external help file: AtlanTokens.dll-Help.xml', 'Module Name: AtlanTokens', 'online version:', 'schema: 2.0.0', '---', '', "# $name", '', '## SYNOPSIS', "{{ Fill in the Synopsis }}", '', '## SYNTAX', ''))
    foreach ($set in $sets) {
        if ($sets.Count -gt 1 -or $set.Name -ne '__AllParameterSets') {
            $lines.Add("### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })")
        }
        $parts = @($name) + @($set.Parameters | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } | Where-Object { $_.Name -notin $common -and $_.Name -notin 'WhatIf', 'Confirm' -and -not (Test-Hidden $_) } | ForEach-Object { Format-SyntaxParameter $_ })
        if ($set.Parameters.Name -contains 'WhatIf') { $parts += '[-WhatIf]', '[-Confirm]' }
        $parts += '[<CommonParameters>]'
        $lines.AddRange([string[]]@('```', ($parts -join ' '), '```', ''))
    }
    $lines.AddRange([string[]]@('## DESCRIPTION', '{{ Fill in the Description }}', '', '## EXAMPLES', '', '### Example 1: {{ title }}', '```powershell', '{{ code }}', '```', '', '{{ explanation }}', '', '## PARAMETERS', ''))
    $parameters = $info.Parameters.Values | Where-Object { $_.Name -notin $common -and -not (Test-Hidden $_) } | Sort-Object { $_.Name -in 'WhatIf', 'Confirm' }, Name
    foreach ($parameter in $parameters) {
        $own = @($parameter.ParameterSets.Keys)
        $inAll = $own -contains '__AllParameterSets' -or ($sets.Count -gt 1 -and $own.Count -eq $sets.Count)
        $groups = if ($inAll) { , @('(All)') } else { , $own }
        $meta = Get-SetMeta $parameter $(if ($inAll) { '__AllParameterSets' } else { $own[0] })
        $default = if ($parameter.ParameterType -eq [switch]) { 'False' } else {
            $value = $info.ImplementingType.GetProperty($parameter.Name).GetValue($instance)
            if ($null -eq $value -or ($value -is [array] -and $value.Count -eq 0) -or "$value" -eq '' -or ($value -is [timespan] -and $value -eq [timespan]::Zero)) { 'None' } else { "$value" }
        }
        $wildcards = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
        $lines.AddRange([string[]]@("### -$($parameter.Name)", '{{ Fill in the description }}', '', '```yaml',
            "Type: $($parameter.ParameterType.Name)",
            "Parameter Sets: $($groups -join ', ')",
            "Aliases:$(if ($parameter.Aliases.Count) { ' ' + ($parameter.Aliases -join ', ') })",
            '',
            "Required: $($meta.Required)",
            "Position: $($meta.Position)",
            "Default value: $default",
            "Accept pipeline input: $($meta.Pipeline)",
            "Accept wildcard characters: $wildcards",
            '```', ''))
    }
    $lines.AddRange([string[]]@('### CommonParameters', 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).', '',
        '## INPUTS', '', '### {{ Type }}', '', '## OUTPUTS', '', '### {{ Type }}', '', '## NOTES', '', '## RELATED LINKS', '', '[about_AtlanTokens](about_AtlanTokens.md)'))
    Set-Content -Path $path -Value ($lines -join "`n") -Encoding utf8NoBOM
    Write-Host "Wrote $path"
}
