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
            Url = ReadStartLine(@"^AtlanEmulator listening on (http://\S+)$", "listening line");
            AdminApiKey = ReadStartLine(@"^AtlanEmulator admin API key: (\S+)$", "admin key line");
            ControlKey = ReadStartLine(@"^AtlanEmulator control key: (\S+)$", "control key line");
            Control = new HttpClient { BaseAddress = new Uri(Url) };
            Control.DefaultRequestHeaders.Add(ControlKeyHeader, ControlKey);
        }

        /// <summary>The header that carries the control key (see the emulator's ControlGuardMiddleware).</summary>
        public const string ControlKeyHeader = "X-Emulator-Control-Key";

        /// <summary>This start's control key: /_emulator answers only requests that carry it.</summary>
        public string ControlKey { get; }

        /// <summary>
        /// An HTTP client of the control API that sends the control key on every request (absolute URLs such as
        /// Url + "/_emulator/faults" work as well as relative ones). Shared: do not dispose it.
        /// </summary>
        public HttpClient Control { get; }

        /// <summary>A new HTTP client that sends the control key (the caller disposes it).</summary>
        public HttpClient NewControlClient()
        {
            var http = new HttpClient();
            http.DefaultRequestHeaders.Add(ControlKeyHeader, ControlKey);
            return http;
        }

        private string ReadStartLine(string pattern, string what)
        {
            Task<string?> line = _process.StandardOutput.ReadLineAsync();
            System.Text.RegularExpressions.Match match;
            if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result == null
                || !(match = System.Text.RegularExpressions.Regex.Match(line.Result, pattern)).Success)
            {
                _process.Kill(true);
                throw new InvalidOperationException($"The emulator did not start (no {what}): " + _process.StandardError.ReadToEnd());
            }

            return match.Groups[1].Value;
        }

        /// <summary>The seed file next to the built emulator (to derive test seeds from).</summary>
        public static string DefaultSeedPath => Path.Combine(Path.GetDirectoryName(FindEmulator())!, "seed.json");

        /// <summary>An emulator started from another seed file (the caller disposes it).</summary>
        public static EmulatorProcess WithSeed(string seedPath) => new EmulatorProcess(seedPath);

        /// <summary>This start's admin API key (random for every start; the emulator prints it).</summary>
        public string AdminApiKey { get; }

        public string Url { get; }

        public static SecureString Key(string plain) => SecretText.FromString(plain);

        public async Task ResetAsync()
        {
            (await Control.PostAsync(Url + "/_emulator/reset", null)).EnsureSuccessStatusCode();
        }

        /// <summary>Makes index search lag the store by that long (reset turns it off).</summary>
        public async Task SetIndexLagAsync(int milliseconds)
        {
            using var body = new StringContent("{\"milliseconds\":" + milliseconds + "}", System.Text.Encoding.UTF8, "application/json");
            (await Control.PostAsync(Url + "/_emulator/index-lag", body)).EnsureSuccessStatusCode();
        }

        public async Task<string> StateAsync()
        {
            return await Control.GetStringAsync(Url + "/_emulator/state");
        }

        public void Dispose()
        {
            try
            {
                Control.PostAsync(Url + "/_emulator/shutdown", null).Wait(TimeSpan.FromSeconds(5));
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
            Control.Dispose();
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
