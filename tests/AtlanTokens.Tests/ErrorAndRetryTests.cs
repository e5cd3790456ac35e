using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    public class ErrorAndRetryTests
    {
        private static Task<CurrentUser> CallUsers(AtlanClient client) => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);

        [Fact]
        public async Task A_full_atlan_error_body_names_status_message_error_id_causes_and_request_id()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest, """
                {"errorCode":"ATLAN-400-1234","errorMessage":"something went wrong","errorCause":"something went wrong",
                 "errorId":"95d80a45999cabc","doc":"https://ask.atlan.com/x",
                 "causes":[{"errorType":"Validation","errorMessage":"description is required","location":"body.description"}]}
                """);
            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));
            Assert.Equal(400, e.StatusCode);
            Assert.Equal("ATLAN-400-1234", e.AtlanErrorCode);
            Assert.Equal("95d80a45999cabc", e.AtlanErrorId);
            Assert.Contains("400", e.Message);
            Assert.Contains("something went wrong", e.Message);
            Assert.Contains("description is required (at body.description)", e.Message);
            Assert.Contains("95d80a45999cabc", e.Message);
            Assert.Contains(handler.Requests[0].Headers["X-Atlan-Request-Id"], e.Message);
            Assert.Equal(handler.Requests[0].Headers["X-Atlan-Request-Id"], e.RequestId);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("""{"code":403,"message":"no rights"}""", "application/json", "no rights")]
        [InlineData("""{"status":"FORBIDDEN","error":"x","info":"no rights either"}""", "application/json", "no rights either")]
        [InlineData("Some error message that is not JSON", "text/plain", "not JSON: \"Some error message")]
        [InlineData("{'error': 123}", "application/json", "{'error': 123}")]
        [InlineData("<html><body>Bad gateway</body></html>", "text/html", "HTML page")]
        [InlineData("", "application/json", "empty body")]
        public async Task Odd_error_bodies_still_give_a_clear_message(string body, string mediaType, string expected)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Forbidden, body, mediaType);
            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));
            Assert.Equal(403, e.StatusCode);
            Assert.Contains(expected, e.Message);
            Assert.Contains("request id", e.Message);
            Assert.Single(handler.Requests); // 403 is not retried
        }

        [Fact]
        public async Task A_401_says_whether_it_answered_another_bearer_than_the_session_key()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.Unauthorized, """{"errorMessage":"invalid token"}""")
                .Answer(HttpStatusCode.Unauthorized, """{"errorMessage":"invalid token"}""");
            using var client = TestClients.Create(handler);
            var users = new UsersEndpoint(client);
            var asSession = await Assert.ThrowsAsync<AtlanApiException>(() => users.GetCurrentAsync(NullAtlanLog.Instance, default));
            using var bearer = new System.Security.SecureString();
            foreach (char c in "a.b.c")
            {
                bearer.AppendChar(c);
            }

            var asUser = await Assert.ThrowsAsync<AtlanApiException>(() => users.GetCurrentAsync(NullAtlanLog.Instance, default, bearer));
            Assert.False(asSession.SentWithBearerOverride);
            Assert.True(asUser.SentWithBearerOverride);
            Assert.Equal("Bearer a.b.c", handler.Requests[1].Headers["Authorization"]);
        }

        [Fact]
        public async Task Error_messages_never_contain_the_api_key()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Unauthorized, """{"errorMessage":"invalid token"}""");
            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));
            Assert.Equal(401, e.StatusCode);
            Assert.DoesNotContain(TestClients.ApiKey, e.ToString());
            Assert.Single(handler.Requests); // 401 is never retried
        }

        [Fact]
        public async Task An_error_body_that_echoes_the_key_is_shown_with_the_key_hidden()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest,
                "{\"errorMessage\":\"bad header Authorization: Bearer " + TestClients.ApiKey + "\",\"causes\":[{\"errorMessage\":\"" + TestClients.ApiKey + "\"}]}");
            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));
            Assert.DoesNotContain(TestClients.ApiKey, e.ToString());
            Assert.DoesNotContain(TestClients.ApiKey, e.AtlanMessage);
            Assert.All(e.Causes, c => Assert.DoesNotContain(TestClients.ApiKey, c));
            Assert.Contains("Bearer ***", e.Message);
        }

        [Fact]
        public async Task Rate_limits_are_retried_honouring_retry_after()
        {
            var handler = new RecordingHandler()
                .Answer((HttpStatusCode)429, """{"errorMessage":"slow down"}""", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero))
                .Answer(HttpStatusCode.ServiceUnavailable, "")
                .Answer(HttpStatusCode.OK, """{"username":"u"}""");
            using var client = TestClients.Create(handler, maxRetries: 3);
            var log = new ListLog();
            CurrentUser user = await new UsersEndpoint(client).GetCurrentAsync(log, default);
            Assert.Equal("u", user.Username);
            Assert.Equal(3, handler.Requests.Count);
            Assert.Equal(3, handler.Requests.Select(r => r.Headers["X-Atlan-Request-Id"]).Distinct().Count());
            Assert.Equal(2, log.Lines.Count(l => l.StartsWith("Retrying", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task Retries_are_bounded()
        {
            var handler = new RecordingHandler();
            for (int i = 0; i < 5; i++)
            {
                handler.Answer(HttpStatusCode.BadGateway, "");
            }

            using var client = TestClients.Create(handler, maxRetries: 2);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => CallUsers(client));
            Assert.Equal(502, e.StatusCode);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task A_create_is_not_blindly_repeated_after_a_server_error()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.ServiceUnavailable, "").Answer(HttpStatusCode.OK, TestClients.TokenRecord);
            using var client = TestClients.Create(handler, maxRetries: 3);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() =>
                new ApiTokensEndpoint(client).CreateAsync("n", "", Array.Empty<string>(), 60, NullAtlanLog.Instance, default));
            Assert.True(e.MayHaveBeenApplied);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task A_create_is_retried_after_a_rate_limit_because_nothing_was_stored()
        {
            var handler = new RecordingHandler()
                .Answer((HttpStatusCode)429, "", configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero))
                .Answer(HttpStatusCode.OK, TestClients.TokenRecord);
            using var client = TestClients.Create(handler, maxRetries: 3);
            await new ApiTokensEndpoint(client).CreateAsync("n", "", Array.Empty<string>(), 60, NullAtlanLog.Instance, default);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task A_refused_connection_is_unreachable_and_retried()
        {
            var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
            var handler = new RecordingHandler().Throw(refused).Answer(HttpStatusCode.OK, """{"username":"u"}""");
            using var client = TestClients.Create(handler);
            Assert.Equal("u", (await CallUsers(client)).Username);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task A_connection_lost_during_a_create_is_reported_as_may_have_reached_the_server()
        {
            var reset = new HttpRequestException("reset", new System.IO.IOException("reset", new SocketException((int)SocketError.ConnectionReset)));
            var handler = new RecordingHandler().Throw(reset);
            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<AtlanTransportException>(() =>
                new ApiTokensEndpoint(client).CreateAsync("n", "", Array.Empty<string>(), 60, NullAtlanLog.Instance, default));
            Assert.True(e.MayHaveBeenApplied);
            Assert.False(e.IsTimeout);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task A_malformed_success_body_is_an_invalid_response()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"totalRecord":1,"records":[{"id":"g",""");
            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<AtlanResponseException>(() =>
                new ApiTokensEndpoint(client).ListPageAsync(null, 0, 10, "createdAt", NullAtlanLog.Instance, default));
            Assert.Contains("request id", e.Message);
        }

        private sealed class ListLog : IAtlanLog
        {
            public System.Collections.Generic.List<string> Lines { get; } = new();

            public void Verbose(string message) => Lines.Add(message);

            public void Debug(string message) => Lines.Add(message);

            public void Warning(string message) => Lines.Add(message);
        }
    }
}
