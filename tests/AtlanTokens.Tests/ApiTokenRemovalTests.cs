using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Operations;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 16: Remove-AtlanApiToken's "a 404 after an attempt whose answer was lost means the lost attempt deleted it"
    /// is decided in one place (<see cref="ApiTokenRemoval"/>), as a result, not in the cmdlet's catch. A 404 without
    /// such an attempt stays a failure (the token was not there). Retries run on a fake clock.
    /// </summary>
    public sealed class ApiTokenRemovalTests
    {
        private const string Guid = "5f0e8e0c-1111-4a4a-9b9b-000000000001";
        private const string NotFound = """{"errorCode":"ATLAN-JAVA-404-000","errorMessage":"API token not found"}""";

        private readonly FakeClock _clock = new();

        [Fact]
        public async Task An_answered_delete_is_Deleted()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, string.Empty); // as Atlan (and the emulator) answer a delete
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            ApiTokenRemoved removed = await new ApiTokenRemoval(new ApiTokensEndpoint(client)).DeleteAsync(Guid, NullAtlanLog.Instance, default);

            Assert.Equal(ApiTokenRemoved.Deleted, removed);
            Assert.Equal(new[] { "DELETE" }, handler.Requests.Select(r => r.Method));
        }

        [Fact]
        public async Task A_404_on_the_retry_after_a_lost_answer_is_DeletedByLostAttempt()
        {
            var handler = new RecordingHandler()
                .Throw(new System.IO.IOException("connection reset"))
                .Answer(HttpStatusCode.NotFound, NotFound);
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            ApiTokenRemoved removed = await new ApiTokenRemoval(new ApiTokensEndpoint(client)).DeleteAsync(Guid, NullAtlanLog.Instance, default);

            Assert.Equal(ApiTokenRemoved.DeletedByLostAttempt, removed);
            Assert.Equal(new[] { "DELETE", "DELETE" }, handler.Requests.Select(r => r.Method));
            Assert.All(handler.Requests, r => Assert.EndsWith("/api/service/apikeys/" + Guid, r.Uri.AbsolutePath));
        }

        [Fact]
        public async Task A_404_with_no_earlier_attempt_is_thrown_as_not_found()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound, NotFound);
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new ApiTokenRemoval(new ApiTokensEndpoint(client)).DeleteAsync(Guid, NullAtlanLog.Instance, default));

            Assert.Equal(404, e.StatusCode);
            Assert.False(e.EarlierAttemptMayHaveApplied);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task Another_failure_after_a_lost_answer_is_still_thrown()
        {
            var handler = new RecordingHandler()
                .Throw(new System.IO.IOException("connection reset"))
                .Answer(HttpStatusCode.Forbidden, """{"errorCode":"ATLAN-JAVA-403-000","errorMessage":"forbidden"}""");
            using AtlanClient client = TestClients.Create(handler, clock: _clock);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new ApiTokenRemoval(new ApiTokensEndpoint(client)).DeleteAsync(Guid, NullAtlanLog.Instance, default));

            Assert.Equal(403, e.StatusCode);
            Assert.True(e.EarlierAttemptMayHaveApplied);
        }
    }
}
