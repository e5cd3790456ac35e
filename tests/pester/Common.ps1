# Dot-sourced by each *.Tests.ps1 in BeforeAll: imports the built module and the emulator helpers, and gives the file an
# emulator (unless the file set $script:NoTestEmulator first: it starts what it needs itself).
$ErrorActionPreference = 'Stop'
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:ATLANTOKENS_MODULE_PATH) { $env:ATLANTOKENS_MODULE_PATH } else {
    (Get-ChildItem (Join-Path $script:RepoRoot 'out/AtlanTokens') -Filter AtlanTokens.psd1 -Recurse | Select-Object -First 1).FullName
}
$configuration = if ($env:ATLANTOKENS_CONFIGURATION) { $env:ATLANTOKENS_CONFIGURATION } else { 'Release' }
# The module paces every tenant at 600 requests a minute by default; the suite's emulator has no limit unless a test
# sets one, so tests run unpaced (child processes inherit this). Tests of the budget pass -RequestsPerMinute.
if (-not $env:ATLAN_REQUESTS_PER_MINUTE) { $env:ATLAN_REQUESTS_PER_MINUTE = '1000000' }
# Grants wait at least 100 ms between a save and its check read, for writers on other machines; the suite has none
# (its concurrency tests start their own processes and runspaces, which keep the default), so this runspace's
# sessions leave only the adaptive part of that wait (Session.Tests checks the default and the setting).
$global:PSDefaultParameterValues['Connect-AtlanTenant:GrantSettleMs'] = 0
Import-Module $modulePath
Import-Module (Join-Path $script:RepoRoot 'tools/AtlanEmulator.psm1') -Force
# Every file runs in the one Pester runspace: sessions an earlier file left open (Disconnect-AtlanTenant of the
# default brings back the previous one) must not become this file's default.
Get-AtlanSession -All | Disconnect-AtlanTenant

$noTestEmulator = Get-Variable NoTestEmulator -Scope Script -ValueOnly -ErrorAction Ignore
Remove-Variable NoTestEmulator -Scope Script -ErrorAction Ignore   # one file's choice, never the next file's
# One emulator per Pester process, shared by the files that run in it (a start costs about half a second of CPU): each
# file takes it back to the seed with keys of its own (the module keeps one request budget per tenant and key, so no
# file inherits another's learned rate or pause), with faults, rate limit and index lag cleared.
if (-not $noTestEmulator) {
    $shared = Get-Variable AtlanTestEmulator -Scope Global -ValueOnly -ErrorAction Ignore
    if ($shared -and -not $shared.Process.HasExited) {
        Reset-AtlanEmulator -Emulator $shared -NewKeys
        $script:Emulator = $shared
    }
    else {
        $script:Emulator = Start-AtlanEmulator -Path (Join-Path $script:RepoRoot "src/AtlanTokens.Emulator/bin/$configuration/net10.0/AtlanTokens.Emulator.dll")
        $global:AtlanTestEmulator = $script:Emulator
    }
    $script:AdminKeyPlain = [System.Net.NetworkCredential]::new('', $script:Emulator.AdminApiKey).Password
}

function Stop-TestEmulator {
    # The file's emulator, in its AfterAll: the shared one stays for the next file (it stops with this process, which
    # it watches); one the file started itself is stopped.
    $shared = Get-Variable AtlanTestEmulator -Scope Global -ValueOnly -ErrorAction Ignore
    if ($script:Emulator -and -not [object]::ReferenceEquals($script:Emulator, $shared)) { Stop-AtlanEmulator -Emulator $script:Emulator }
}

function Connect-TestTenant {
    param([securestring] $ApiKey = $script:Emulator.AdminApiKey, [switch] $PassThru)
    Connect-AtlanTenant -BaseUrl $script:Emulator.Url -ApiKey $ApiKey -PassThru:$PassThru
}

function Get-TenantToken {
    # The emulator's own view of the tokens, bypassing the module.
    param([string] $DisplayName)
    @((Get-AtlanEmulatorState -Emulator $script:Emulator).tokens | Where-Object { -not $DisplayName -or $_.displayName -ceq $DisplayName })
}

function Get-ApiRequest {
    # API calls that reached the emulator (method + path), optionally only changes.
    param([switch] $ChangesOnly)
    @(Get-AtlanEmulatorRequest -Emulator $script:Emulator | Where-Object { -not $ChangesOnly -or $_.method -in 'POST', 'DELETE' } |
        Where-Object { $_.path -notlike '/api/meta/search/*' })
}

function Get-PersonaQualifiedName([string] $Name) {
    ((Get-AtlanEmulatorState -Emulator $script:Emulator).personas | Where-Object { $_.attributes.name -eq $Name }).attributes.qualifiedName
}

function Get-HostText {
    # What a command writes to the host (e.g. "What if:" lines), which no stream redirection captures.
    param([scriptblock] $Command)
    $file = Join-Path ([IO.Path]::GetTempPath()) ("atlantokens-host-" + [guid]::NewGuid() + '.txt')
    $minimal = if ($PSVersionTable.PSVersion.Major -ge 7) { @{ UseMinimalHeader = $true } } else { @{} }   # 5.1 has no -UseMinimalHeader
    $null = Start-Transcript -Path $file @minimal
    try { & $Command | Out-Null } finally { $null = Stop-Transcript }
    $text = Get-Content $file -Raw
    Remove-Item $file
    $text
}

function Invoke-FreshPwsh {
    # Runs a script in a new PowerShell process (same version as this one), optionally with extra environment.
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    # The same PowerShell as this one: 'dotnet pwsh.dll' under the dotnet tool, else this process's own executable
    # (pwsh, or powershell.exe for Windows PowerShell 5.1). The script goes base64-encoded: no quoting rules apply.
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $start = [System.Diagnostics.ProcessStartInfo]::new($self)
    $start.Arguments = "-NoProfile -NonInteractive -EncodedCommand $encoded"
    if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $start.Arguments = "`"$(Join-Path $PSHOME 'pwsh.dll')`" " + $start.Arguments }
    $start.UseShellExecute = $false
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string] $Environment[$name] }
    $start.Environment['NO_COLOR'] = '1'
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout; Errors = $stderr.Result }
}
