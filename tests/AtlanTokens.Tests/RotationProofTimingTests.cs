using System;
using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 16: a rotation's proof of the new key asks again after a 401 (a key not yet accepted everywhere), waiting
    /// 0.5, 1 and 2 s on the session's clock; these run in no real time (Rotation.Tests.ps1 keeps one end-to-end run).
    /// </summary>
    public sealed class RotationProofTimingTests
    {
        private const string Refused = """{"errorMessage":"Unauthorized"}""";

        private readonly FakeClock _clock = new();
        private readonly RecordingHandler _handler = new();

        private ApiTokenRotation Rotation(AtlanClient client) => new(new AtlanSession(client.BaseUri, "service-account-apikey-admin", client));

        private static ApiToken NewToken() => new() { Guid = "5f0e8e0c-1111-4a4a-9b9b-000000000009", ClientId = "apikey-new", AccessToken = SecretText.FromString("new-api-key-9876543210") };

        [Fact]
        public async Task A_key_refused_twice_is_asked_again_after_half_a_second_and_a_second()
        {
            _handler.Answer(HttpStatusCode.Unauthorized, Refused).Answer(HttpStatusCode.Unauthorized, Refused)
                .Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-new"}""");
            using AtlanClient client = TestClients.Create(_handler, clock: _clock);

            CurrentUser user = await Rotation(client).ProveAsync(NewToken(), NullAtlanLog.Instance, default);

            Assert.Equal("service-account-apikey-new", user.Username);
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1) }, _clock.Delays);
            Assert.All(_handler.Requests, r => Assert.Equal("Bearer new-api-key-9876543210", r.Headers["Authorization"]));
        }

        [Fact]
        public async Task A_key_refused_on_every_attempt_fails_after_three_and_a_half_seconds_of_the_clocks_time()
        {
            for (int i = 0; i < 4; i++)
            {
                _handler.Answer(HttpStatusCode.Unauthorized, Refused);
            }

            using AtlanClient client = TestClients.Create(_handler, clock: _clock);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => Rotation(client).ProveAsync(NewToken(), NullAtlanLog.Instance, default));

            Assert.Equal(401, e.StatusCode);
            Assert.Equal(4, _handler.Requests.Count);
            Assert.Equal(TimeSpan.FromSeconds(3.5), _clock.Elapsed);
        }

        [Fact]
        public async Task The_first_proof_wait_is_a_setting()
        {
            _handler.Answer(HttpStatusCode.Unauthorized, Refused).Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-new"}""");
            using AtlanClient client = TestClients.Create(_handler, clock: _clock);
            client.Options.ProofRetryDelay = TimeSpan.FromMilliseconds(20);

            await Rotation(client).ProveAsync(NewToken(), NullAtlanLog.Instance, default);

            Assert.Equal(new[] { TimeSpan.FromMilliseconds(20) }, _clock.Delays);
        }
    }
}
