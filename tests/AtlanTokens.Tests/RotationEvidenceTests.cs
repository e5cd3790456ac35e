using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 15 items 1, 2, 5, 6, 7: the rotation acts on a token only on evidence (its own rotation mark, or the object
    /// passed back), removes a new token whose secret it cannot hand over, moves grants read from the store, and
    /// follows the old token by GUID through a rename. Driven below the cmdlet against the emulator, with its faults.
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class RotationEvidenceTests : IDisposable
    {
        private const string DevBigQuery = "00000000-0000-4000-8000-000000000201";
        private readonly EmulatorProcess _emulator;
        private readonly HttpClient _control;

        public RotationEvidenceTests(EmulatorProcess emulator)
        {
            _emulator = emulator;
            _control = emulator.NewControlClient();
            _emulator.ResetAsync().GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _control.PostAsync(_emulator.Url + "/_emulator/reset", null).GetAwaiter().GetResult();
            _control.Dispose();
        }

        [Fact]
        public async Task A_same_name_copy_made_later_with_the_copy_idiom_is_not_adopted_and_is_left_alone()
        {
            using AtlanSession session = await ConnectAsync();
            SecureString alice = await BearerAsync("alice");
            ApiToken a = await CreateAsync(session, "svc", "consumer A");
            await GrantAsync(session, a, alice);
            ApiToken b = await CreateAsync(session, "svc", "consumer A"); // Get-AtlanApiToken svc | New-AtlanApiToken -DisplayName svc

            var rotation = new ApiTokenRotation(session);
            RotationPlan plan = (await rotation.PlanAsync(a.Guid, null, null, alice, NullAtlanLog.Instance, default))!;
            Assert.Null(plan.Successor);
            ApiToken created = await rotation.RunAsync(plan, alice, keepOld: false, NullAtlanLog.Instance, default);

            Assert.NotNull(created.AccessToken);
            Assert.NotEqual(b.Guid, created.Guid);
            JsonNode state = await StateAsync();
            List<string> left = Tokens(state, "svc").Select(t => (string)t["id"]!).ToList();
            Assert.Equal(new[] { b.Guid, created.Guid }.OrderBy(g => g), left.OrderBy(g => g));
            List<string> admins = Admins(state, DevBigQuery);
            Assert.Contains(created.Username, admins);
            Assert.DoesNotContain(b.Username, admins);
            Assert.DoesNotContain(a.Username, admins);
            Assert.Equal("consumer A", (string?)Tokens(state, "svc").Single(t => (string)t["id"]! == created.Guid)["description"]); // mark removed
        }

        [Fact]
        public async Task A_copy_of_a_marked_token_carries_a_mark_naming_another_client_id_and_is_no_evidence()
        {
            using AtlanSession session = await ConnectAsync();
            ApiToken old = await CreateAsync(session, "svc", "d");
            await SetFaultAsync(new JsonObject { ["kind"] = "status", ["status"] = 503, ["method"] = "DELETE", ["pathPattern"] = "^/api/service/apikeys/" + old.Guid + "$", ["times"] = 0 });
            var rotation = new ApiTokenRotation(session);
            var incomplete = await Assert.ThrowsAsync<RotationIncompleteException>(async () =>
                await rotation.RunAsync((await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!, null, false, NullAtlanLog.Instance, default));
            await ClearFaultsAsync();
            ApiToken marked = (await session.ApiTokens.FindByGuidAsync(incomplete.NewToken!.Guid, NullAtlanLog.Instance, default))!;
            Assert.Equal(old.Guid, RotationMark.OldGuidOf(marked));

            ApiToken copy = await CreateAsync(session, "svc", marked.Description!); // the copy idiom copies the mark too
            Assert.Null(RotationMark.OldGuidOf(copy));
            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!;
            Assert.Equal(marked.Guid, plan.Successor!.Guid);
            RotationPlan ofCopy = (await rotation.PlanAsync(copy.Guid, null, null, null, NullAtlanLog.Instance, default))!;
            Assert.Null(ofCopy.Successor);
            Assert.Null(ofCopy.Predecessor);
        }

        [Fact]
        public async Task A_lost_create_answer_removes_the_new_token_at_once_and_a_rerun_starts_clean()
        {
            using AtlanSession session = await ConnectAsync();
            ApiToken old = await CreateAsync(session, "svc", "d");
            await SetFaultAsync(new JsonObject { ["kind"] = "dropAfterCommit", ["method"] = "POST", ["pathPattern"] = "^/api/service/apikeys$", ["times"] = 1 });
            var rotation = new ApiTokenRotation(session);
            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!;

            var e = await Assert.ThrowsAsync<RotationIncompleteException>(() => rotation.RunAsync(plan, null, false, NullAtlanLog.Instance, default));

            Assert.Equal(RotationIncompleteException.SecretLostId, e.ErrorId);
            Assert.Equal(RotationNextStep.RunAgain, e.NextStep);
            Assert.Null(e.NewToken);
            Assert.DoesNotContain("delivered", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(new[] { old.Guid }, Tokens(await StateAsync(), "svc").Select(t => (string)t["id"]!));

            RotationPlan again = (await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!;
            Assert.Null(again.Successor);
            ApiToken created = await rotation.RunAsync(again, null, false, NullAtlanLog.Instance, default);
            Assert.NotNull(created.AccessToken);
            Assert.Equal(new[] { created.Guid }, Tokens(await StateAsync(), "svc").Select(t => (string)t["id"]!));
        }

        [Fact]
        public async Task A_new_token_that_cannot_be_marked_is_removed_again_so_no_rerun_meets_an_unrecognisable_token()
        {
            using AtlanSession session = await ConnectAsync();
            ApiToken old = await CreateAsync(session, "svc", "d");
            await SetFaultAsync(new JsonObject { ["kind"] = "status", ["status"] = 400, ["method"] = "POST", ["pathPattern"] = "^/api/service/apikeys/[0-9a-f-]+$", ["times"] = 0 });
            var rotation = new ApiTokenRotation(session);
            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!;

            var e = await Assert.ThrowsAsync<RotationIncompleteException>(() => rotation.RunAsync(plan, null, false, NullAtlanLog.Instance, default));

            Assert.Equal(RotationIncompleteException.MarkFailedId, e.ErrorId);
            Assert.Equal(RotationNextStep.RunAgain, e.NextStep);
            Assert.Null(e.NewToken);
            Assert.Equal(new[] { old.Guid }, Tokens(await StateAsync(), "svc").Select(t => (string)t["id"]!));
        }

        [Theory]
        [InlineData("Step 2. prove")] // right after the create
        [InlineData("Step 3. grant")] // before the first grant
        [InlineData("Step 4. remove")] // after the grant, before the old token loses anything: the grant is taken back
        public async Task A_stop_while_this_run_still_holds_the_unreturned_secret_removes_the_new_token(string stopAt)
        {
            using AtlanSession session = await ConnectAsync();
            SecureString alice = await BearerAsync("alice");
            ApiToken old = await CreateAsync(session, "svc", "d");
            await GrantAsync(session, old, alice);
            var rotation = new ApiTokenRotation(session);
            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, alice, NullAtlanLog.Instance, default))!;
            using var stop = new CancellationTokenSource();
            var log = new StoppingLog(stopAt, stop);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rotation.RunAsync(plan, alice, false, log, stop.Token));

            JsonNode state = await StateAsync();
            Assert.Equal(new[] { old.Guid }, Tokens(state, "svc").Select(t => (string)t["id"]!));
            Assert.Equal(new[] { old.Username }, Admins(state, DevBigQuery).Where(u => u.StartsWith(ApiToken.UsernamePrefix, StringComparison.Ordinal)));
            Assert.Contains(log.Warnings, w => w.Contains("was removed again"));

            RotationPlan again = (await rotation.PlanAsync(old.Guid, null, null, alice, NullAtlanLog.Instance, default))!;
            Assert.Null(again.Successor);
        }

        [Fact]
        public async Task Stopping_the_command_while_it_proves_the_new_key_removes_the_new_token_before_it_returns()
        {
            using AtlanSession session = await ConnectAsync();
            ApiToken old = await CreateAsync(session, "svc-stopped", "d");
            using Runspace runspace = OpenConnected();
            await SetFaultAsync(new JsonObject { ["kind"] = "delay", ["delayMs"] = 60000, ["method"] = "GET", ["pathPattern"] = "^/api/service/users/current$", ["times"] = 1 });
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("Invoke-AtlanApiTokenRotation -Name svc-stopped -Force");
            IAsyncResult running = ps.BeginInvoke();
            await WaitForFaultToFireAsync();

            ps.Stop();

            Assert.True(running.IsCompleted || running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Equal(new[] { old.Guid }, Tokens(await StateAsync(), "svc-stopped").Select(t => (string)t["id"]!));
        }

        [Fact]
        public async Task A_rerun_follows_the_old_token_by_guid_through_a_rename_and_creates_no_third_token()
        {
            using AtlanSession session = await ConnectAsync();
            SecureString alice = await BearerAsync("alice");
            ApiToken old = await CreateAsync(session, "svc", "d");
            await GrantAsync(session, old, alice);
            await SetFaultAsync(new JsonObject { ["kind"] = "status", ["status"] = 403, ["method"] = "POST", ["pathPattern"] = "^/api/meta/entity/bulk", ["times"] = 0 });
            var rotation = new ApiTokenRotation(session);
            var incomplete = await Assert.ThrowsAsync<RotationIncompleteException>(async () =>
                await rotation.RunAsync((await rotation.PlanAsync(old.Guid, null, null, alice, NullAtlanLog.Instance, default))!, alice, false, NullAtlanLog.Instance, default));
            Assert.Equal(RotationNextStep.Finish, incomplete.NextStep);
            Assert.Contains(RotationIncompleteException.IncompleteId, incomplete.ErrorId);
            Assert.Contains("connection admin of connection 'development'", incomplete.Message); // names the grant it could not carry
            await ClearFaultsAsync();
            await session.Operations.TokenUpdate.UpdateAsync(old.Guid, new ApiTokenChange { DisplayName = "svc-retired" }, NullAtlanLog.Instance, default);

            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, alice, NullAtlanLog.Instance, default))!;
            Assert.Equal("svc-retired", plan.NewName);
            Assert.Equal(incomplete.NewToken!.Guid, plan.Successor!.Guid);
            ApiToken finished = await rotation.RunAsync(plan, alice, false, NullAtlanLog.Instance, default);

            JsonNode state = await StateAsync();
            List<JsonNode> tokens = state["tokens"]!.AsArray().Select(t => t!).Where(t => ((string)t["displayName"]!).StartsWith("svc")).ToList();
            Assert.Equal(new[] { finished.Guid }, tokens.Select(t => (string)t["id"]!));
            Assert.Equal("d", (string?)tokens[0]["description"]);
            Assert.Contains(finished.Username, Admins(state, DevBigQuery));
            Assert.DoesNotContain(old.Username, Admins(state, DevBigQuery));
        }

        [Fact]
        public async Task A_grant_made_just_before_the_rotation_is_carried_although_the_index_lags()
        {
            using AtlanSession session = await ConnectAsync();
            SecureString alice = await BearerAsync("alice");
            ApiToken old = await CreateAsync(session, "svc", "d");
            await SetIndexLagAsync(600_000); // the index stays as it is now for the whole test
            await GrantAsync(session, old, alice);
            var rotation = new ApiTokenRotation(session);

            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, alice, NullAtlanLog.Instance, default))!;
            Assert.Contains(plan.Grants, g => g.Asset.Guid == DevBigQuery && g.Right == GrantRight.ConnectionAdmin);
            ApiToken created = await rotation.RunAsync(plan, alice, false, NullAtlanLog.Instance, default);

            List<string> admins = Admins(await StateAsync(), DevBigQuery);
            Assert.Contains(created.Username, admins);
            Assert.DoesNotContain(old.Username, admins);
        }

        [Fact]
        public async Task A_failed_proof_whose_clean_up_fails_too_advises_only_removing_the_unproven_token()
        {
            using AtlanSession session = await ConnectAsync();
            ApiToken old = await CreateAsync(session, "svc", "d");
            await SetFaultAsync(new JsonObject { ["kind"] = "status", ["status"] = 403, ["method"] = "GET", ["pathPattern"] = "^/api/service/users/current$", ["times"] = 1 });
            await SetFaultAsync(new JsonObject { ["kind"] = "status", ["status"] = 503, ["method"] = "DELETE", ["pathPattern"] = "^/api/service/apikeys/", ["times"] = 0 });
            var rotation = new ApiTokenRotation(session);
            RotationPlan plan = (await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!;

            var e = await Assert.ThrowsAsync<RotationIncompleteException>(() => rotation.RunAsync(plan, null, false, NullAtlanLog.Instance, default));

            Assert.Equal(RotationIncompleteException.ProofFailedId, e.ErrorId);
            Assert.Equal(RotationNextStep.RemoveNewToken, e.NextStep);
            Assert.DoesNotContain("run the same command", e.Message, StringComparison.OrdinalIgnoreCase);
            await ClearFaultsAsync();
            ApiToken unproven = (await session.ApiTokens.FindByGuidAsync(e.NewToken!.Guid, NullAtlanLog.Instance, default))!;
            Assert.False(RotationMark.IsMarked(unproven.Description)); // never adopted by a rerun
            Assert.Null((await rotation.PlanAsync(old.Guid, null, null, null, NullAtlanLog.Instance, default))!.Successor);
        }

        [Theory]
        [InlineData("nightly", "nightly [rotation of 5f0e8e0c-1111-4a4a-9b9b-000000000001 as apikey-new]")]
        [InlineData("", "[rotation of 5f0e8e0c-1111-4a4a-9b9b-000000000001 as apikey-new]")]
        [InlineData("nightly [rotation of 5f0e8e0c-1111-4a4a-9b9b-00000000000f as apikey-x]", "nightly [rotation of 5f0e8e0c-1111-4a4a-9b9b-000000000001 as apikey-new]")]
        public void The_mark_names_the_old_guid_and_the_new_tokens_own_client_id(string description, string expected)
        {
            var created = new ApiToken { Guid = "6f0e8e0c-1111-4a4a-9b9b-000000000002", ClientId = "apikey-new", Description = expected };
            Assert.Equal(expected, RotationMark.Append(description, "5F0E8E0C-1111-4A4A-9B9B-000000000001", created));
            Assert.Equal("5f0e8e0c-1111-4a4a-9b9b-000000000001", RotationMark.OldGuidOf(created));
            Assert.Equal(description.Length == 0 ? string.Empty : "nightly", RotationMark.Strip(expected));
        }

        [Fact]
        public void A_long_description_is_shortened_to_fit_the_mark_within_the_limit()
        {
            var created = new ApiToken { Guid = "6f0e8e0c-1111-4a4a-9b9b-000000000002", ClientId = "apikey-0b1c6a40-6f2e-4c55-9d0e-7d5b1c0a9e31" };
            string marked = RotationMark.Append(new string('d', 250), "5f0e8e0c-1111-4a4a-9b9b-000000000001", created);
            created.Description = marked;
            Assert.Equal(RotationMark.MaxDescriptionLength, marked.Length);
            Assert.StartsWith("ddd", marked);
            Assert.Equal("5f0e8e0c-1111-4a4a-9b9b-000000000001", RotationMark.OldGuidOf(created));
        }

        [Theory]
        [InlineData("apikey-other")] // copied from another token
        [InlineData("service-account-apikey-other")]
        public void A_mark_naming_another_client_id_is_no_evidence(string markClient)
        {
            var copy = new ApiToken { Guid = "6f0e8e0c-1111-4a4a-9b9b-000000000002", ClientId = "apikey-copy", Description = $"x [rotation of 5f0e8e0c-1111-4a4a-9b9b-000000000001 as {markClient}]" };
            Assert.Null(RotationMark.OldGuidOf(copy));
            Assert.False(RotationMark.IsSuccessorOf(copy, "5f0e8e0c-1111-4a4a-9b9b-000000000001"));
        }

        private Runspace OpenConnected()
        {
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "AtlanTokens.psd1") });
            Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            using PowerShell connect = PowerShell.Create();
            connect.Runspace = runspace;
            connect.AddCommand("Connect-AtlanTenant").AddParameter("BaseUrl", _emulator.Url).AddParameter("ApiKey", EmulatorProcess.Key(_emulator.AdminApiKey)).AddParameter("MaxRetries", 0).Invoke();
            return runspace;
        }

        /// <summary>An armed fault with times 1 is removed when it fires: then the request is in flight, held by the delay.</summary>
        private async Task WaitForFaultToFireAsync()
        {
            for (int i = 0; i < 2400; i++)
            {
                string armed = await _control.GetStringAsync(_emulator.Url + "/_emulator/faults");
                if (JsonNode.Parse(armed)!.AsArray().Count == 0)
                {
                    return;
                }

                await Task.Delay(25);
            }

            throw new TimeoutException("The delayed request never reached the emulator");
        }

        private async Task<AtlanSession> ConnectAsync()
            => await AtlanSessionFactory.ConnectAsync(new Uri(_emulator.Url), EmulatorProcess.Key(_emulator.AdminApiKey), new AtlanClientOptions { MaxRetries = 0 }, NullAtlanLog.Instance, default);

        private static async Task<ApiToken> CreateAsync(AtlanSession session, string name, string description)
        {
            ApiToken token = await session.ApiTokens.CreateAsync(name, description, Array.Empty<string>(), 86400, NullAtlanLog.Instance, default);
            token.Session = session;
            return token;
        }

        private static Task GrantAsync(AtlanSession session, ApiToken token, SecureString bearer)
            => session.Operations.AccessLists.ApplyAsync(GrantRight.ConnectionAdmin, DevBigQuery, new[] { token.Username! }, Array.Empty<string>(), bearer, NullAtlanLog.Instance, default);

        private async Task<SecureString> BearerAsync(string user)
        {
            using var content = new StringContent("{\"expiresInSeconds\":3600}", Encoding.UTF8, "application/json");
            HttpResponseMessage reply = await _control.PostAsync(_emulator.Url + $"/_emulator/users/{user}/bearer", content);
            reply.EnsureSuccessStatusCode();
            return EmulatorProcess.Key((string)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["token"]!);
        }

        private async Task SetFaultAsync(JsonObject fault)
        {
            using var content = new StringContent(fault.ToJsonString(), Encoding.UTF8, "application/json");
            (await _control.PostAsync(_emulator.Url + "/_emulator/faults", content)).EnsureSuccessStatusCode();
        }

        private async Task ClearFaultsAsync()
            => (await _control.DeleteAsync(_emulator.Url + "/_emulator/faults")).EnsureSuccessStatusCode();

        private Task SetIndexLagAsync(int milliseconds) => _emulator.SetIndexLagAsync(milliseconds);

        private async Task<JsonNode> StateAsync() => JsonNode.Parse(await _emulator.StateAsync())!;

        private static IEnumerable<JsonNode> Tokens(JsonNode state, string name)
            => state["tokens"]!.AsArray().Select(t => t!).Where(t => (string?)t["displayName"] == name);

        private static List<string> Admins(JsonNode state, string guid)
            => state["connections"]!.AsArray().Single(c => (string?)c!["guid"] == guid)!["attributes"]!["adminUsers"]!.AsArray().Select(u => (string)u!).ToList();

        /// <summary>A log that stops the run (as Ctrl+C or a stopped job would) when a verbose line starts with a text.</summary>
        private sealed class StoppingLog : IAtlanLog
        {
            private readonly string _at;
            private readonly CancellationTokenSource _stop;

            public StoppingLog(string at, CancellationTokenSource stop)
            {
                _at = at;
                _stop = stop;
            }

            public List<string> Warnings { get; } = new List<string>();

            public void Verbose(string message)
            {
                if (message.StartsWith(_at, StringComparison.Ordinal))
                {
                    _stop.Cancel();
                }
            }

            public void Debug(string message)
            {
            }

            public void Warning(string message)
            {
                lock (Warnings)
                {
                    Warnings.Add(message);
                }
            }
        }
    }
}
