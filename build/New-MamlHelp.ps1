<#
.SYNOPSIS
    Compiles the help sources (module/help/<Verb-Noun>.psd1) and the compiled cmdlets' metadata into MAML
    (<module>/en-US/VCloudPS.dll-Help.xml).
.DESCRIPTION
    Syntax, parameter types, positions, pipeline input and mandatory flags come from the compiled cmdlets, so they can
    never drift from the code; prose and examples come from the help sources. Runs in a child pwsh so the build process
    never loads (and locks) the module it has just built.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [switch] $InProcess
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $InProcess) {
    dotnet pwsh -NoProfile -NonInteractive -File $PSCommandPath -ModulePath $ModulePath -HelpSource $HelpSource -InProcess
    if ($LASTEXITCODE) { throw "help generation failed ($LASTEXITCODE)" }
    return
}

$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
# -WhatIf and -Confirm are shown (syntax and parameters) on the cmdlets that support them, as PowerShell's own help does.
$riskParameters = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$hidden = @($common | Where-Object { -not $riskParameters.ContainsKey($_) })
$module = Import-Module (Join-Path $ModulePath 'VCloudPS.psd1') -PassThru -Force
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)

function Escape([string] $Text) { [System.Security.SecurityElement]::Escape($Text) }

function Paragraphs([string] $Text) {
    if (-not $Text) { return '' }
    ($Text.Trim() -split '\r?\n\s*\r?\n' | ForEach-Object { "<maml:para>$(Escape ($_ -replace '\s*\r?\n\s*', ' '))</maml:para>" }) -join ''
}

function Get-HelpData([string] $Name) {
    $file = Join-Path $HelpSource "$Name.psd1"
    if (Test-Path $file) { return Import-PowerShellDataFile $file }
    Write-Warning "no help source for $Name ($file)"
    return @{ Synopsis = ''; Description = ''; Parameters = @{}; Examples = @() }
}

function Get-Value($Data, [string] $Key, $Default = $null) {
    if ($Data.ContainsKey($Key)) { return $Data[$Key] } else { return $Default }
}

