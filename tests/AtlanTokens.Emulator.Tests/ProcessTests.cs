using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

/// <summary>The emulator as a separate process: its one stdout line and every way it stops.</summary>
public sealed class ProcessTests
{
    private static readonly Regex ListeningLine = new(@"^AtlanEmulator listening on http://127\.0\.0\.1:(\d+)$");

    private static Process Start(string extraArguments, bool redirectStdin = false)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "AtlanTokens.Emulator.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 {extraArguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        return Process.Start(start)!;
    }

    private static async Task<Uri> WaitForUrlAsync(Process process)
    {
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Match match = ListeningLine.Match(line ?? string.Empty);
        Assert.True(match.Success, $"unexpected first line: '{line}'");
        return new Uri($"http://127.0.0.1:{match.Groups[1].Value}");
    }

    private static async Task AssertExitsAsync(Process process, int seconds = 10)
    {
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("emulator did not stop");
        }
    }

    [Fact]
    public async Task PrintsOneLine_ServesApi_AndStopsOnShutdownRequest()
    {
        using Process process = Start(string.Empty);
        Uri url = await WaitForUrlAsync(process);
        using var http = new HttpClient { BaseAddress = url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/service/users/current");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmulatorHarness.AdminAccessToken);
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        (await http.PostAsync("/_emulator/shutdown", null)).EnsureSuccessStatusCode();

        await AssertExitsAsync(process);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
    }

    [Fact]
    public async Task StopsWhenStdinCloses_OnlyIfAskedTo()
    {
        using Process process = Start("--exit-on-stdin-eof", redirectStdin: true);
        await WaitForUrlAsync(process);
        process.StandardInput.Close();
        await AssertExitsAsync(process);
    }

    [Fact]
    public async Task StopsWhenParentProcessExits()
    {
        using Process parent = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        using Process process = Start($"--parent-pid {parent.Id}");
        await WaitForUrlAsync(process);

        parent.Kill();
        await parent.WaitForExitAsync();

        await AssertExitsAsync(process, seconds: 10);
    }

    [Fact]
    public async Task StopsOnSigterm()
    {
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX));
        using Process process = Start(string.Empty);
        await WaitForUrlAsync(process);

        using Process kill = Process.Start("kill", $"-TERM {process.Id}")!;
        await kill.WaitForExitAsync();

        await AssertExitsAsync(process);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task BadArguments_ExitWith2AndSayWhy()
    {
        using Process process = Start("--seed /nonexistent/seed.json");
        await AssertExitsAsync(process);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("seed.json", await process.StandardError.ReadToEndAsync());
        Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
    }
}
