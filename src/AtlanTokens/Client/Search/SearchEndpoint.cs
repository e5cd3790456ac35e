using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client
{
    /// <summary>Atlas index search, with the exact-term queries this module needs.</summary>
    internal sealed class SearchEndpoint
    {
        public const string IndexSearchPath = "/api/meta/search/indexsearch";

        public const int PageSize = 100;

        /// <summary>
        /// The most hits one search may page through (Elasticsearch's default index.max_result_window, beyond which a
        /// tenant refuses to page anyway): a search that keeps answering new hits stops here with SearchLimitExceeded
        /// instead of running (and growing in memory) forever.
        /// </summary>
        public const int MaxHits = 10_000;

        private readonly AtlanClient _client;

        public SearchEndpoint(AtlanClient client)
        {
            _client = client;
        }

        /// <summary>All active entities matching every term of the filter, paging through the results.</summary>
        public async Task<List<SearchHit>> FindAllAsync(
            SearchFilter filter,
            IReadOnlyList<string> attributes,
            IAtlanLog log,
            CancellationToken cancellationToken,
            SecureString? bearer = null)
        {
            var hits = new List<SearchHit>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int from = 0; ; from += PageSize)
            {
                var request = new AtlanRequest(HttpMethod.Post, IndexSearchPath)
                {
                    BearerOverride = bearer,
                    Body = BuildBody(filter, attributes, from, PageSize),
                };
                SearchPage page = await _client.SendAsync(request, ReadAsync, log, cancellationToken).ConfigureAwait(false);
                int fresh = 0;
                foreach (SearchHit hit in page.Hits)
                {
                    if (seen.Add(hit.Guid))
                    {
                        hits.Add(hit);
                        fresh++;
                    }
                }

                if (page.Hits.Count < PageSize || fresh == 0 || (page.ApproximateCount.HasValue && hits.Count >= page.ApproximateCount.Value))
                {
                    return hits;
                }

                if (from + PageSize >= MaxHits)
                {
                    throw new AtlanResponseException(
                        $"The search ({string.Join(", ", filter.Terms.Select(t => t.Key + " = " + t.Value))}) still had more hits after {hits.Count} (approximateCount {page.ApproximateCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not given"}), "
                        + $"the most one search pages through ({MaxHits}); it was stopped and nothing was decided from a partial answer.",
                        "POST",
                        IndexSearchPath,
                        null,
                        null,
                        AtlanResponseException.SearchLimitId);
                }
            }
        }

        internal static byte[] BuildBody(SearchFilter filter, IReadOnlyList<string> attributes, int from, int size)
            => JsonBody.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("dsl");
                writer.WriteNumber("from", from);
                writer.WriteNumber("size", size);
                writer.WriteBoolean("track_total_hits", true);
                writer.WriteStartObject("query");
                filter.WriteTo(writer);
                writer.WriteEndObject();
                writer.WriteStartArray("sort");
                writer.WriteStartObject();
                writer.WriteStartObject("__guid");
                writer.WriteString("order", "asc");
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                JsonBody.WriteStringArray(writer, "attributes", attributes);
                writer.WriteStartObject("requestMetadata");
                writer.WriteBoolean("saveSearchLog", false);
                JsonBody.WriteStringArray(writer, "utmTags", new[] { "project_sdk_powershell" });
                writer.WriteEndObject();
                writer.WriteEndObject();
            });

        private static async Task<SearchPage> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            using JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"the search answer is a JSON {root.ValueKind}, not an object");
            }

            var hits = new List<SearchHit>();
            if (root.TryGetProperty("entities", out JsonElement entities) && entities.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement entity in entities.EnumerateArray())
                {
                    string? guid = JsonBody.Text(entity, "guid");
                    string? typeName = JsonBody.Text(entity, "typeName");
                    if (guid == null || typeName == null)
                    {
                        throw new FormatException("a search hit has no guid or typeName");
                    }

                    JsonElement attributes = entity.TryGetProperty("attributes", out JsonElement a) ? a.Clone() : default;
                    hits.Add(new SearchHit(typeName, guid, attributes));
                }
            }

            return new SearchPage(hits, JsonBody.Int64(root, "approximateCount"));
        }

        private sealed class SearchPage
        {
            public SearchPage(List<SearchHit> hits, long? approximateCount)
            {
                Hits = hits;
                ApproximateCount = approximateCount;
            }

            public List<SearchHit> Hits { get; }

            public long? ApproximateCount { get; }
        }
    }
}
