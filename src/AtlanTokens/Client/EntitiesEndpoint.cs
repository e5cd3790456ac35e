using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client
{
    /// <summary>Atlas bulk save, used only to update the access lists of existing connections and collections.</summary>
    internal sealed class EntitiesEndpoint
    {
        public const string BulkPath = "/api/meta/entity/bulk";

        private readonly AtlanClient _client;

        public EntitiesEndpoint(AtlanClient client)
        {
            _client = client;
        }

        /// <summary>
        /// Sends one save. Never retried when it may have reached the server: the caller re-reads the asset first.
        /// </summary>
        public Task<MutationResult> SaveAsync(EntityUpdate update, IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
        {
            var request = new AtlanRequest(HttpMethod.Post, BulkPath)
            {
                BearerOverride = bearer,
                RetryMode = RetryMode.NotIdempotent,
                Body = BuildBody(update, NewTemporaryGuid()),
            };
            return _client.SendAsync(request, ReadAsync, log, cancellationToken);
        }

        internal static byte[] BuildBody(EntityUpdate update, string temporaryGuid)
            => JsonBody.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("entities");
                writer.WriteStartObject();
                writer.WriteString("typeName", update.TypeName);
                writer.WriteString("guid", temporaryGuid);
                writer.WriteStartObject("attributes");
                writer.WriteString("qualifiedName", update.QualifiedName);
                writer.WriteString("name", update.Name);
                JsonBody.WriteStringArray(writer, update.ListAttribute, update.Users);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            });

        /// <summary>A negative placeholder GUID ("-" and 16 digits), as the SDKs send for an update by qualified name.</summary>
        internal static string NewTemporaryGuid()
        {
            var bytes = new byte[8];
            using (RandomNumberGenerator random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            ulong value = BitConverter.ToUInt64(bytes, 0) % 9_000_000_000_000_000UL;
            return "-" + (value + 1_000_000_000_000_000UL).ToString(CultureInfo.InvariantCulture);
        }

        private static async Task<MutationResult> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            using JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"the bulk save answer is a JSON {root.ValueKind}, not an object");
            }

            var updated = new List<SearchHit>();
            if (root.TryGetProperty("mutatedEntities", out JsonElement mutated)
                && mutated.ValueKind == JsonValueKind.Object
                && mutated.TryGetProperty("UPDATE", out JsonElement updates)
                && updates.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement entity in updates.EnumerateArray())
                {
                    JsonElement attributes = entity.TryGetProperty("attributes", out JsonElement a) ? a.Clone() : default;
                    updated.Add(new SearchHit(
                        JsonBody.Text(entity, "typeName") ?? string.Empty,
                        JsonBody.Text(entity, "guid") ?? string.Empty,
                        JsonBody.Text(entity, "status"),
                        attributes));
                }
            }

            return new MutationResult(updated);
        }
    }
}
