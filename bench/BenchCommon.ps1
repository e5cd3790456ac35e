# Dot-sourced by the benchmark scripts: what they share (a process run for its JSON line, the emulator's control API, the load).

function Get-LoadAverage { (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ' }

function Invoke-Json {
    # Runs a process, returns its last stdout line parsed as JSON; fails loudly with its stderr.
    param([string] $What, [string[]] $Arguments, [hashtable] $Environment = @{})
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $Arguments) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    foreach ($k in $Environment.Keys) { $start.Environment[$k] = $Environment[$k] }
    $p = [Diagnostics.Process]::Start($start)
    $errTask = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $err = $errTask.Result
    if ($p.ExitCode -ne 0) { throw "$What failed (exit $($p.ExitCode)): $err $out" }
    $line = ($out -split "`n" | Where-Object { $_.Trim().StartsWith('{') } | Select-Object -Last 1)
    if (-not $line) { throw "$What printed no JSON: $out $err" }
    $line | ConvertFrom-Json
}

function Invoke-Control([psobject] $Emulator, [string] $Method, [string] $Path, [object] $Body) {
    $a = @{ Method = $Method; Uri = "$($Emulator.Url)/_emulator/$Path"; TimeoutSec = 60 }
    $a.Headers = @{ 'X-Emulator-Control-Key' = [System.Net.NetworkCredential]::new('', $Emulator.ControlKey).Password }   # per start
    if ($PSBoundParameters.ContainsKey('Body')) { $a.ContentType = 'application/json'; $a.Body = ConvertTo-Json $Body -Compress -Depth 5 }
    Invoke-RestMethod @a
}
