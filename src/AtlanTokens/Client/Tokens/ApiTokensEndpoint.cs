using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>The apikeys resource of Heracles: list, look up, create, update, delete.</summary>
    internal sealed class ApiTokensEndpoint
    {
        public const string ResourcePath = "/api/service/apikeys";

        /// <summary>The longest validity the SDKs send: 5 years. Larger values overflow in Keycloak.</summary>
        public const long MaxValiditySeconds = 157680000;

        /// <summary>Records asked for per page when listing; the server may send fewer.</summary>
        public const int DefaultPageSize = 500;

        /// <summary>The first page of a listing: small, so the first tokens reach the pipeline after a short round trip.</summary>
        public const int FirstPageSize = 100;

        /// <summary>Page size for exact look-ups: small, but large enough to see duplicates of a name.</summary>
        public const int LookupPageSize = 50;

        private static readonly HttpMethod Delete = HttpMethod.Delete;

        private readonly AtlanClient _client;

        public ApiTokensEndpoint(AtlanClient client)
        {
            _client = client;
        }

        /// <param name="bearer">Another key to ask with (the rotation checks that a new key may manage tokens); null: the session's.</param>
        public Task<ApiTokenPage> ListPageAsync(ApiTokenFilter? filter, int offset, int limit, string sort, IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
        {
            var request = new AtlanRequest(HttpMethod.Get, ResourcePath) { BearerOverride = bearer }
                .WithQuery("count", "true")
                .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture))
                .WithQuery("limit", limit.ToString(CultureInfo.InvariantCulture))
                .WithQuery("sort", sort);
            if (filter != null)
            {
                request.WithQuery("filter", filter.ToJson());
            }

            return _client.SendAsync(request, ReadPageAsync, log, cancellationToken);
        }

        /// <summary>Every token matching an exact filter (several tokens may share a display name).</summary>
        /// <param name="unreadable">Receives the records that could not be read; without it they become warnings.</param>
        public async Task<List<ApiToken>> FindAsync(ApiTokenFilter filter, IAtlanLog log, CancellationToken cancellationToken, List<AtlanRecordException>? unreadable = null)
        {
            var found = new List<ApiToken>();
            var pager = new ApiTokenPager(this, filter, LookupPageSize);
            List<ApiToken>? page;
            while ((page = await pager.NextPageAsync(log, cancellationToken).ConfigureAwait(false)) != null)
            {
                found.AddRange(page.Where(t => Matches(filter, t)));
            }

            foreach (AtlanRecordException bad in pager.TakeUnreadable())
            {
                if (unreadable != null)
                {
                    unreadable.Add(bad);
                }
                else
                {
                    log.Warning(bad.Message);
                }
            }

            return found;
        }

        /// <summary>The token with this GUID, or null (bench/Worker.ps1 also calls it, by reflection, to time the client alone).</summary>
        public async Task<ApiToken?> FindByGuidAsync(string guid, IAtlanLog log, CancellationToken cancellationToken)
            => (await FindAsync(ApiTokenFilter.ByGuid(guid), log, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

        /// <param name="keepVerbatim">Persona entries this module cannot read (raw JSON), sent exactly as they were read.</param>
        public Task<ApiToken> CreateAsync(string displayName, string description, IReadOnlyCollection<string> personaQualifiedNames, long validitySeconds, IAtlanLog log, CancellationToken cancellationToken, IReadOnlyCollection<string>? keepVerbatim = null)
        {
            var request = new AtlanRequest(HttpMethod.Post, ResourcePath)
            {
                RetryMode = RetryMode.NotIdempotent,
                Body = TokenBody(displayName, description, personaQualifiedNames, validitySeconds, keepVerbatim),
            };
            return _client.SendAsync(request, ReadCreatedTokenAsync, log, cancellationToken);
        }

        /// <summary>Replaces name, description and the complete persona set: callers must send what they keep.</summary>
        /// <param name="keepVerbatim">Persona entries this module cannot read (raw JSON), sent back exactly as they were read.</param>
        public Task<ApiToken> UpdateAsync(string guid, string displayName, string description, IReadOnlyCollection<string> personaQualifiedNames, IAtlanLog log, CancellationToken cancellationToken, IReadOnlyCollection<string>? keepVerbatim = null)
        {
            AtlanRequest request = AtlanRequest.ForObject(HttpMethod.Post, ResourcePath + "/", guid);
            request.Body = TokenBody(displayName, description, personaQualifiedNames, validitySeconds: null, keepVerbatim);
            return _client.SendAsync(request, ReadTokenAsync, log, cancellationToken);
        }

        public Task DeleteAsync(string guid, IAtlanLog log, CancellationToken cancellationToken)
            => _client.SendAsync(AtlanRequest.ForObject(Delete, ResourcePath + "/", guid), log, cancellationToken);

        /// <summary>
        /// The body of a create or update: every key the server requires, `personas` always empty (unused but
        /// required), and the complete persona set, because the server replaces what it is sent.
        /// </summary>
        private static byte[] TokenBody(string displayName, string description, IReadOnlyCollection<string> personaQualifiedNames, long? validitySeconds, IReadOnlyCollection<string>? keepVerbatim = null)
            => JsonBody.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("displayName", displayName);
                writer.WriteString("description", description);
                JsonBody.WriteStringArray(writer, "personas", Array.Empty<string>());
                writer.WriteStartArray("personaQualifiedNames");
                foreach (string qualifiedName in personaQualifiedNames)
                {
                    writer.WriteStringValue(qualifiedName);
                }

                foreach (string raw in keepVerbatim ?? Array.Empty<string>())
                {
                    writer.WriteRawValue(raw, skipInputValidation: false);
                }

                writer.WriteEndArray();
                if (validitySeconds.HasValue)
                {
                    writer.WriteNumber("validitySeconds", validitySeconds.Value);
                }

                writer.WriteEndObject();
            });

        internal static bool Matches(ApiTokenFilter filter, ApiToken token)
        {
            switch (filter.Field)
            {
                case "displayName":
                    return string.Equals(token.DisplayName, filter.Value, StringComparison.Ordinal);
                case "clientId":
                    return string.Equals(token.ClientId, filter.Value, StringComparison.Ordinal);
                case "id":
                    return string.Equals(token.Guid, filter.Value, StringComparison.OrdinalIgnoreCase);
                default:
                    return true;
            }
        }

        /// <summary>One page of the list, parsed from the response stream as it arrives (see <see cref="ApiTokenPageReader"/>).</summary>
        internal static Task<ApiTokenPage> ReadPageAsync(Stream body, CancellationToken cancellationToken)
            => ApiTokenPageReader.ReadAsync(body, cancellationToken);

        private static async Task<ApiToken> ReadTokenAsync(Stream body, CancellationToken cancellationToken)
        {
            using JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            return ApiTokenJson.Read(document.RootElement);
        }

        private static async Task<ApiToken> ReadCreatedTokenAsync(Stream body, CancellationToken cancellationToken)
        {
            var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            byte[] bytes = buffer.ToArray();
            try
            {
                ApiToken token;
                using (JsonDocument document = JsonDocument.Parse(bytes))
                {
                    token = ApiTokenJson.Read(document.RootElement);
                }

                token.AccessToken = ApiTokenJson.ReadAccessToken(bytes);
                return token;
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
                ClearStream(buffer);
            }
        }

        private static void ClearStream(MemoryStream stream)
        {
            if (stream.TryGetBuffer(out ArraySegment<byte> segment) && segment.Array != null)
            {
                Array.Clear(segment.Array, 0, segment.Array.Length);
            }
        }
    }
}
