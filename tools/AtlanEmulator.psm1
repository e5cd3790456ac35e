#Requires -Version 5.1
<#
    Helpers to run the Atlan emulator (src/AtlanTokens.Emulator) from PowerShell: for build.ps1 Demo, the Pester
    tests and anyone trying the module without a tenant. The emulator is a separate process bound to 127.0.0.1;
    these functions start and stop it and drive its /_emulator control API.
    build.ps1 Package also ships this file as the AtlanTokens.Emulator PowerShell module (with a generated manifest),
    beside the emulator as a .NET tool (AtlanTokens.Emulator.Tool, command atlan-emulator), which Start-AtlanEmulator
    finds when no -Path is given.
#>
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:DefaultDll = Join-Path $script:RepoRoot 'src/AtlanTokens.Emulator/bin/Release/net10.0/AtlanTokens.Emulator.dll'
$script:ToolPackageId = 'AtlanTokens.Emulator.Tool'
$script:ToolCommand = 'atlan-emulator'
$script:FaultKinds = 'status', 'delay', 'drop', 'dropAfterCommit', 'malformed', 'html', 'rateLimit', 'nullRecords', 'lyingFilterRecord', 'hugeBody', 'delayAnswer', 'searchTimeout', 'atlasUnhandled', 'badRecord', 'gzipBomb', 'commitLater', 'renameAfter', 'personaNamesMissing', 'endlessSearch'

function Find-AtlanEmulatorDll {
    # The emulator to run when Start-AtlanEmulator gets no -Path: this repository's Release build (when this file is
    # tools/AtlanEmulator.psm1 of a built clone), else the installed .NET tool: atlan-emulator on PATH, or in the
    # global tools folder (~/.dotnet/tools). A tool directory (dotnet tool install --tool-path <dir>) may be given.
    param([string] $ToolDirectory)
    if (-not $ToolDirectory -and (Test-Path -LiteralPath $script:DefaultDll -PathType Leaf)) { return $script:DefaultDll }
    $directories = if ($ToolDirectory) { @($ToolDirectory) } else {
        @(Get-Command $script:ToolCommand -CommandType Application -ErrorAction Ignore | ForEach-Object { Split-Path -Parent $_.Source })
        Join-Path ([Environment]::GetFolderPath('UserProfile')) '.dotnet/tools'
    }
    $id = $script:ToolPackageId.ToLowerInvariant()
    foreach ($directory in $directories) {
        # dotnet tool install lays a tool out as <tools>/.store/<id>/<version>/<id>/<version>/tools/<tfm>/any/.
        $store = Join-Path $directory ".store/$id"
        if (-not (Test-Path -LiteralPath $store -PathType Container)) { continue }
        $found = Get-ChildItem -LiteralPath $store -Directory | Sort-Object { $_.Name -as [version] } -Descending |
            ForEach-Object { Get-ChildItem -Path (Join-Path $_.FullName "$id/*/tools/*/any/AtlanTokens.Emulator.dll") -ErrorAction Ignore } |
            Select-Object -First 1
        if ($found) { return $found.FullName }
    }
    $where = if ($ToolDirectory) { "in the tool directory '$ToolDirectory'" } else { "on PATH or in ~/.dotnet/tools, and this is not a built clone of the repository" }
    throw "The Atlan emulator is not installed $where. Install it with: dotnet tool install --global $($script:ToolPackageId) --add-source <folder with the package> (or pass -Path to AtlanTokens.Emulator.dll)."
}

function Stop-EmulatorProcess([System.Diagnostics.Process] $Process) {
    # Kill(bool) (the whole tree) exists on .NET Core only; the emulator starts no children.
    if ($PSVersionTable.PSEdition -eq 'Core') { $Process.Kill($true) } else { $Process.Kill() }
}

function Invoke-EmulatorControl {
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [object] $Body
    )
    $arguments = @{
        Method     = $Method
        Uri        = "$($Emulator.Url)/_emulator/$Path"
        TimeoutSec = 30
    }
    # Every start has its own control key; the control API answers nobody else.
    if ($Emulator.PSObject.Properties['ControlKey'] -and $Emulator.ControlKey) {
        $arguments.Headers = @{ 'X-Emulator-Control-Key' = [System.Net.NetworkCredential]::new('', $Emulator.ControlKey).Password }
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $arguments.ContentType = 'application/json'
        $arguments.Body = ConvertTo-Json -InputObject $Body -Depth 10 -Compress
    }
    Invoke-RestMethod @arguments
}

