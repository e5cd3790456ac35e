using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

/// <summary>The emulator as a separate process: its start lines (address and keys) and every way it stops.</summary>
public sealed class ProcessTests
{
    private static readonly Regex ListeningLine = new(@"^AtlanEmulator listening on http://127\.0\.0\.1:(\d+)$");
    private static readonly Regex AdminKeyLine = new(@"^AtlanEmulator admin API key: (\S+)$");
    private static readonly Regex ControlKeyLine = new(@"^AtlanEmulator control key: (\S+)$");

    private static Process Start(string extraArguments, bool redirectStdin = false, params (string Name, string Value)[] environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "AtlanTokens.Emulator.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 {extraArguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static async Task<Uri> WaitForUrlAsync(Process process) => (await WaitForStartAsync(process)).Url;

    /// <summary>The three start lines: address, this start's admin API key, this start's control key.</summary>
    private static async Task<(Uri Url, string AdminKey, string ControlKey)> WaitForStartAsync(Process process)
    {
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Match match = ListeningLine.Match(line ?? string.Empty);
        Assert.True(match.Success, $"unexpected first line: '{line}'");
        string? adminLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Match admin = AdminKeyLine.Match(adminLine ?? string.Empty);
        Assert.True(admin.Success, $"unexpected second line: '{adminLine}'");
        string? controlLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Match control = ControlKeyLine.Match(controlLine ?? string.Empty);
        Assert.True(control.Success, "unexpected third line");
        return (new Uri($"http://127.0.0.1:{match.Groups[1].Value}"), admin.Groups[1].Value, control.Groups[1].Value);
    }

    private static HttpClient ControlClient(Uri url, string controlKey)
    {
        var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add(Hosting.EmulatorServices.ControlKeyHeader, controlKey);
        return http;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task StopAsync(Process process, Uri url, string controlKey)
    {
        using HttpClient http = ControlClient(url, controlKey);
        (await http.PostAsync("/_emulator/shutdown", null)).EnsureSuccessStatusCode();
        await AssertExitsAsync(process);
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
    public async Task PrintsAddressAndKeys_ServesApi_AndStopsOnShutdownRequest()
    {
        using Process process = Start(string.Empty);
        (Uri url, string adminKey, string controlKey) = await WaitForStartAsync(process);
        using HttpClient http = ControlClient(url, controlKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/service/users/current");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey);
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

    [Fact]
    public async Task EveryStart_HasItsOwnRandomAdminKey_AndTheSeedKeyOpensNothing()
    {
        using Process first = Start(string.Empty);
        using Process second = Start(string.Empty);
        (Uri firstUrl, string firstKey, string firstControl) = await WaitForStartAsync(first);
        (Uri secondUrl, string secondKey, string secondControl) = await WaitForStartAsync(second);
        try
        {
            Assert.NotEqual(firstKey, secondKey);
            Assert.NotEqual(firstControl, secondControl);
            Assert.NotEqual(EmulatorHarness.AdminAccessToken, firstKey);

            using var http = new HttpClient { BaseAddress = firstUrl };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await GetCurrentAsync(http, firstKey)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await GetCurrentAsync(http, EmulatorHarness.AdminAccessToken)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await GetCurrentAsync(http, secondKey)).StatusCode);
        }
        finally
        {
            await StopAsync(first, firstUrl, firstControl);
            await StopAsync(second, secondUrl, secondControl);
        }
    }

    [Fact]
    public async Task KeepSeedKeys_PinsTheSeedsAdminKey()
    {
        using Process process = Start("--keep-seed-keys");
        (Uri url, string adminKey, string controlKey) = await WaitForStartAsync(process);
        Assert.Equal(EmulatorHarness.AdminAccessToken, adminKey);
        await StopAsync(process, url, controlKey);
    }

    [Fact]
    public async Task ControlApi_OfAProcess_RequiresItsControlKey()
    {
        using Process process = Start(string.Empty);
        (Uri url, _, string controlKey) = await WaitForStartAsync(process);
        using var stranger = new HttpClient { BaseAddress = url };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await stranger.PostAsync("/_emulator/shutdown", null)).StatusCode);
        Assert.False(process.HasExited);
        await StopAsync(process, url, controlKey);
    }

    [Fact]
    public async Task BindsLoopbackOnly_WhateverTheEnvironmentSays()
    {
        int kestrelPort = FreePort();
        int urlsPort = FreePort();
        using Process process = Start(string.Empty, false,
            ("Kestrel__Endpoints__Wide__Url", $"http://0.0.0.0:{kestrelPort}"),
            ("ASPNETCORE_URLS", $"http://0.0.0.0:{urlsPort}"),
            ("ASPNETCORE_PREFERHOSTINGURLS", "true"),
            ("ASPNETCORE_HTTP_PORTS", urlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        (Uri url, _, string controlKey) = await WaitForStartAsync(process);
        try
        {
            // 0.0.0.0 would also accept on 127.0.0.1: nothing listens on either port.
            foreach (int port in new[] { kestrelPort, urlsPort })
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(System.Net.IPAddress.Loopback, port));
            }
        }
        finally
        {
            await StopAsync(process, url, controlKey);
        }
    }

    [Fact]
    public async Task Listen_IsTheOnlyWayToAnotherAddress()
    {
        using Process process = Start("--listen 0.0.0.0");
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Match match = new Regex(@"^AtlanEmulator listening on http://0\.0\.0\.0:(\d+)$").Match(line ?? string.Empty);
        Assert.True(match.Success, $"unexpected first line: '{line}'");
        await process.StandardOutput.ReadLineAsync();
        string controlKey = ControlKeyLine.Match(await process.StandardOutput.ReadLineAsync() ?? string.Empty).Groups[1].Value;
        await StopAsync(process, new Uri($"http://127.0.0.1:{match.Groups[1].Value}"), controlKey);
    }

    private static async Task<HttpResponseMessage> GetCurrentAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/service/users/current");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }
}
