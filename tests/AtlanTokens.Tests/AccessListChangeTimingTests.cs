using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using Xunit;
using static AtlanTokens.Tests.GrantRequestTests;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 16: the access-list change waits, between its save and the check read, for the window in which another
    /// writer that read before the save can still write (1.5 times this writer's read-to-save time, within the
    /// settings' bounds), on the session's clock.
    /// </summary>
    public sealed class AccessListChangeTimingTests
    {
        private const string Token = "service-account-apikey-1";

        private readonly FakeClock _clock = new();
        private readonly RecordingHandler _handler = new();

        private AccessListChange Grants(AtlanClient client, TimeSpan? max = null)
            => new(new EntitiesEndpoint(client), client.BaseUri.ToString(), new AtlanClientOptions { Clock = _clock, GrantSettleMax = max ?? TimeSpan.FromSeconds(10) });

        private Task<GrantTarget> Add(AtlanClient client, TimeSpan? max = null)
            => Grants(client, max).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { Token }, Array.Empty<string>(), SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

        /// <summary>A save that takes <paramref name="takes"/> of the clock's time and leaves <paramref name="admins"/> stored.</summary>
        private RecordingHandler SaveTaking(TimeSpan takes, params string[] admins)
            => _handler.AnswerFrom(_ =>
            {
                _clock.Advance(takes);
                return Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", admins);
            });

        [Fact]
        public async Task After_a_quick_save_the_check_read_waits_the_minimum()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            SaveTaking(TimeSpan.Zero, "alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", Token }));
            using AtlanClient client = TestClients.Create(_handler);

            await Add(client);

            Assert.Equal(new[] { new AtlanClientOptions().GrantSettleMin }, _clock.Delays);
        }

        [Fact]
        public async Task The_wait_is_one_and_a_half_times_the_read_to_save_time()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            SaveTaking(TimeSpan.FromSeconds(4), "alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", Token }));
            using AtlanClient client = TestClients.Create(_handler);

            await Add(client);

            Assert.Equal(new[] { TimeSpan.FromSeconds(6) }, _clock.Delays);
        }

        [Theory]
        [InlineData(10)]
        [InlineData(2)]
        public async Task The_wait_is_capped_by_the_setting(int maxSeconds)
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            SaveTaking(TimeSpan.FromSeconds(8), "alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", Token }));
            using AtlanClient client = TestClients.Create(_handler);

            await Add(client, TimeSpan.FromSeconds(maxSeconds));

            Assert.Equal(new[] { TimeSpan.FromSeconds(maxSeconds) }, _clock.Delays);
        }

        [Fact]
        public async Task A_change_another_writer_undid_within_the_window_is_applied_again_and_the_second_wait_excludes_the_first()
        {
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            SaveTaking(TimeSpan.FromSeconds(2), "alice", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", "bob" })); // a writer that read before our save saved its list over ours
            SaveTaking(TimeSpan.Zero, "alice", "bob", Token);
            _handler.Answer(HttpStatusCode.OK, Stored(new[] { "alice", "bob", Token }));
            using AtlanClient client = TestClients.Create(_handler);

            GrantTarget after = await Add(client);

            Assert.Equal(new[] { "alice", "bob", Token }, after.AdminUsers);
            Assert.Equal(new[] { "GET", "POST", "GET", "POST", "GET" }, _handler.Requests.Select(r => r.Method));
            Assert.Equal(new[] { TimeSpan.FromSeconds(3), new AtlanClientOptions().GrantSettleMin }, _clock.Delays);
        }
    }
}