function Read-EmulatorStartLine {
    # One line of the emulator's start output, matched against a pattern, or a clear failure.
    param([System.Diagnostics.Process] $Process, [string] $Pattern, [string] $What, [int] $TimeoutSeconds)
    $pending = $Process.StandardOutput.ReadLineAsync()
    if (-not $pending.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $null -eq $pending.Result) {
        if (-not $Process.HasExited) { Stop-EmulatorProcess $Process }
        throw "The Atlan emulator did not report its $What within $TimeoutSeconds s (exit code: $(if ($Process.HasExited) { $Process.ExitCode } else { 'still running' })). See its error output above."
    }
    if ($pending.Result -notmatch $Pattern) {
        Stop-EmulatorProcess $Process
        # The line may hold a key: it is not repeated.
        throw "Unexpected start output from the Atlan emulator where its $What was expected."
    }
    $Matches[1]
}

function Start-AtlanEmulator {
    <#
    .SYNOPSIS
        Starts the Atlan emulator on a free 127.0.0.1 port and returns a handle (Url, AdminApiKey, ProcessId).
    .DESCRIPTION
        Runs 'dotnet <dll> --port 0 --parent-pid $PID' (the emulator stops by itself when this PowerShell process
        exits), reads its start lines (address, admin API key, control key) and returns an object whose AdminApiKey is
        this start's admin API key as a SecureString. Every start has a fresh random admin key and control key; the
        other functions of this module pass the control key (the handle's ControlKey) to the control API.
        The emulator binds 127.0.0.1 only, whatever the environment says; -Listen binds another address (another
        machine can then reach it: only on a network you trust).
        Without -Path it runs this repository's Release build (from a built clone) or else the installed .NET tool
        AtlanTokens.Emulator.Tool (atlan-emulator on PATH, or in ~/.dotnet/tools). -Path takes the emulator's dll or
        a tool directory (dotnet tool install --tool-path <dir>).
    .EXAMPLE
        $emulator = Start-AtlanEmulator
        Connect-AtlanTenant -BaseUrl $emulator.Url -ApiKey $emulator.AdminApiKey
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [string] $Path,
        [string] $SeedPath,
        # Another tenant id than 'default': the seed's qualified names then start with it (e.g. 'acme/...').
        [ValidatePattern('^[a-z0-9][a-z0-9-]{0,62}$')] [string] $TenantId,
        [ValidateRange(1, 300)] [int] $TimeoutSeconds = 20,
        # An IP address to bind instead of 127.0.0.1 (e.g. 0.0.0.0): other machines can then reach the emulator.
        [System.Net.IPAddress] $Listen,
        # Use the seed's own admin key and OAuth client secrets instead of fresh random ones (tests that pin them).
        [switch] $KeepSeedKeys
    )

    $dll = if (-not $Path) { Find-AtlanEmulatorDll } else { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path) }
    if (Test-Path -LiteralPath $dll -PathType Container) { $dll = Find-AtlanEmulatorDll -ToolDirectory $dll }
    if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) {
        throw "Atlan emulator not found at '$dll'. Build it first: ./build.ps1 Build (or pass -Path to a built AtlanTokens.Emulator.dll)."
    }

    $seed = if ($SeedPath) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($SeedPath) } else { Join-Path (Split-Path -Parent $dll) 'seed.json' }
    if (-not (Test-Path -LiteralPath $seed -PathType Leaf)) {
        throw "Seed file not found at '$seed'."
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $arguments = @($dll, '--port', '0', '--seed', $seed, '--parent-pid', "$PID")
    if ($TenantId) { $arguments += '--tenant-id', $TenantId }
    if ($Listen) { $arguments += '--listen', $Listen.ToString() }
    if ($KeepSeedKeys) { $arguments += '--keep-seed-keys' }
    if ($PSVersionTable.PSEdition -eq 'Core') { foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) } }
    else { $start.Arguments = ($arguments | ForEach-Object { '"' + $_ + '"' }) -join ' ' }   # .NET Framework: no ArgumentList
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $false
    $process = [System.Diagnostics.Process]::Start($start)

    $url = Read-EmulatorStartLine $process '^AtlanEmulator listening on (http://\S+)$' 'address' $TimeoutSeconds
    $adminKey = Read-EmulatorStartLine $process '^AtlanEmulator admin API key: (\S+)$' 'admin API key' $TimeoutSeconds
    if ($adminKey -eq '(none:') {
        Stop-EmulatorProcess $process
        throw "Seed file '$seed' has no API token with role `$admin, so there is no admin key to hand out."
    }
    $controlKey = Read-EmulatorStartLine $process '^AtlanEmulator control key: (\S+)$' 'control key' $TimeoutSeconds
    if ($Listen) { $url = $url -replace '^http://(0\.0\.0\.0|\[::\]):', 'http://127.0.0.1:' }   # this machine reaches it on loopback

    $emulator = [pscustomobject]@{
        PSTypeName  = 'AtlanEmulator.Instance'
        Url         = $url
        AdminApiKey = ConvertTo-SecureString -String $adminKey -AsPlainText -Force
        ProcessId   = $process.Id
        Process     = $process
        SeedPath    = $seed
        ControlKey  = ConvertTo-SecureString -String $controlKey -AsPlainText -Force
    }
    $display = [System.Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]@('Url', 'ProcessId'))
    $emulator | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([System.Management.Automation.PSMemberInfo[]]@($display))
    $emulator
}

