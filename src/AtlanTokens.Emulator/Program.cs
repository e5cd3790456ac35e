using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AtlanTokens.Emulator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        WebApplication app;
        try
        {
            options = EmulatorOptions.Parse(args);
            app = EmulatorApplication.Create(options);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"AtlanEmulator: {ex.Message}");
            return 2;
        }

        await app.StartAsync();
        EmulatorServices services = EmulatorApplication.Services(app);

        // The first line stays exactly as it was (harnesses wait for it); the keys of this start follow it.
        Console.Out.WriteLine($"AtlanEmulator listening on {EmulatorApplication.ListeningUrl(app).ToString().TrimEnd('/')}");
        Console.Out.WriteLine($"AtlanEmulator admin API key: {services.Store.AdminAccessToken ?? "(none: the seed has no $admin API token)"}");
        Console.Out.WriteLine($"AtlanEmulator control key: {services.ControlKey}");
        if (!System.Net.IPAddress.IsLoopback(options.ListenAddress))
        {
            Console.Error.WriteLine($"AtlanEmulator: listening on {options.ListenAddress} (--listen): other machines can reach this emulator; its API takes the admin key above.");
        }

        Console.Out.Flush();

        IHostApplicationLifetime lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        if (options.ParentProcessId is int parentPid)
        {
            _ = WatchParentAsync(parentPid, lifetime);
        }

        if (options.ExitOnStdinEof)
        {
            var stdinWatcher = new Thread(() =>
            {
                while (Console.In.ReadLine() is not null)
                {
                }

                lifetime.StopApplication();
            })
            {
                IsBackground = true,
                Name = "stdin-eof-watcher",
            };
            stdinWatcher.Start();
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>Stops the emulator once the process that started it is gone, so no orphan keeps the port.</summary>
    private static async Task WatchParentAsync(int parentPid, IHostApplicationLifetime lifetime)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                if (!IsAlive(parentPid))
                {
                    lifetime.StopApplication();
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(lifetime.ApplicationStopping));
        }
        catch (OperationCanceledException)
        {
            // The emulator is stopping for another reason.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
