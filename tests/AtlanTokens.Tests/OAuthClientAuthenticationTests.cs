using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Client.Auth;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The OAuth client authentication of the client: exchange, renewal ahead of expiry, one renewal on 401, one exchange at a time.</summary>
    public class OAuthClientAuthenticationTests
    {
        private const string ClientId = "oauth-client-0001";
        private const string Secret = "oauth-secret-do-not-show-0123456789";
        private const string TokenPath = "/api/service/oauth-clients/token";
        private const string Me = """{"username":"service-account-oauth-client-0001"}""";

        private static string Exchanged(string bearer, int? seconds = 100, bool snake = false) => snake
            ? $$"""{"access_token":"{{bearer}}","token_type":"Bearer"{{(seconds.HasValue ? ",\"expires_in\":" + seconds : string.Empty)}}}"""
            : $$"""{"accessToken":"{{bearer}}","tokenType":"Bearer"{{(seconds.HasValue ? ",\"expiresIn\":" + seconds : string.Empty)}}}""";

        private static AtlanClient Create(HttpMessageHandler handler, FakeClock clock, int maxRetries = 0)
            => new AtlanClient(
                new Uri("https://tenant.example.com/"),
                new OAuthClientAuthentication(ClientId, SecretText.FromString(Secret), clock),
                new AtlanClientOptions { MaxRetries = maxRetries, Clock = clock, RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(2) },
                handler);

        private static Task<CurrentUser> CallUsers(AtlanClient client) => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);

        private static string? BearerOf(RecordedRequest request) => request.Headers.TryGetValue("Authorization", out string? value) ? value : null;

        [Fact]
        public async Task The_first_call_exchanges_id_and_secret_without_a_bearer_then_sends_the_bearer()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Exchanged("bearer-1")).Answer(HttpStatusCode.OK, Me);
            using var client = Create(handler, new FakeClock());

            CurrentUser me = await CallUsers(client);

            Assert.Equal("service-account-oauth-client-0001", me.Username);
            Assert.Equal(new[] { TokenPath, UsersEndpoint.CurrentUserPath }, handler.Requests.Select(r => r.Path));
            RecordedRequest exchange = handler.Requests[0];
            Assert.Equal("POST", exchange.Method);
            Assert.Null(BearerOf(exchange));
            using JsonDocument body = JsonDocument.Parse(exchange.Body!);
            Assert.Equal(ClientId, body.RootElement.GetProperty("clientId").GetString());
            Assert.Equal(Secret, body.RootElement.GetProperty("clientSecret").GetString());
            Assert.StartsWith("application/json", exchange.ContentType);
            Assert.Equal("Bearer bearer-1", BearerOf(handler.Requests[1]));
        }

        [Theory]
        [InlineData(false, 100, 100)]
        [InlineData(true, 100, 100)]
        [InlineData(false, null, 600)]
        [InlineData(true, null, 600)]
        public async Task Both_answer_shapes_are_read_and_600_s_is_assumed_without_a_lifetime(bool snake, int? seconds, int expectedLifetime)
        {
            var clock = new FakeClock();
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Exchanged("bearer-1", seconds, snake)).Answer(HttpStatusCode.OK, Me)
                .Answer(HttpStatusCode.OK, Me)
                .Answer(HttpStatusCode.OK, Exchanged("bearer-2", seconds, snake)).Answer(HttpStatusCode.OK, Me);
            using var client = Create(handler, clock);

            double renewAt = expectedLifetime - Math.Min(60, expectedLifetime / 4.0); // the last quarter, at most 60 s
            await CallUsers(client);
            clock.Advance(TimeSpan.FromSeconds(renewAt - 1));
            await CallUsers(client); // still the first bearer
            clock.Advance(TimeSpan.FromSeconds(2));
            await CallUsers(client); // renewed first

            Assert.Equal(new[] { TokenPath, UsersEndpoint.CurrentUserPath, UsersEndpoint.CurrentUserPath, TokenPath, UsersEndpoint.CurrentUserPath }, handler.Requests.Select(r => r.Path));
            Assert.Equal("Bearer bearer-1", BearerOf(handler.Requests[2]));
            Assert.Equal("Bearer bearer-2", BearerOf(handler.Requests[4]));
        }

        [Fact]
        public async Task A_long_lived_bearer_is_renewed_60_s_ahead_of_expiry_not_a_quarter()
        {
            var clock = new FakeClock();
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Exchanged("bearer-1", 3600)).Answer(HttpStatusCode.OK, Me)
                .Answer(HttpStatusCode.OK, Me)
                .Answer(HttpStatusCode.OK, Exchanged("bearer-2", 3600)).Answer(HttpStatusCode.OK, Me);
            using var client = Create(handler, clock);

            await CallUsers(client);
            clock.Advance(TimeSpan.FromSeconds(3539));
            await CallUsers(client);
            clock.Advance(TimeSpan.FromSeconds(2));
            await CallUsers(client);

            Assert.Equal(2, handler.Requests.Count(r => r.Path == TokenPath));
            Assert.Equal("Bearer bearer-2", BearerOf(handler.Requests[4]));
        }

        [Fact]
        public async Task A_401_fetches_one_new_bearer_and_sends_the_request_once_more()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Exchanged("bearer-1")).Answer(HttpStatusCode.Unauthorized, """{"errorMessage":"expired"}""")
                .Answer(HttpStatusCode.OK, Exchanged("bearer-2")).Answer(HttpStatusCode.OK, Me);
            using var client = Create(handler, new FakeClock());

            await CallUsers(client);

            Assert.Equal(new[] { TokenPath, UsersEndpoint.CurrentUserPath, TokenPath, UsersEndpoint.CurrentUserPath }, handler.Requests.Select(r => r.Path));
            Assert.Equal("Bearer bearer-2", BearerOf(handler.Requests[3]));
        }

        [Fact]
        public async Task A_second_401_is_the_callers_failure_not_a_loop()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Exchanged("bearer-1")).Answer(HttpStatusCode.Unauthorized, """{"errorMessage":"no"}""")
                .Answer(HttpStatusCode.OK, Exchanged("bearer-2")).Answer(HttpStatusCode.Unauthorized, """{"errorMessage":"still no"}""");
            using var client = Create(handler, new FakeClock());

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));

            Assert.Equal(401, e.StatusCode);
            Assert.Equal(4, handler.Requests.Count);
        }

        [Fact]
        public async Task A_rejected_secret_fails_at_the_token_endpoint_and_never_shows_the_secret()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Unauthorized,
                $$"""{"errorMessage":"Invalid client credentials for {{Secret}}","errorCode":"ATLAN-401"}""");
            using var client = Create(handler, new FakeClock());

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));

            Assert.Equal(401, e.StatusCode);
            Assert.Contains(TokenPath, e.Message);
            Assert.DoesNotContain(Secret, e.ToString());
            Assert.Single(handler.Requests); // no bearer, so nothing to renew: not tried again
        }

        [Fact]
        public async Task Concurrent_calls_share_one_exchange()
        {
            var handler = new GatedExchangeHandler();
            using var client = Create(handler, new FakeClock());

            // Each call runs synchronously up to the exchange (the first) or the wait for it (the others).
            List<Task<CurrentUser>> calls = Enumerable.Range(0, 8).Select(_ => CallUsers(client)).ToList();
            handler.Release();
            await Task.WhenAll(calls);

            Assert.Equal(1, handler.Exchanges);
            Assert.Equal(8, handler.Calls);
        }

        [Fact]
        public void The_bearer_and_its_lifetime_print_no_secret()
        {
            Assert.DoesNotContain("bearer-xyz", new OAuthBearer("bearer-xyz", TimeSpan.FromSeconds(5)).ToString());
        }

        /// <summary>Holds the exchange's answer until released; answers users/current at once.</summary>
        private sealed class GatedExchangeHandler : HttpMessageHandler
        {
            private readonly TaskCompletionSource<bool> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _exchanges;
            private int _calls;

            public int Exchanges => Volatile.Read(ref _exchanges);

            public int Calls => Volatile.Read(ref _calls);

            public void Release() => _gate.SetResult(true);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.AbsolutePath == TokenPath)
                {
                    Interlocked.Increment(ref _exchanges);
                    await _gate.Task;
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Exchanged("bearer-shared"), Encoding.UTF8, "application/json") };
                }

                Assert.Equal("Bearer bearer-shared", request.Headers.Authorization?.ToString());
                Interlocked.Increment(ref _calls);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Me, Encoding.UTF8, "application/json") };
            }
        }
    }
}