function New-AtlanEmulatorOAuthClient {
    <#
    .SYNOPSIS
        Creates an OAuth client in the emulator and returns it as a PSCredential (user name = client id, password =
        client secret), ready for Connect-AtlanTenant -OAuthCredential.
    .EXAMPLE
        $client = New-AtlanEmulatorOAuthClient -Emulator $e -TokenLifetimeSeconds 5
        Connect-AtlanTenant -BaseUrl $e.Url -OAuthCredential $client
    #>
    [CmdletBinding()]
    [OutputType([pscredential])]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [string] $DisplayName = 'emulator-oauth-client',
        [string] $Role = '$admin',
        # How long each bearer the client exchanges for is valid (short, to see bearers expire during a test).
        [ValidateRange(1, 86400)] [int] $TokenLifetimeSeconds = 600
    )
    $reply = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'oauth-clients' -Body @{
        displayName        = $DisplayName
        role               = $Role
        tokenExpirySeconds = $TokenLifetimeSeconds
    }
    [pscredential]::new($reply.clientId, (ConvertTo-SecureString -String $reply.clientSecret -AsPlainText -Force))
}

function Stop-AtlanEmulator {
    <#
    .SYNOPSIS
        Asks the emulator to shut down, waits for it, and kills it if it does not stop.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [psobject] $Emulator)
    process {
        $process = $Emulator.Process
        if ($process.HasExited) { return }
        try {
            $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'shutdown'
        }
        catch {
            Write-Verbose "Shutdown request failed: $($_.Exception.Message)"
        }
        if (-not $process.WaitForExit(10000)) {
            Stop-EmulatorProcess $process
            $null = $process.WaitForExit(5000)
        }
    }
}

function Set-AtlanEmulatorFault {
    <#
    .SYNOPSIS
        Arms a fault for matching API requests (see src/AtlanTokens.Emulator/README.md for the kinds).
    .EXAMPLE
        Set-AtlanEmulatorFault -Emulator $e -Kind dropAfterCommit -Method POST -PathPattern '^/api/service/apikeys$'
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)]
        [ValidateSet('status', 'delay', 'drop', 'dropAfterCommit', 'malformed', 'html', 'rateLimit', 'nullRecords', 'lyingFilterRecord', 'hugeBody', 'delayAnswer', 'searchTimeout', 'atlasUnhandled', 'badRecord', 'gzipBomb', 'commitLater', 'renameAfter', 'personaNamesMissing', 'endlessSearch')]
        [string] $Kind,
        [string] $Method,
        [string] $PathPattern,
        [ValidateRange(100, 599)] [int] $Status,
        [ValidateRange(0, [int]::MaxValue)] [int] $DelayMs = 0,
        [ValidateRange(0, [int]::MaxValue)] [int] $RetryAfterSeconds = 1,
        [ValidateRange(0, [int]::MaxValue)] [int] $Times = 1,
        # How many matching requests pass untouched before the fault fires (e.g. 2: the third matching GET fails).
        [ValidateRange(0, [int]::MaxValue)] [int] $Skip = 0,
        [string] $Body,
        # gzipBomb: megabytes the answer inflates to.
        [ValidateRange(1, 65536)] [int] $SizeMb = 1024
    )
    $fault = [ordered]@{
        kind              = ($script:FaultKinds | Where-Object { $_ -eq $Kind })
        method            = if ($Method) { $Method.ToUpperInvariant() } else { $null }
        pathPattern       = if ($PathPattern) { $PathPattern } else { $null }
        delayMs           = $DelayMs
        retryAfterSeconds = $RetryAfterSeconds
        times             = $Times
        skip              = $Skip
    }
    if ($PSBoundParameters.ContainsKey('Status')) { $fault.status = $Status }
    if ($PSBoundParameters.ContainsKey('Body')) { $fault.body = $Body }
    if ($PSBoundParameters.ContainsKey('SizeMb')) { $fault.sizeMb = $SizeMb }
    Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'faults' -Body $fault
}

