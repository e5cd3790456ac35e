using System;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 16: the client's retry waits read the session's clock, so Retry-After and the bounds on waiting are checked exactly, in no real time.</summary>
    public sealed class ClientBackoffTests
    {
        private readonly FakeClock _clock = new();
        private readonly RecordingHandler _handler = new();

        private AtlanClient Client(int maxRetries = 5, TimeSpan? total = null, TimeSpan? maxTotalWait = null)
            => new AtlanClient(
                new Uri("https://tenant.example.com/"),
                SecretText.FromString(TestClients.ApiKey),
                new AtlanClientOptions
                {
                    Clock = _clock,
                    MaxRetries = maxRetries,
                    RequestTimeout = TimeSpan.FromSeconds(10),
                    TotalTimeoutOverride = total,
                    MaxTotalRetryWait = maxTotalWait ?? TimeSpan.FromMinutes(2),
                },
                _handler);

        private RecordingHandler RateLimited(RetryConditionHeaderValue? retryAfter)
            => _handler.Answer((HttpStatusCode)429, """{"errorMessage":"slow down"}""", configure: r => r.Headers.RetryAfter = retryAfter);

        /// <summary>A 503 with Retry-After: retried by count and within the call's bounds (a 429 is retried for time instead, see RequestBudgetTests).</summary>
        private RecordingHandler Unavailable(RetryConditionHeaderValue? retryAfter)
            => _handler.Answer(HttpStatusCode.ServiceUnavailable, """{"errorMessage":"busy"}""", configure: r => r.Headers.RetryAfter = retryAfter);

        private static Task<CurrentUser> Call(AtlanClient client) => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);

        [Fact]
        public async Task A_retry_after_in_seconds_is_waited_exactly()
        {
            RateLimited(retryAfter: new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
            _handler.Answer(HttpStatusCode.OK, """{"username":"u"}""");
            using AtlanClient client = Client();

            await Call(client);

            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, _clock.Delays);
            Assert.Equal(2, _handler.Requests.Count);
        }

        [Fact]
        public async Task A_retry_after_date_is_read_against_the_clock()
        {
            RateLimited(retryAfter: new RetryConditionHeaderValue(_clock.UtcNow.AddSeconds(20)));
            _handler.Answer(HttpStatusCode.OK, """{"username":"u"}""");
            using AtlanClient client = Client();

            await Call(client);

            Assert.Equal(new[] { TimeSpan.FromSeconds(20) }, _clock.Delays);
        }

        [Fact]
        public async Task A_retry_after_past_the_calls_total_time_is_not_waited_for()
        {
            for (int i = 0; i < 5; i++)
            {
                Unavailable(retryAfter: new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)));
            }

            using AtlanClient client = Client(total: TimeSpan.FromSeconds(30));

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => Call(client));

            Assert.Equal(503, e.StatusCode);
            Assert.Equal(new[] { TimeSpan.FromSeconds(20) }, _clock.Delays); // 20 s + 20 s would pass the 30 s total
            Assert.Equal(2, _handler.Requests.Count);
            Assert.True(_clock.Elapsed < TimeSpan.FromSeconds(30));
        }

        [Fact]
        public async Task The_total_wait_between_retries_is_bounded()
        {
            for (int i = 0; i < 10; i++)
            {
                Unavailable(retryAfter: new RetryConditionHeaderValue(TimeSpan.FromSeconds(50)));
            }

            using AtlanClient client = Client(maxRetries: 10, total: TimeSpan.FromHours(1), maxTotalWait: TimeSpan.FromMinutes(2));

            await Assert.ThrowsAsync<AtlanApiException>(() => Call(client));

            Assert.Equal(new[] { TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(50) }, _clock.Delays);
            Assert.Equal(3, _handler.Requests.Count);
        }

        [Fact]
        public async Task Backoff_doubles_with_jitter_up_to_the_cap()
        {
            for (int i = 0; i < 6; i++)
            {
                _handler.Answer(HttpStatusCode.ServiceUnavailable, "");
            }

            using AtlanClient client = Client(maxRetries: 5, total: TimeSpan.FromHours(1));
            client.Options.RetryBaseDelay = TimeSpan.FromSeconds(1);
            client.Options.MaxRetryDelay = TimeSpan.FromSeconds(4);

            await Assert.ThrowsAsync<AtlanApiException>(() => Call(client));

            double[] caps = { 1, 2, 4, 4, 4 };
            Assert.Equal(caps.Length, _clock.Delays.Count);
            Assert.All(_clock.Delays.Zip(caps), p => Assert.InRange(p.First.TotalSeconds, p.Second * 0.5, p.Second));
        }
    }
}
