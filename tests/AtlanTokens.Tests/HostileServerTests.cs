using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 9 #3, #6, #7: what a hostile or broken server can send, and what the client makes of it.</summary>
    public sealed class HostileServerTests
    {
        private const string TwoRecordsOneBad = "{\"totalRecord\":2,\"filterRecord\":2,\"records\":["
            + "{\"id\":\"00000000-0000-4000-8000-0000000000b1\",\"displayName\":\"\u0001BAD\u0001\"},"
            + "{\"id\":\"00000000-0000-4000-8000-0000000000a1\",\"displayName\":\"good\",\"attributes\":{\"createdAt\":99999999999999999}}]}";

        private static byte[] WithInvalidUtf8(string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == 0x01)
                {
                    bytes[i] = 0xC3; // a UTF-8 lead byte followed by an ASCII byte: invalid
                }
            }

            return bytes;
        }

        [Fact]
        public async Task A_record_with_invalid_utf8_is_reported_alone_and_the_page_is_read()
        {
            ApiTokenPage page = await ApiTokenPageReader.ReadAsync(new MemoryStream(WithInvalidUtf8(TwoRecordsOneBad)), default);
            ApiToken good = Assert.Single(page.Records);
            Assert.Equal("good", good.DisplayName);
            Assert.Null(good.CreatedAt); // beyond the year 9999: unknown, not an exception
            AtlanRecordException bad = Assert.Single(page.BadRecords);
            Assert.Equal("00000000-0000-4000-8000-0000000000b1", bad.RecordGuid);
            Assert.Equal("ApiTokenRecordUnreadable", bad.ErrorId);
            Assert.Contains("00000000-0000-4000-8000-0000000000b1", bad.Message);
        }

        [Theory]
        [InlineData("99999999999999999")]
        [InlineData("253402300799999")]
        [InlineData("9223372036854775807")]
        public void An_out_of_range_createdAt_reads_as_unknown_in_both_parsers(string createdAt)
        {
            using var document = JsonDocument.Parse("{\"id\":\"g\",\"attributes\":{\"createdAt\":" + createdAt + "}}");
            ApiToken token = ApiTokenJson.Read(document.RootElement);
            Assert.True(token.CreatedAt == null || token.CreatedAt.Value.Year >= 9999);
        }

        [Fact]
        public void A_jwt_exp_out_of_range_reads_as_no_expiry()
        {
            string payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"exp\":99999999999999}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            DateTime? expires = JwtClaims.ExpiresAt(SecretText.FromString("eyJhbGciOiJIUzI1NiJ9." + payload + ".c2ln"), out bool isJwt);
            Assert.True(isJwt);
            Assert.Null(expires);
        }

        [Fact]
        public async Task An_unreadable_created_token_answer_is_the_modules_error_not_a_raw_one()
        {
            var handler = new BytesHandler(HttpStatusCode.OK, WithInvalidUtf8("{\"id\":\"g\",\"displayName\":\"\u0001x\",\"attributes\":{\"accessToken\":\"k\"}}"));
            using var client = TestClients.Create(handler, maxRetries: 0);
            var e = await Assert.ThrowsAsync<AtlanResponseException>(
                () => new ApiTokensEndpoint(client).CreateAsync("x", string.Empty, Array.Empty<string>(), 60, NullAtlanLog.Instance, default));
            Assert.Equal("AtlanInvalidResponse", e.ErrorId);
            Assert.True(e.MayHaveBeenApplied);
        }

        [Fact]
        public async Task A_response_larger_than_the_cap_fails_with_ResponseTooLarge_naming_cap_and_request()
        {
            string body = "{\"totalRecord\":0,\"records\":[],\"padding\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, body);
            using var client = TestClients.Create(handler);
            client.Options.MaxResponseBytes = 1024 * 1024;
            var e = await Assert.ThrowsAsync<AtlanResponseException>(
                () => new ApiTokensEndpoint(client).ListPageAsync(null, 0, 10, "createdAt", NullAtlanLog.Instance, default));
            Assert.Equal("ResponseTooLarge", e.ErrorId);
            Assert.Contains("1,048,576 bytes", e.Message);
            Assert.Contains("GET /api/service/apikeys", e.Message);
        }

        [Fact]
        public async Task A_gzip_bomb_is_stopped_at_the_cap_counted_after_decompression()
        {
            var output = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                byte[] prefix = Encoding.UTF8.GetBytes("{\"records\":[],\"padding\":\"");
                gzip.Write(prefix, 0, prefix.Length);
                byte[] block = Enumerable.Repeat((byte)'x', 1024 * 1024).ToArray();
                for (int i = 0; i < 32; i++)
                {
                    gzip.Write(block, 0, block.Length);
                }
            }

            Assert.True(output.Length < 1024 * 1024); // small on the wire
            var handler = new BytesHandler(HttpStatusCode.OK, output.ToArray(), gzip: true);
            using var client = TestClients.Create(handler);
            client.Options.MaxResponseBytes = 4 * 1024 * 1024;
            var e = await Assert.ThrowsAsync<AtlanResponseException>(
                () => new ApiTokensEndpoint(client).ListPageAsync(null, 0, 10, "createdAt", NullAtlanLog.Instance, default));
            Assert.Equal("ResponseTooLarge", e.ErrorId);
        }

        [Fact]
        public async Task An_error_body_that_does_not_arrive_in_time_still_gives_the_status_error()
        {
            var handler = new StallingHandler(HttpStatusCode.InternalServerError, stallBody: true);
            using var client = TestClients.Create(handler, maxRetries: 0);
            client.Options.RequestTimeout = TimeSpan.FromMilliseconds(300);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
            Assert.Equal(500, e.StatusCode);
        }

        [Fact]
        public async Task Closing_the_client_ends_a_call_in_flight_with_session_closed()
        {
            var handler = new StallingHandler(HttpStatusCode.OK, stallBody: false);
            using var client = TestClients.Create(handler);
            Task call = new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);
            await handler.Entered.Task;
            client.Close();
            var e = await Assert.ThrowsAsync<AtlanSessionClosedException>(() => call);
            Assert.Equal("AtlanSessionClosed", e.ErrorId);
            Assert.Contains("closed", e.Message);
        }

        [Fact]
        public async Task One_call_is_bounded_by_its_total_time_over_all_attempts()
        {
            var handler = new FailingHandler(TimeSpan.FromMilliseconds(100));
            using var client = TestClients.Create(handler, maxRetries: 20);
            client.Options.RequestTimeout = TimeSpan.FromSeconds(10);
            client.Options.TotalTimeoutOverride = TimeSpan.FromMilliseconds(400);
            await Assert.ThrowsAnyAsync<AtlanException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
            Assert.InRange(handler.Calls, 1, 5); // without the total deadline: 21 attempts
        }

        [Fact]
        public void The_default_total_time_is_three_times_the_request_timeout()
        {
            var options = new AtlanClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(TimeSpan.FromSeconds(30), options.TotalTimeout);
        }

        private sealed class BytesHandler : HttpMessageHandler
        {
            private readonly HttpStatusCode _status;
            private readonly byte[] _body;
            private readonly bool _gzip;

            public BytesHandler(HttpStatusCode status, byte[] body, bool gzip = false)
            {
                _status = status;
                _body = body;
                _gzip = gzip;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                HttpContent content = _gzip
                    ? new StreamContent(new System.IO.Compression.GZipStream(new MemoryStream(_body), System.IO.Compression.CompressionMode.Decompress))
                    : new ByteArrayContent(_body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                return Task.FromResult(new HttpResponseMessage(_status) { Content = content });
            }
        }

        private sealed class StallingHandler : HttpMessageHandler
        {
            private readonly HttpStatusCode _status;
            private readonly bool _stallBody;

            public StallingHandler(HttpStatusCode status, bool stallBody)
            {
                _status = status;
                _stallBody = stallBody;
            }

            public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Entered.TrySetResult();
                if (!_stallBody)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return new HttpResponseMessage(_status) { Content = new StreamContent(new StallingStream()) };
            }
        }

        private sealed class StallingStream : MemoryStream
        {
            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
        }

        /// <summary>Every attempt breaks off after a while, as a flaky connection does (retried for idempotent calls).</summary>
        private sealed class FailingHandler : HttpMessageHandler
        {
            private readonly TimeSpan _after;
            private int _calls;

            public FailingHandler(TimeSpan after)
            {
                _after = after;
            }

            public int Calls => _calls;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _calls);
                await Task.Delay(_after, cancellationToken);
                throw new HttpRequestException("connection reset", new IOException("reset"));
            }
        }
    }
}