function Get-AtlanEmulatorFault {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Method Get -Path 'faults'
}

function Clear-AtlanEmulatorFault {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Delete -Path 'faults'
}

function Set-AtlanEmulatorRateLimit {
    <#
    .SYNOPSIS
        Limits all API requests tenant-wide; 0 turns the limit off.
    .DESCRIPTION
        -RequestsPerMinute N: N a minute. -Requests N -WindowMs W: N per window of W ms (a scaled-down minute for tests
        and benchmarks). -Shape says how the limit counts and answers:
          bucket  (default) a token bucket refilled evenly; 429 JSON with Retry-After.
          window  Atlan's per-minute fixed window; 429 JSON, no Retry-After.
          gateway the nginx gateway's fixed window; 429 HTML page, no Retry-After.
    .EXAMPLE
        Set-AtlanEmulatorRateLimit -Emulator $e -Requests 100 -WindowMs 2000 -Shape gateway
    #>
    [CmdletBinding(DefaultParameterSetName = 'PerMinute')]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory, ParameterSetName = 'PerMinute')] [ValidateRange(0, [int]::MaxValue)] [int] $RequestsPerMinute,
        [Parameter(Mandatory, ParameterSetName = 'Window')] [ValidateRange(0, [int]::MaxValue)] [int] $Requests,
        [Parameter(ParameterSetName = 'Window')] [ValidateRange(1, 3600000)] [int] $WindowMs = 60000,
        [ValidateSet('bucket', 'window', 'gateway')] [string] $Shape = 'bucket'
    )
    $body = if ($PSCmdlet.ParameterSetName -eq 'PerMinute') {
        @{ requestsPerMinute = $RequestsPerMinute; shape = $Shape }
    } else {
        @{ requests = $Requests; windowMs = $WindowMs; shape = $Shape }
    }
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'ratelimit' -Body $body
}

function Get-AtlanEmulatorRateLimit {
    <#
    .SYNOPSIS
        The rate limit in force (requests, windowMs, shape) and how many requests it refused since it was set.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Method Get -Path 'ratelimit'
}

function Set-AtlanEmulatorIndexLag {
    <#
    .SYNOPSIS
        Makes index search lag the store: a save becomes searchable only after this long (0, the default, turns it off).
        GET /api/meta/entity/guid/{guid} never lags. Reset-AtlanEmulator turns it off again. Setting it first lets the
        index catch up with every earlier save.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [ValidateRange(0, 600000)] [int] $Milliseconds
    )
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'index-lag' -Body @{ milliseconds = $Milliseconds }
}

function Get-AtlanEmulatorRequest {
    <#
    .SYNOPSIS
        The API requests the emulator received, oldest first (method, path, query, body, requestId, headers, caller, status); never the bearer token.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Method Get -Path 'requests' | ForEach-Object { $_ }
}

function Clear-AtlanEmulatorRequest {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Delete -Path 'requests'
}

function Get-AtlanEmulatorState {
    <#
    .SYNOPSIS
        Tokens, personas, connections, collections and users as the emulator holds them (no secrets).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    Invoke-EmulatorControl -Emulator $Emulator -Method Get -Path 'state'
}

