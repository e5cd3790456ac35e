using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The error shapes of Atlas (contract "Atlas behaviours"), as the module reads them.</summary>
    public class AtlasErrorShapeTests
    {
        private static readonly SearchFilter Terms = AssetLookup.Terms("Connection", "production", null, null);

        [Fact]
        public async Task A_handled_atlas_refusal_keeps_its_string_error_code_and_message()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Forbidden,
                """{"errorCode":"ATLAS-403-00-001","errorMessage":"bob is not authorized to perform update entity: type=Connection"}""");
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new SearchEndpoint(client).FindAllAsync(Terms, new[] { "name" }, NullAtlanLog.Instance, default));

            Assert.Equal(403, e.StatusCode);
            Assert.Equal("ATLAS-403-00-001", e.AtlanErrorCode);
            Assert.Contains("bob is not authorized to perform update entity", e.Message);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task An_unhandled_atlas_failure_without_error_code_names_its_message_and_error_id()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest,
                """{"errorId":"a1b2c3d4e5f60718","message":"java.lang.NullPointerException","causes":[{"errorType":"java.lang.RuntimeException","errorMessage":"boom","location":"EntityREST"}]}""");
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new SearchEndpoint(client).FindAllAsync(Terms, new[] { "name" }, NullAtlanLog.Instance, default));

            Assert.Null(e.AtlanErrorCode);
            Assert.Equal("a1b2c3d4e5f60718", e.AtlanErrorId);
            Assert.Contains("java.lang.NullPointerException", e.Message);
            Assert.Contains("a1b2c3d4e5f60718", e.Message);
        }

        [Fact]
        public async Task A_search_timeout_429_without_retry_after_is_retried_with_backoff()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.TooManyRequests, """{"errorCode":"ATLAS-400-00-502","errorMessage":"search timed out"}""")
                .Answer(HttpStatusCode.OK, """{"queryType":"INDEX","approximateCount":0}""");
            using AtlanClient client = TestClients.Create(handler);

            List<SearchHit> hits = await new SearchEndpoint(client).FindAllAsync(Terms, new[] { "name" }, NullAtlanLog.Instance, default);

            Assert.Empty(hits);
            Assert.Equal(2, handler.Requests.Count);
            Assert.All(handler.Requests, r => Assert.Equal("/api/meta/search/indexsearch", r.Path));
        }
    }
}
