#Requires -Version 7.0
<#
    Helpers to run the Atlan emulator (src/AtlanTokens.Emulator) from PowerShell: for build.ps1 Demo, the Pester
    tests and anyone trying the module without a tenant. The emulator is a separate process bound to 127.0.0.1;
    these functions start and stop it and drive its /_emulator control API.
#>
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:DefaultDll = Join-Path $script:RepoRoot 'src/AtlanTokens.Emulator/bin/Release/net10.0/AtlanTokens.Emulator.dll'
$script:FaultKinds = 'status', 'delay', 'drop', 'dropAfterCommit', 'malformed', 'html', 'rateLimit', 'nullRecords', 'lyingFilterRecord', 'hugeBody', 'badRecord', 'gzipBomb', 'commitLater'

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
    if ($PSBoundParameters.ContainsKey('Body')) {
        $arguments.ContentType = 'application/json'
        $arguments.Body = ConvertTo-Json -InputObject $Body -Depth 10 -Compress
    }
    Invoke-RestMethod @arguments
}

function Start-AtlanEmulator {
    <#
    .SYNOPSIS
        Starts the Atlan emulator on a free 127.0.0.1 port and returns a handle (Url, AdminApiKey, ProcessId).
    .DESCRIPTION
        Runs 'dotnet <dll> --port 0 --parent-pid $PID' (the emulator stops by itself when this PowerShell process
        exits), waits for its 'AtlanEmulator listening on <url>' line and returns an object whose AdminApiKey is the
        seed's admin API token as a SecureString.
    .EXAMPLE
        $emulator = Start-AtlanEmulator
        Connect-AtlanTenant -BaseUrl $emulator.Url -ApiKey $emulator.AdminApiKey
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [string] $Path = $script:DefaultDll,
        [string] $SeedPath,
        [ValidateRange(1, 300)] [int] $TimeoutSeconds = 20
    )

    $dll = [System.IO.Path]::GetFullPath($Path, (Get-Location).ProviderPath)
    if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) {
        throw "Atlan emulator not found at '$dll'. Build it first: ./build.ps1 Build (or pass -Path to a built AtlanTokens.Emulator.dll)."
    }

    $seed = if ($SeedPath) { [System.IO.Path]::GetFullPath($SeedPath, (Get-Location).ProviderPath) } else { Join-Path (Split-Path -Parent $dll) 'seed.json' }
    if (-not (Test-Path -LiteralPath $seed -PathType Leaf)) {
        throw "Seed file not found at '$seed'."
    }

    $adminToken = @((Get-Content -LiteralPath $seed -Raw | ConvertFrom-Json).apiTokens | Where-Object role -EQ '$admin') | Select-Object -First 1
    if (-not $adminToken) {
        throw "Seed file '$seed' has no API token with role `$admin, so there is no admin key to hand out."
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--port', '0', '--seed', $seed, '--parent-pid', "$PID")) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $false
    $process = [System.Diagnostics.Process]::Start($start)

    $pending = $process.StandardOutput.ReadLineAsync()
    if (-not $pending.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $null -eq $pending.Result) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The Atlan emulator did not report its address within $TimeoutSeconds s (exit code: $(if ($process.HasExited) { $process.ExitCode } else { 'still running' })). See its error output above."
    }

    if ($pending.Result -notmatch '^AtlanEmulator listening on (http://127\.0\.0\.1:\d+)$') {
        $process.Kill($true)
        throw "Unexpected first line from the Atlan emulator: '$($pending.Result)'."
    }

    $emulator = [pscustomobject]@{
        PSTypeName  = 'AtlanEmulator.Instance'
        Url         = $Matches[1]
        AdminApiKey = ConvertTo-SecureString -String $adminToken.accessToken -AsPlainText -Force
        ProcessId   = $process.Id
        Process     = $process
        SeedPath    = $seed
    }
    $display = [System.Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]@('Url', 'ProcessId'))
    $emulator | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([System.Management.Automation.PSMemberInfo[]]@($display))
    $emulator
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
            $process.Kill($true)
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
        [ValidateSet('status', 'delay', 'drop', 'dropAfterCommit', 'malformed', 'html', 'rateLimit', 'nullRecords', 'lyingFilterRecord', 'hugeBody', 'badRecord', 'gzipBomb', 'commitLater')]
        [string] $Kind,
        [string] $Method,
        [string] $PathPattern,
        [ValidateRange(100, 599)] [int] $Status,
        [ValidateRange(0, [int]::MaxValue)] [int] $DelayMs = 0,
        [ValidateRange(0, [int]::MaxValue)] [int] $RetryAfterSeconds = 1,
        [ValidateRange(0, [int]::MaxValue)] [int] $Times = 1,
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
        Limits all API requests to N per minute (429 with Retry-After beyond it); 0 turns the limit off.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Emulator,
        [Parameter(Mandatory)] [ValidateRange(0, [int]::MaxValue)] [int] $RequestsPerMinute
    )
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'ratelimit' -Body @{ requestsPerMinute = $RequestsPerMinute }
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
        Puts the emulator back to its seed state and clears faults, recorded requests, rate limit and stats.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Emulator)
    $null = Invoke-EmulatorControl -Emulator $Emulator -Method Post -Path 'reset' -Body @{}
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

Export-ModuleMember -Function Start-AtlanEmulator, Stop-AtlanEmulator, Set-AtlanEmulatorFault, Get-AtlanEmulatorFault, Clear-AtlanEmulatorFault,
    Set-AtlanEmulatorRateLimit, Get-AtlanEmulatorRequest, Clear-AtlanEmulatorRequest, Get-AtlanEmulatorState, Reset-AtlanEmulator,
    New-AtlanEmulatorBearerToken, Add-AtlanEmulatorTokens, Remove-AtlanEmulatorAsset, Get-AtlanEmulatorStats