function Reset-AtlanEmulator {
    <#
    .SYNOPSIS
        Puts the emulator back to its seed state and clears faults, recorded requests, rate limit, index lag and stats.
    .DESCRIPTION
        With -NewKeys the admin API key and the seed's OAuth client secrets are replaced too, and the handle's
        AdminApiKey is updated: one emulator can then serve several test files, each with a key of its own (the
        AtlanTokens module keeps one request budget per tenant and key, so a file starts with a fresh one). Not for an
        emulator started with -KeepSeedKeys.
    .EXAMPLE
        Reset-AtlanEmulator -Emulator $emulator -NewKeys
        Connect-AtlanTenant -BaseUrl $emulator.Url -ApiKey $emulator.AdminApiKey
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator, [switch] $NewKeys)
    $answer = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'reset' -Body @{ newKeys = [bool] $NewKeys }
    if ($NewKeys) {
        $Emulator.AdminApiKey = ConvertTo-SecureString -String $answer.adminApiKey -AsPlainText -Force
    }
}

function New-AtlanEmulatorBearerToken {
    <#
    .SYNOPSIS
        Mints a human user's bearer token (the "impersonation token" of the grants), as a SecureString.
    .EXAMPLE
        $alice = New-AtlanEmulatorBearerToken -Emulator $e -UserName alice
    .EXAMPLE
        $expired = New-AtlanEmulatorBearerToken -Emulator $e -UserName alice -ExpiresInSeconds -60
    #>
    [CmdletBinding()]
    [OutputType([securestring])]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [string] $UserName,
        [int] $ExpiresInSeconds = 3600
    )
    $reply = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path "users/$([uri]::EscapeDataString($UserName))/bearer" -Body @{ expiresInSeconds = $ExpiresInSeconds }
    ConvertTo-SecureString -String $reply.token -AsPlainText -Force
}

function Add-AtlanEmulatorTokens {
    <#
    .SYNOPSIS
        Creates many API tokens directly in the emulator (named <Prefix>1..<Prefix>N), for load tests and benchmarks.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [ValidateRange(1, 1000000)] [int] $Count,
        [string] $Prefix = 'load-',
        [string[]] $PersonaQualifiedName = @()
    )
    $reply = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'tokens/bulk' -Body @{
        count                 = $Count
        prefix                = $Prefix
        personaQualifiedNames = @($PersonaQualifiedName)
    }
    $reply.count
}

function Remove-AtlanEmulatorAsset {
    <#
    .SYNOPSIS
        Soft-deletes an asset (status DELETED), e.g. to test a grant on a connection deleted meanwhile.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [string] $Guid
    )
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path "assets/$([uri]::EscapeDataString($Guid))/delete" -Body @{}
}

function Set-AtlanEmulatorAssetCreator {
    <#
    .SYNOPSIS
        Makes a user or API token (service-account-<clientId>) the creator of an asset, as if it had created it; the
        creator joins adminUsers. E.g. a query collection an API token created, whose creator Atlas always keeps.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [string] $Guid,
        [Parameter(Mandatory)] [string] $UserName
    )
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path "assets/$([uri]::EscapeDataString($Guid))/creator" -Body @{ username = $UserName }
}

function Get-AtlanEmulatorStats {
    <#
    .SYNOPSIS
        TCP connections accepted and API requests served since start, reset or -Clear.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [switch] $Clear
    )
    Invoke-EmulatorControl -Emulator $Emulator -Method Get -Path 'stats'
    if ($Clear) {
        $null = Invoke-EmulatorControl -Emulator $Emulator -Method Delete -Path 'stats'
    }
}

function Revoke-AtlanEmulatorOAuthBearer {
    <#
    .SYNOPSIS
        Revokes every bearer an OAuth client holds now: the next call with one of them gets 401 (as when a bearer is
        revoked or expires early); a new exchange works again.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [string] $ClientId
    )
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path "oauth-clients/$([uri]::EscapeDataString($ClientId))/revoke" -Body @{}
}

Export-ModuleMember -Function Start-AtlanEmulator, Stop-AtlanEmulator, Set-AtlanEmulatorFault, Get-AtlanEmulatorFault, Clear-AtlanEmulatorFault,
    Set-AtlanEmulatorRateLimit, Get-AtlanEmulatorRateLimit, Get-AtlanEmulatorRequest, Clear-AtlanEmulatorRequest, Get-AtlanEmulatorState, Reset-AtlanEmulator,
    New-AtlanEmulatorBearerToken, Add-AtlanEmulatorTokens, Remove-AtlanEmulatorAsset, Get-AtlanEmulatorStats, Set-AtlanEmulatorIndexLag,
    New-AtlanEmulatorOAuthClient, Revoke-AtlanEmulatorOAuthBearer, Set-AtlanEmulatorAssetCreator
