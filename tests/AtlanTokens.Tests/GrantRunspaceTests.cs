using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Text.Json;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The grant cmdlets hosted in a runspace against the emulator: what they send, and what they leave behind.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class GrantRunspaceTests : IDisposable
    {
        private const string ProductionGuid = "00000000-0000-4000-8000-000000000203";
        private readonly EmulatorProcess _emulator;
        private readonly HttpClient _control;
        private readonly Runspace _runspace;

        public GrantRunspaceTests(EmulatorProcess emulator)
        {
            _emulator = emulator;
            _control = emulator.NewControlClient();
            _emulator.ResetAsync().GetAwaiter().GetResult();
            _emulator.SetIndexLagAsync(1000).GetAwaiter().GetResult(); // as on a real tenant: search is behind the store
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "AtlanTokens.psd1") });
            _runspace = RunspaceFactory.CreateRunspace(state);
            _runspace.Open();
            Invoke("Connect-AtlanTenant", out _, ("BaseUrl", _emulator.Url), ("ApiKey", EmulatorProcess.Key(_emulator.AdminApiKey)));
        }

        private string MintBearer(string user)
        {
            using var content = new StringContent("{\"expiresInSeconds\":3600}", Encoding.UTF8, "application/json");
            string reply = _control.PostAsync(_emulator.Url + $"/_emulator/users/{user}/bearer", content).Result.Content.ReadAsStringAsync().Result;
            return JsonDocument.Parse(reply).RootElement.GetProperty("token").GetString()!;
        }

        private List<(string Method, string Path, string? Caller, JsonElement Body)> Requests()
        {
            using JsonDocument log = JsonDocument.Parse(_control.GetStringAsync(_emulator.Url + "/_emulator/requests").Result);
            return log.RootElement.EnumerateArray()
                .Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("path").GetString()!,
                    r.TryGetProperty("caller", out JsonElement c) ? c.GetString() : null, r.GetProperty("body").Clone()))
                .ToList();
        }

        private void ClearRequests() => _control.DeleteAsync(_emulator.Url + "/_emulator/requests").Wait();

        private string[] AdminsOf(string guid)
        {
            using JsonDocument state = JsonDocument.Parse(_emulator.StateAsync().Result);
            JsonElement asset = state.RootElement.GetProperty("connections").EnumerateArray().Concat(state.RootElement.GetProperty("collections").EnumerateArray())
                .Single(a => a.GetProperty("guid").GetString() == guid);
            return asset.GetProperty("attributes").GetProperty("adminUsers").EnumerateArray().Select(e => e.GetString()!).ToArray();
        }

        private Collection<PSObject> Invoke(string command, out List<ErrorRecord> errors, params (string Name, object? Value)[] parameters)
            => InvokeWithInput(command, null, out errors, parameters);

        private Collection<PSObject> InvokeWithInput(string command, IEnumerable<object>? input, out List<ErrorRecord> errors, params (string Name, object? Value)[] parameters)
        {
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddCommand(command);
            foreach (var (name, value) in parameters)
            {
                ps.AddParameter(name, value);
            }

            Collection<PSObject> output = input == null ? ps.Invoke() : ps.Invoke(input);
            errors = ps.Streams.Error.ToList();
            return output;
        }

        [Fact]
        public void Several_piped_tokens_make_one_save_that_keeps_all_fifty_admins()
        {
            string[] before = AdminsOf(ProductionGuid);
            Assert.Equal(50, before.Length);
            var tokens = new[] { "grant-a", "grant-b", "grant-c" }
                .Select(n => (ApiToken)Invoke("New-AtlanApiToken", out _, ("DisplayName", n)).Single().BaseObject).ToList();
            ClearRequests();

            var results = InvokeWithInput("Add-AtlanTokenConnectionAdmin", tokens, out List<ErrorRecord> errors,
                ("Name", "production"), ("ConnectorType", "snowflake"), ("ImpersonationToken", EmulatorProcess.Key(MintBearer("alice"))))
                .Select(o => (GrantResult)o.BaseObject).ToList();

            Assert.Empty(errors);
            Assert.Equal(tokens.Select(t => t.Username), results.Select(r => r.Username));
            Assert.All(results, r => Assert.Equal(GrantStatus.Added, r.Status));
            var saves = Requests().Where(r => r.Path.StartsWith("/api/meta/entity/bulk", StringComparison.Ordinal)).ToList();
            var save = Assert.Single(saves);
            Assert.Equal("alice", save.Caller);
            Assert.DoesNotContain(Requests(), r => r.Path == "/api/service/users/current");
            string[] after = AdminsOf(ProductionGuid);
            Assert.Equal(before.Concat(tokens.Select(t => t.Username!)), after);
            Assert.Equal(after, results[0].AdminUsers);
        }

        [Fact]
        public void Back_to_back_grants_keep_each_other_although_the_index_still_shows_the_old_list()
        {
            var tokens = new[] { "lag-a", "lag-b" }
                .Select(n => (ApiToken)Invoke("New-AtlanApiToken", out _, ("DisplayName", n)).Single().BaseObject).ToList();
            string bearer = MintBearer("alice");
            const string DevBigQuery = "00000000-0000-4000-8000-000000000201";

            foreach (ApiToken token in tokens)
            {
                var result = (GrantResult)InvokeWithInput("Add-AtlanTokenConnectionAdmin", new[] { token }, out List<ErrorRecord> errors,
                    ("Guid", DevBigQuery), ("ImpersonationToken", EmulatorProcess.Key(bearer))).Single().BaseObject;
                Assert.Empty(errors);
                Assert.Equal(GrantStatus.Added, result.Status);
            }

            Assert.Equal(new[] { "alice" }.Concat(tokens.Select(t => t.Username!)), AdminsOf(DevBigQuery));
        }

        [Fact]
        public void A_token_already_present_sends_no_save_and_says_so()
        {
            string bearer = MintBearer("alice");
            var first = (GrantResult)Invoke("Add-AtlanTokenConnectionAdmin", out _, ("Guid", ProductionGuid), ("ImpersonationToken", EmulatorProcess.Key(bearer))).Single().BaseObject;
            Assert.Equal(GrantStatus.Added, first.Status);
            ClearRequests();

            var second = (GrantResult)Invoke("Add-AtlanTokenConnectionAdmin", out List<ErrorRecord> errors, ("Guid", ProductionGuid), ("ImpersonationToken", EmulatorProcess.Key(bearer))).Single().BaseObject;

            Assert.Empty(errors);
            Assert.Equal(GrantStatus.AlreadyPresent, second.Status);
            Assert.Equal("service-account-apikey-00000000-0000-4000-8000-000000000001", second.Username);
            Assert.DoesNotContain(Requests(), r => r.Path.StartsWith("/api/meta/entity/bulk", StringComparison.Ordinal));
            Assert.Equal(51, AdminsOf(ProductionGuid).Length);
        }

        [Fact]
        public void Results_and_errors_never_carry_the_impersonation_token_or_the_session()
        {
            string bearer = MintBearer("bob");
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript("param($b) $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; " +
                "Add-AtlanTokenConnectionAdmin -Name analytics -ImpersonationToken $b; " +
                "Add-AtlanTokenConnectionAdmin -Name production -ConnectorType snowflake -ImpersonationToken $b; " +
                "Get-AtlanConnection -Name analytics | ConvertTo-Json -Depth 5")
                .AddArgument(EmulatorProcess.Key(bearer));
            Collection<PSObject> output = ps.Invoke();
            var text = new StringBuilder();
            foreach (PSObject o in output)
            {
                text.AppendLine(o.BaseObject is string s ? s : JsonSerializer.Serialize(o.BaseObject));
            }

            foreach (ErrorRecord e in ps.Streams.Error)
            {
                text.AppendLine(e.ToString()).AppendLine(e.Exception.ToString()).AppendLine(e.ErrorDetails?.RecommendedAction).AppendLine(e.TargetObject?.ToString());
            }

            foreach (var line in ps.Streams.Verbose.Select(v => v.Message).Concat(ps.Streams.Debug.Select(d => d.Message)).Concat(ps.Streams.Warning.Select(w => w.Message)))
            {
                text.AppendLine(line);
            }

            string all = text.ToString();
            Assert.Contains("GrantPermissionDenied", string.Join(" ", ps.Streams.Error.Select(e => e.FullyQualifiedErrorId)));
            Assert.Contains("\"Status\":0", all); // the analytics grant (bob is its admin) succeeded
            Assert.DoesNotContain(bearer, all);
            Assert.DoesNotContain(bearer.Split('.')[1], all);
            Assert.DoesNotContain(_emulator.AdminApiKey, all);
            Assert.DoesNotContain("\"Session\"", all);
        }

        public void Dispose()
        {
            _runspace.Dispose();
            _control.Dispose();
        }
    }
}
