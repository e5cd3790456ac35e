using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;

namespace AtlanTokens.Tests
{
    public class PagerTests
    {
        private static string Record(int i) => "{\"id\":\"g" + i + "\",\"clientId\":\"apikey-" + i + "\",\"displayName\":\"t" + i + "\",\"attributes\":{}}";

        private static string Page(long filterRecord, IEnumerable<int> ids) =>
            $$"""{"totalRecord":{{filterRecord}},"filterRecord":{{filterRecord}},"records":[{{string.Join(",", ids.Select(Record))}}]}""";

        private static async Task<List<ApiToken>> ReadAll(RecordingHandler handler, int pageSize)
        {
            using var client = TestClients.Create(handler);
            var pager = new ApiTokenPager(new ApiTokensEndpoint(client), null, pageSize);
            var all = new List<ApiToken>();
            List<ApiToken>? page;
            while ((page = await pager.NextPageAsync(NullAtlanLog.Instance, default)) != null)
            {
                all.AddRange(page);
            }

            return all;
        }

        [Fact]
        public async Task Pages_by_what_the_server_sends_when_it_clamps_the_limit()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(5, new[] { 1, 2 }))
                .Answer(HttpStatusCode.OK, Page(5, new[] { 3, 4 }))
                .Answer(HttpStatusCode.OK, Page(5, new[] { 5 }));
            var all = await ReadAll(handler, pageSize: 100);
            Assert.Equal(new[] { "g1", "g2", "g3", "g4", "g5" }, all.Select(t => t.Guid));
            Assert.Equal(new[] { "0", "2", "4" }, handler.Requests.Select(r => r.Query["offset"]));
            Assert.All(handler.Requests, r => Assert.Equal("createdAt", r.Query["sort"]));
        }

        [Fact]
        public async Task Ends_on_an_empty_page_when_filter_record_overstates()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(1000, new[] { 1, 2 }))
                .Answer(HttpStatusCode.OK, Page(1000, new int[0]));
            var all = await ReadAll(handler, pageSize: 2);
            Assert.Equal(2, all.Count);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task Ends_when_a_server_ignoring_the_offset_repeats_a_page()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(1000, new[] { 1, 2 }))
                .Answer(HttpStatusCode.OK, Page(1000, new[] { 1, 2 }));
            var all = await ReadAll(handler, pageSize: 2);
            Assert.Equal(new[] { "g1", "g2" }, all.Select(t => t.Guid));
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task Stops_without_an_extra_request_once_filter_record_is_reached()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Page(2, new[] { 1, 2 }));
            var all = await ReadAll(handler, pageSize: 2);
            Assert.Equal(2, all.Count);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task Steps_back_when_tokens_already_read_are_deleted_meanwhile_so_none_is_skipped()
        {
            // Get-AtlanApiToken | Remove-AtlanApiToken: each page read is deleted before the next is asked for.
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(6, new[] { 1, 2 }))
                .Answer(HttpStatusCode.OK, Page(4, new[] { 5, 6 }))
                .Answer(HttpStatusCode.OK, Page(4, new[] { 3, 4 }))
                .Answer(HttpStatusCode.OK, Page(2, new int[0]))
                .Answer(HttpStatusCode.OK, Page(2, new[] { 5, 6 }));
            var all = await ReadAll(handler, pageSize: 2);
            Assert.Equal(new[] { "g1", "g2", "g3", "g4", "g5", "g6" }, all.Select(t => t.Guid));
            Assert.Equal(new[] { "0", "2", "0", "2", "0" }, handler.Requests.Select(r => r.Query["offset"]));
        }

        [Fact]
        public async Task A_step_back_skips_the_tokens_already_written_and_goes_on()
        {
            // Someone deleted tokens not yet read: stepping back re-reads known ones, which are skipped, and the listing goes on.
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(6, new[] { 1, 2 }))
                .Answer(HttpStatusCode.OK, Page(5, new[] { 4, 5 }))
                .Answer(HttpStatusCode.OK, Page(5, new[] { 2, 4 }))
                .Answer(HttpStatusCode.OK, Page(5, new[] { 5, 6 }))
                .Answer(HttpStatusCode.OK, Page(5, new int[0]));
            var all = await ReadAll(handler, pageSize: 2);
            Assert.Equal(new[] { "g1", "g2", "g4", "g5", "g6" }, all.Select(t => t.Guid));
        }

        [Fact]
        public async Task A_smaller_first_page_then_full_pages()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(5, new[] { 1 }))
                .Answer(HttpStatusCode.OK, Page(5, new[] { 2, 3, 4, 5 }));
            using var client = TestClients.Create(handler);
            var pager = new ApiTokenPager(new ApiTokensEndpoint(client), null, pageSize: 4, firstPageSize: 1);
            Assert.Single((await pager.NextPageAsync(NullAtlanLog.Instance, default))!);
            Assert.Equal(4, (await pager.NextPageAsync(NullAtlanLog.Instance, default))!.Count);
            Assert.Null(await pager.NextPageAsync(NullAtlanLog.Instance, default));
            Assert.Equal(new[] { "1", "4" }, handler.Requests.Select(r => r.Query["limit"]));
        }

        [Fact]
        public async Task Null_records_end_the_listing()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"totalRecord":3,"filterRecord":3,"records":null}""");
            Assert.Empty(await ReadAll(handler, pageSize: 2));
        }
    }
}