function Format-PipelineInput($Parameter) {
    $kinds = @()
    foreach ($a in $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }) {
        if ($a.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($a.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    }
    $kinds = @($kinds | Select-Object -Unique)
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Format-Type([type] $Type, [switch] $Short) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { return Format-Type $inner -Short:$Short }       # Nullable[DateTime] reads as DateTime
    if ($Type.IsArray) { return (Format-Type $Type.GetElementType() -Short:$Short) + '[]' }
    if ($Type.IsGenericType) {
        $name = ($Type.Name -replace '`\d+$', '')
        return $name + '[' + (($Type.GetGenericArguments() | ForEach-Object { Format-Type $_ -Short:$Short }) -join ', ') + ']'
    }
    if ($Short) { return $Type.Name } else { return $Type.FullName }
}

$sb = [System.Text.StringBuilder]::new()
[void]$sb.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
[void]$sb.AppendLine('<helpItems schema="maml" xmlns="http://msh" xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')

foreach ($cmd in $commands) {
    $help = Get-HelpData $cmd.Name
    $paramHelp = Get-Value $help 'Parameters' @{}
    [void]$sb.AppendLine('<command:command>')
    [void]$sb.AppendLine("<command:details><command:name>$($cmd.Name)</command:name><command:verb>$($cmd.Verb)</command:verb><command:noun>$($cmd.Noun)</command:noun>")
    [void]$sb.AppendLine("<maml:description>$(Paragraphs (Get-Value $help 'Synopsis' ''))</maml:description></command:details>")
    [void]$sb.AppendLine("<maml:description>$(Paragraphs (Get-Value $help 'Description' ''))</maml:description>")

    [void]$sb.AppendLine('<command:syntax>')
    foreach ($set in $cmd.ParameterSets) {
        [void]$sb.AppendLine("<command:syntaxItem><maml:name>$($cmd.Name)</maml:name>")
        foreach ($p in $set.Parameters | Where-Object { $hidden -notcontains $_.Name }) {
            $position = if ($p.Position -ge 0) { $p.Position + 1 } else { 'named' }
            $pipeline = if ($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName) { 'True' } else { 'False' }
            [void]$sb.Append("<command:parameter required=`"$($p.IsMandatory.ToString().ToLower())`" position=`"$position`" pipelineInput=`"$pipeline`">")
            [void]$sb.Append("<maml:name>$($p.Name)</maml:name>")
            if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                [void]$sb.Append("<command:parameterValue required=`"true`">$(Escape (Format-Type $p.ParameterType -Short))</command:parameterValue>")
            }
            [void]$sb.AppendLine('</command:parameter>')
        }
        [void]$sb.AppendLine('</command:syntaxItem>')
    }
    [void]$sb.AppendLine('</command:syntax>')

    [void]$sb.AppendLine('<command:parameters>')
    foreach ($p in $cmd.Parameters.Values | Where-Object { $hidden -notcontains $_.Name } | Sort-Object Name) {
        $sets = @($p.ParameterSets.Values)
        $mandatory = [bool]($sets | Where-Object IsMandatory)
        $positions = @($sets | Where-Object { $_.Position -ge 0 } | ForEach-Object { $_.Position + 1 })
        $position = if ($positions) { $positions[0] } else { 'named' }
        $text = if ($paramHelp.ContainsKey($p.Name)) { $paramHelp[$p.Name] } elseif ($riskParameters.ContainsKey($p.Name)) { $riskParameters[$p.Name] } else { '' }
        $validateSet = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        if ($validateSet) { $text = "$text Accepted values: $($validateSet.ValidValues -join ', ')." }
        [void]$sb.Append("<command:parameter required=`"$($mandatory.ToString().ToLower())`" position=`"$position`" pipelineInput=`"$(Format-PipelineInput $p)`" globbing=`"false`">")
        [void]$sb.Append("<maml:name>$($p.Name)</maml:name><maml:description>$(Paragraphs $text)</maml:description>")
        [void]$sb.Append("<command:parameterValue required=`"true`">$(Escape (Format-Type $p.ParameterType -Short))</command:parameterValue>")
        [void]$sb.Append("<dev:type><maml:name>$(Escape (Format-Type $p.ParameterType))</maml:name></dev:type>")
        if ($p.Aliases.Count) { [void]$sb.Append("<command:aliases>$(Escape ($p.Aliases -join ', '))</command:aliases>") }
        [void]$sb.AppendLine('</command:parameter>')
    }
    [void]$sb.AppendLine('</command:parameters>')

    foreach ($pair in @(@('Inputs', 'inputTypes', 'inputType'), @('Outputs', 'returnValues', 'returnValue'))) {
        $items = @(Get-Value $help $pair[0] @())
        [void]$sb.Append("<command:$($pair[1])>")
        foreach ($i in $items) {
            [void]$sb.Append("<command:$($pair[2])><dev:type><maml:name>$(Escape $i.Type)</maml:name></dev:type><maml:description>$(Paragraphs $i.Description)</maml:description></command:$($pair[2])>")
        }
        [void]$sb.AppendLine("</command:$($pair[1])>")
    }

    $notes = Get-Value $help 'Notes' ''
    if ($notes) { [void]$sb.AppendLine("<maml:alertSet><maml:alert>$(Paragraphs $notes)</maml:alert></maml:alertSet>") }

    [void]$sb.AppendLine('<command:examples>')
    $n = 0
    foreach ($e in @(Get-Value $help 'Examples' @())) {
        $n++
        [void]$sb.AppendLine("<command:example><maml:title>--------- Example $n`: $(Escape $e.Title) ---------</maml:title><dev:code>$(Escape $e.Code)</dev:code><dev:remarks>$(Paragraphs $e.Remarks)</dev:remarks></command:example>")
    }
    [void]$sb.AppendLine('</command:examples>')

    [void]$sb.Append('<command:relatedLinks>')
    foreach ($l in @(Get-Value $help 'Links' @())) {
        [void]$sb.Append("<maml:navigationLink><maml:linkText>$(Escape $l)</maml:linkText></maml:navigationLink>")
    }
    [void]$sb.AppendLine('</command:relatedLinks>')
    [void]$sb.AppendLine('</command:command>')
}
[void]$sb.AppendLine('</helpItems>')

$target = Join-Path $ModulePath 'en-US'
New-Item -ItemType Directory -Force $target | Out-Null
$file = Join-Path $target 'VCloudPS.dll-Help.xml'
[System.IO.File]::WriteAllText($file, $sb.ToString(), [System.Text.UTF8Encoding]::new($false))
[xml](Get-Content $file -Raw) | Out-Null   # must be well-formed
Write-Host "help for $($commands.Count) cmdlets written to $file"
