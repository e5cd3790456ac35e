using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using Xunit;
using static AtlanTokens.Tests.GrantRequestTests;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 17: a grant whose save Atlan acknowledged, but whose check read is then refused (rate limited beyond the
    /// client's patience, 5xx, a timeout), is applied but not verified, not a failure. A save whose outcome is unknown
    /// followed by a refused check read stays an error (nobody knows), as do a gone asset and a refused bearer; the
    /// verified path (and its re-apply after a concurrent writer) is unchanged. Every wait runs on a fake clock.
    /// </summary>
    public sealed class AccessListChangeNotVerifiedTests
    {
        private const string Token = "service-account-apikey-1";
        private const string Other = "service-account-apikey-2";

        private readonly FakeClock _clock = new();
        private readonly RecordingHandler _handler = new();

        /// <summary>A client on the fake clock: no count retries (a 5xx fails at once), and 429s retried for 3 s of that clock.</summary>
        private AtlanClient Client()
            => new(
                new Uri("https://tenant.example.com/"),
                SecretText.FromString(TestClients.ApiKey),
                new AtlanClientOptions { Clock = _clock, MaxRetries = 0, RateLimitPatience = TimeSpan.FromSeconds(3) },
                _handler);

        private AccessListChange Grants(AtlanClient client)
            => new(new EntitiesEndpoint(client), client.BaseUri.ToString(), new AtlanClientOptions { Clock = _clock, WriteLockDirectory = TestLocks.Directory });

        private Task<AccessListOutcome> Add(AtlanClient client)
            => Grants(client).ApplyWithOutcomeAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { Token }, Array.Empty<string>(), SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

        private RecordingHandler Acknowledged(params string[] admins)
            => _handler.Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", admins));

        /// <summary>Atlas's answer to a save that changed nothing: only the save's temporary GUID mapped to the asset.</summary>
        private RecordingHandler AcknowledgedByMapping()
            => _handler.AnswerFrom(sent =>
            {
                using JsonDocument body = JsonDocument.Parse(sent!);
                string temporary = body.RootElement.GetProperty("entities")[0].GetProperty("guid").GetString()!;
                return JsonSerializer.Serialize(new { guidAssignments = new System.Collections.Generic.Dictionary<string, string> { [temporary] = ConnectionGuid } });
            });

        private RecordingHandler RateLimited(int times)
        {
            for (int i = 0; i < times; i++)
            {
                _handler.Answer((HttpStatusCode)429, """{"errorMessage":"Too many requests"}""");
            }

            return _handler;
        }

        private RecordingHandler Unavailable() => _handler.Answer(HttpStatusCode.ServiceUnavailable, """{"errorCode":"ATLAS-503-00-001","errorMessage":"busy"}""");

        [Fact]
        public async Task An_acknowledged_save_whose_check_read_stays_rate_limited_beyond_patience_is_applied_but_not_verified()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            RateLimited(3);
            using AtlanClient client = Client();

            AccessListOutcome outcome = await Add(client);

            Assert.False(outcome.Verified);
            var refused = Assert.IsType<AtlanApiException>(outcome.CheckFailure);
            Assert.Equal(429, refused.StatusCode);
            Assert.True(_clock.Elapsed >= client.Options.RateLimitPatience, $"gave up after {_clock.Elapsed}");
            Assert.Equal(new[] { "alice", Token }, outcome.Asset.AdminUsers); // the list as saved
            Assert.Equal(ConnectionGuid, outcome.Asset.Guid);
            Assert.Equal(new[] { "GET", "POST", "GET", "GET", "GET" }, _handler.Requests.Select(r => r.Method)); // never saved again
            Assert.DoesNotContain(Bearer, refused.Message);
        }

        [Fact]
        public async Task An_acknowledged_save_whose_check_read_gets_a_503_is_applied_but_not_verified()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            Unavailable();
            using AtlanClient client = Client();

            AccessListOutcome outcome = await Add(client);

            Assert.False(outcome.Verified);
            Assert.Equal(503, Assert.IsType<AtlanApiException>(outcome.CheckFailure).StatusCode);
            Assert.Equal(new[] { "alice", Token }, outcome.Asset.AdminUsers);
            Assert.Equal(new[] { "GET", "POST", "GET" }, _handler.Requests.Select(r => r.Method));
        }

        [Fact]
        public async Task A_save_acknowledged_by_its_guid_mapping_whose_check_read_times_out_is_applied_but_not_verified()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            AcknowledgedByMapping();
            _handler.Throw(new TaskCanceledException("the read timed out"));
            using AtlanClient client = Client();

            AccessListOutcome outcome = await Add(client);

            Assert.False(outcome.Verified);
            Assert.IsType<AtlanTransportException>(outcome.CheckFailure);
            Assert.Equal(new[] { "alice", Token }, outcome.Asset.AdminUsers);
        }

        [Fact]
        public async Task A_save_with_an_unknown_outcome_whose_check_read_is_refused_is_still_an_error()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Unavailable(); // the save: applied or not, nobody knows
            RateLimited(3); // and the read that would tell
            using AtlanClient client = Client();

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => Add(client));

            Assert.Equal(429, e.StatusCode);
            Assert.Equal(new[] { "GET", "POST", "GET", "GET", "GET" }, _handler.Requests.Select(r => r.Method));
        }

        [Theory]
        [InlineData(HttpStatusCode.Unauthorized)]
        [InlineData(HttpStatusCode.Forbidden)]
        public async Task A_check_read_that_refuses_the_bearer_is_still_an_error(HttpStatusCode status)
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            _handler.Answer(status, """{"errorCode":"ATLAS-403-00-001","errorMessage":"refused"}""");
            using AtlanClient client = Client();

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => Add(client));

            Assert.Equal((int)status, e.StatusCode);
        }

        [Fact]
        public async Task A_check_read_that_finds_the_asset_gone_is_still_an_error()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            _handler.Answer(HttpStatusCode.NotFound, """{"errorCode":"ATLAS-404-00-005","errorMessage":"not found"}""");
            using AtlanClient client = Client();

            await Assert.ThrowsAsync<AssetGoneException>(() => Add(client));
        }

        [Fact]
        public async Task ApplyAsync_the_rotations_path_still_throws_when_the_check_read_is_refused()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            Unavailable();
            using AtlanClient client = Client();

            var e = await Assert.ThrowsAsync<AtlanApiException>(() =>
                Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { Token }, Array.Empty<string>(), SecretText.FromString(Bearer), NullAtlanLog.Instance, default));

            Assert.Equal(503, e.StatusCode);
        }

        [Fact]
        public async Task An_acknowledged_save_whose_check_read_succeeds_is_verified_with_the_stored_list()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "bob", "alice", Token })); // the store, not the save, is what is reported
            using AtlanClient client = Client();

            AccessListOutcome outcome = await Add(client);

            Assert.True(outcome.Verified);
            Assert.Null(outcome.CheckFailure);
            Assert.Equal(new[] { "bob", "alice", Token }, outcome.Asset.AdminUsers);
        }

        [Fact]
        public async Task A_change_another_writer_undid_is_applied_again_and_only_then_the_refused_check_read_leaves_it_not_verified()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", Other })); // a writer that read before our save saved over it
            Acknowledged("alice", Other, Token);
            Unavailable();
            using AtlanClient client = Client();

            AccessListOutcome outcome = await Add(client);

            Assert.False(outcome.Verified);
            Assert.Equal(new[] { "GET", "POST", "GET", "POST", "GET" }, _handler.Requests.Select(r => r.Method));
            Assert.Equal(new[] { "alice", Other, Token }, outcome.Asset.AdminUsers); // the second save's list
        }

        [Fact]
        public async Task A_change_another_writer_undid_is_applied_again_and_verified_as_before()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            Acknowledged("alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", Other }));
            Acknowledged("alice", Other, Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", Other, Token }));
            using AtlanClient client = Client();

            AccessListOutcome outcome = await Add(client);

            Assert.True(outcome.Verified);
            Assert.Equal(new[] { "GET", "POST", "GET", "POST", "GET" }, _handler.Requests.Select(r => r.Method));
            Assert.Equal(new[] { "alice", Other, Token }, outcome.Asset.AdminUsers);
        }

        [Fact]
        public void Results_of_a_change_not_verified_keep_their_status_and_say_why_and_unchanged_ones_stay_verified()
        {
            var before = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake") { AdminUsers = new[] { "alice", Other } };
            GrantPlan plan = GrantChange.Plan(GrantKind.ConnectionAdmin, GrantDirection.Add, before, new[] { Other, Token });

            var results = plan.Outcomes(before.WithUsers(GrantRight.ConnectionAdmin, new[] { "alice", Other, Token }), applied: true, notVerified: "AtlanRateLimited: slow down").ToList();

            Assert.Equal(new[] { GrantStatus.AlreadyPresent, GrantStatus.Added }, results.Select(r => r.Status));
            Assert.True(results[0].Verified);
            Assert.Null(results[0].NotVerifiedReason);
            Assert.False(results[1].Verified);
            Assert.Equal("AtlanRateLimited: slow down", results[1].NotVerifiedReason);
            Assert.Equal(new[] { "alice", Other, Token }, results[1].AdminUsers!.ToArray());
            Assert.Contains("(not verified)", results[1].ToString());
            Assert.True(plan.Outcomes(before, applied: true).All(r => r.Verified && r.NotVerifiedReason == null));
        }
    }
}
