using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;

namespace AtlanTokens.Tests
{
    public class PagerTests
    {
        /// <summary>A token list served by offset, sorted by id, whose content tests change between (or during) requests.</summary>
        private sealed class FakeTokenList : HttpMessageHandler
        {
            public List<int> Ids { get; } = new();

            public List<(int Offset, int Limit)> Requests { get; } = new();

            public int? ClampLimit { get; set; }

            public int LieAboutCount { get; set; }

            public bool IgnoreOffset { get; set; }

            public bool NullRecords { get; set; }

            /// <summary>Runs before each request is answered (e.g. deletions by the rest of a pipeline).</summary>
            public Action<int>? BeforeAnswer { get; set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var query = request.RequestUri!.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
                int offset = int.Parse(query["offset"]);
                int limit = int.Parse(query["limit"]);
                Requests.Add((offset, limit));
                BeforeAnswer?.Invoke(Requests.Count);
                int take = Math.Min(limit, ClampLimit ?? limit);
                var page = Ids.OrderBy(i => i).Skip(IgnoreOffset ? 0 : offset).Take(take);
                string records = NullRecords ? "null" : "[" + string.Join(",", page.Select(Record)) + "]";
                string json = $"{{\"totalRecord\":{Ids.Count + LieAboutCount},\"filterRecord\":{Ids.Count + LieAboutCount},\"records\":{records}}}";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
            }

            private static string Record(int i) => "{\"id\":\"g" + i + "\",\"clientId\":\"apikey-" + i + "\",\"displayName\":\"t" + i + "\",\"attributes\":{}}";
        }

        private static FakeTokenList ListOf(int count)
        {
            var list = new FakeTokenList();
            list.Ids.AddRange(Enumerable.Range(1, count));
            return list;
        }

        /// <summary>Reads the whole listing; after each page, <paramref name="consume"/> sees it (as the pipeline would).</summary>
        private static async Task<List<string>> ReadAll(FakeTokenList list, int pageSize, int? firstPageSize = null, Action<List<ApiToken>>? consume = null)
        {
            using var client = TestClients.Create(new RecordingHandlerAdapter(list));
            var pager = new ApiTokenPager(new ApiTokensEndpoint(client), null, pageSize, firstPageSize);
            var all = new List<string>();
            List<ApiToken>? page;
            int pages = 0;
            while ((page = await pager.NextPageAsync(NullAtlanLog.Instance, default)) != null)
            {
                Assert.True(++pages < 1000, "the listing does not end");
                all.AddRange(page.Select(t => t.Guid));
                consume?.Invoke(page);
            }

            return all;
        }

        private static IEnumerable<string> Guids(IEnumerable<int> ids) => ids.Select(i => "g" + i);

        [Fact]
        public async Task Reads_everything_in_order_when_the_server_clamps_the_limit()
        {
            var list = ListOf(23);
            list.ClampLimit = 4;
            Assert.Equal(Guids(Enumerable.Range(1, 23)), await ReadAll(list, pageSize: 10));
        }

        [Fact]
        public async Task A_smaller_first_page_then_full_pages_overlapping_by_one()
        {
            var list = ListOf(12);
            Assert.Equal(Guids(Enumerable.Range(1, 12)), await ReadAll(list, pageSize: 5, firstPageSize: 2));
            Assert.Equal((0, 2), list.Requests[0]);
            Assert.Equal((1, 6), list.Requests[1]); // starts on the last token read, to prove there is no gap
            Assert.Equal((6, 6), list.Requests[2]);
        }

        [Fact]
        public async Task Ends_when_filter_record_overstates()
        {
            var list = ListOf(7);
            list.LieAboutCount = 1000;
            Assert.Equal(Guids(Enumerable.Range(1, 7)), await ReadAll(list, pageSize: 3));
        }

        [Fact]
        public async Task Ends_when_the_server_ignores_the_offset()
        {
            var list = ListOf(7);
            list.IgnoreOffset = true;
            var read = await ReadAll(list, pageSize: 3);
            Assert.Equal(read.Distinct(), read);
            Assert.True(list.Requests.Count <= 4);
        }

        [Fact]
        public async Task Null_records_end_the_listing()
        {
            var list = ListOf(7);
            list.NullRecords = true;
            Assert.Empty(await ReadAll(list, pageSize: 3));
            Assert.Single(list.Requests);
        }

        [Fact]
        public async Task Misses_nothing_when_each_page_is_deleted_before_the_next_is_read()
        {
            // Get-AtlanApiToken | Remove-AtlanApiToken -Force.
            var list = ListOf(47);
            var read = await ReadAll(list, pageSize: 5, firstPageSize: 2, consume: page => list.Ids.RemoveAll(i => page.Any(t => t.Guid == "g" + i)));
            Assert.Equal(Guids(Enumerable.Range(1, 47)), read);
            Assert.Empty(list.Ids);
        }

        [Fact]
        public async Task Misses_nothing_when_deletions_of_read_tokens_race_with_the_next_read()
        {
            // The cmdlet fetches the next page while the pipeline deletes the previous one: deletions land before
            // and between the pager's requests, a few at a time.
            var list = ListOf(60);
            var toDelete = new Queue<int>();
            list.BeforeAnswer = _ =>
            {
                for (int n = 0; n < 3 && toDelete.Count > 0; n++)
                {
                    list.Ids.Remove(toDelete.Dequeue());
                }
            };
            var read = await ReadAll(list, pageSize: 7, firstPageSize: 3, consume: page =>
            {
                foreach (ApiToken token in page)
                {
                    toDelete.Enqueue(int.Parse(token.Guid.Substring(1)));
                }
            });
            Assert.Equal(Guids(Enumerable.Range(1, 60)), read);
        }

        [Fact]
        public async Task Misses_nothing_when_only_some_read_tokens_are_deleted()
        {
            // Get-AtlanApiToken -Name 'ci-*' | Remove-AtlanApiToken: only the matching ones go away.
            var list = ListOf(40);
            var read = await ReadAll(list, pageSize: 6, consume: page => list.Ids.RemoveAll(i => i % 3 == 0 && page.Any(t => t.Guid == "g" + i)));
            Assert.Equal(Guids(Enumerable.Range(1, 40)), read);
        }

        [Fact]
        public async Task Reads_each_token_once_when_others_delete_tokens_not_yet_read()
        {
            var list = ListOf(30);
            var read = await ReadAll(list, pageSize: 5, consume: page => list.Ids.RemoveAll(i => i > 25 && i % 2 == 0));
            Assert.Equal(read.Distinct(), read);
            Assert.Equal(Guids(Enumerable.Range(1, 30).Where(i => i <= 25 || i % 2 == 1)), read);
        }

        /// <summary>Lets the fake list serve through the test client.</summary>
        private sealed class RecordingHandlerAdapter : DelegatingHandler
        {
            public RecordingHandlerAdapter(HttpMessageHandler inner)
                : base(inner)
            {
            }
        }
    }
}
