using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Ctrl+C (PowerShell.Stop → StopProcessing) ends an in-flight request and leaves no half-applied change.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class CancellationTests
    {
        private readonly EmulatorProcess _emulator;

        public CancellationTests(EmulatorProcess emulator)
        {
            _emulator = emulator;
        }

        private async Task ArmAsync(string json)
        {
            using HttpClient http = _emulator.NewControlClient();
            (await http.PostAsync(_emulator.Url + "/_emulator/faults", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        private Runspace OpenConnected()
        {
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "AtlanTokens.psd1") });
            Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            using PowerShell connect = PowerShell.Create();
            connect.Runspace = runspace;
            connect.AddCommand("Connect-AtlanTenant").AddParameter("BaseUrl", _emulator.Url).AddParameter("ApiKey", EmulatorProcess.Key(_emulator.AdminApiKey)).Invoke();
            return runspace;
        }

        [Theory]
        [InlineData("POST", "New-AtlanApiToken -DisplayName stopped-create")]
        [InlineData("GET", "Get-AtlanApiToken")]
        public async Task Stop_ends_the_call_in_flight_and_changes_nothing(string method, string script)
        {
            await _emulator.ResetAsync();
            using Runspace runspace = OpenConnected();
            await ArmAsync($$"""{"kind":"delay","delayMs":60000,"method":"{{method}}","pathPattern":"^/api/service/apikeys$","times":1}""");

            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
            IAsyncResult running = ps.BeginInvoke();
            await WaitForRequestAsync(method);
            var stopwatch = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.IsCompleted || running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
            stopwatch.Stop();

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), "Stop waited for the 60 s delay instead of cancelling the request");
            string state = await _emulator.StateAsync();
            Assert.DoesNotContain("stopped-create", state);
        }

        /// <summary>An armed fault with times 1 is removed when it fires: then the request is in flight, held by the delay.</summary>
        private async Task WaitForRequestAsync(string method)
        {
            using HttpClient http = _emulator.NewControlClient();
            for (int i = 0; i < 400; i++)
            {
                string armed = await http.GetStringAsync(_emulator.Url + "/_emulator/faults");
                if (!armed.Contains(method, StringComparison.Ordinal))
                {
                    return;
                }

                await Task.Delay(25);
            }

            throw new TimeoutException("The delayed request never reached the emulator");
        }
    }
}
