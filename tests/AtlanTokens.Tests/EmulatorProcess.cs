using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Starts the emulator as a separate process on a free loopback port for runspace tests.</summary>
    public sealed class EmulatorProcess : IDisposable
    {

        private readonly Process _process;

        public EmulatorProcess()
            : this(null)
        {
        }

        private EmulatorProcess(string? seedPath)
        {
            string dll = FindEmulator();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add("0");
            start.ArgumentList.Add("--parent-pid");
            start.ArgumentList.Add(Environment.ProcessId.ToString());
            if (seedPath != null)
            {
                start.ArgumentList.Add("--seed");
                start.ArgumentList.Add(seedPath);
            }
            _process = Process.Start(start)!;
            Task<string?> line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result == null || !line.Result.Contains("listening on "))
            {
                _process.Kill(true);
                throw new InvalidOperationException("The emulator did not start: " + _process.StandardError.ReadToEnd());
            }

            Url = line.Result.Substring(line.Result.IndexOf("http", StringComparison.Ordinal)).Trim();
            using var seed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(dll)!, "seed.json")));
            AdminApiKey = seed.RootElement.GetProperty("apiTokens")[0].GetProperty("accessToken").GetString()!;
        }

        /// <summary>The seed file next to the built emulator (to derive test seeds from).</summary>
        public static string DefaultSeedPath => Path.Combine(Path.GetDirectoryName(FindEmulator())!, "seed.json");

        /// <summary>An emulator started from another seed file (the caller disposes it).</summary>
        public static EmulatorProcess WithSeed(string seedPath) => new EmulatorProcess(seedPath);

        /// <summary>The seed admin token's key (an emulator-only test value from seed.json).</summary>
        public string AdminApiKey { get; }

        public string Url { get; }

        public static SecureString Key(string plain) => SecretText.FromString(plain);

        public async Task ResetAsync()
        {
            using var http = new HttpClient();
            (await http.PostAsync(Url + "/_emulator/reset", null)).EnsureSuccessStatusCode();
        }

        /// <summary>Makes index search lag the store by that long (reset turns it off).</summary>
        public async Task SetIndexLagAsync(int milliseconds)
        {
            using var http = new HttpClient();
            using var body = new StringContent("{\"milliseconds\":" + milliseconds + "}", System.Text.Encoding.UTF8, "application/json");
            (await http.PostAsync(Url + "/_emulator/index-lag", body)).EnsureSuccessStatusCode();
        }

        public async Task<string> StateAsync()
        {
            using var http = new HttpClient();
            return await http.GetStringAsync(Url + "/_emulator/state");
        }

        public void Dispose()
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                http.PostAsync(Url + "/_emulator/shutdown", null).Wait(TimeSpan.FromSeconds(5));
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(true);
                }
            }
            catch (Exception)
            {
                _process.Kill(true);
            }

            _process.Dispose();
        }

        private static string FindEmulator()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AtlanTokens.PowerShell.sln")))
            {
                dir = dir.Parent;
            }

            if (dir == null)
            {
                throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
            }

            return new[] { "Release", "Debug" }
                .Select(c => new FileInfo(Path.Combine(dir.FullName, "src", "AtlanTokens.Emulator", "bin", c, "net10.0", "AtlanTokens.Emulator.dll")))
                .Where(f => f.Exists)
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault()?.FullName
                ?? throw new InvalidOperationException("The emulator is not built: run ./build.ps1 Build");
        }
    }

    [CollectionDefinition(Name)]
    public sealed class EmulatorCollection : ICollectionFixture<EmulatorProcess>
    {
        public const string Name = "Emulator";
    }
}
