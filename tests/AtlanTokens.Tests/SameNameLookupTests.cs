using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 16: New-AtlanApiToken's look-up of the tokens that already have the name is decided in
    /// <see cref="ApiTokenCreation.FindSameNameAsync"/>, not in a catch of the cmdlet: a name the list filter cannot
    /// carry (a 4xx other than 401/403/429) gives null (unknown) and a verbose line, every other failure is thrown.
    /// </summary>
    public sealed class SameNameLookupTests
    {
        private const string Name = "ci-deploy";

        private readonly FakeClock _clock = new();
        private readonly TestLog _log = new();

        private static ApiTokenCreation Creation(AtlanClient client) => new(new ApiTokensEndpoint(client), "admin", client.Options);

        [Fact]
        public async Task The_tokens_of_the_name_are_listed()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, "{\"totalRecord\":1,\"filterRecord\":1,\"records\":[" + TestClients.TokenRecord + "]}");
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            List<ApiToken>? same = await Creation(client).FindSameNameAsync(Name, _log, default);

            Assert.NotNull(same);
            Assert.Equal("5f0e8e0c-1111-4a4a-9b9b-000000000001", Assert.Single(same!).Guid);
            Assert.DoesNotContain(_log.Verbose, line => line.StartsWith("Could not look up", System.StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest)]
        [InlineData(HttpStatusCode.RequestUriTooLong)]
        public async Task A_name_the_filter_cannot_carry_is_unknown_not_a_failure(HttpStatusCode status)
        {
            var handler = new RecordingHandler().Answer(status, """{"errorCode":"ATLAN-JAVA-400-000","errorMessage":"bad filter"}""");
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            List<ApiToken>? same = await Creation(client).FindSameNameAsync(Name, _log, default);

            Assert.Null(same);
            Assert.Single(handler.Requests);
            Assert.Contains(_log.Verbose, line => line.StartsWith("Could not look up existing tokens named like this one: ", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_refusal_is_thrown()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Forbidden, """{"errorCode":"ATLAN-JAVA-403-000","errorMessage":"forbidden"}""");
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => Creation(client).FindSameNameAsync(Name, _log, default));

            Assert.Equal(403, e.StatusCode);
            Assert.DoesNotContain(_log.Verbose, line => line.StartsWith("Could not look up", System.StringComparison.Ordinal));
        }
    }
}
