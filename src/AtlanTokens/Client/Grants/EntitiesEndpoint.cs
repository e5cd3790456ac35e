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
    /// <summary>
    /// Atlas entities: the stored read of one asset (never behind, unlike index search) and the bulk save, used only to
    /// update the access lists of existing connections and collections.
    /// </summary>
    internal sealed class EntitiesEndpoint
    {
        public const string BulkPath = "/api/meta/entity/bulk";
        public const string GuidPath = "/api/meta/entity/guid/";

        private readonly AtlanClient _client;

        public EntitiesEndpoint(AtlanClient client)
        {
            _client = client;
        }

        /// <summary>
        /// The asset as stored now, with the minimal read the SDKs use (minExtInfo, ignoreRelationships); null when Atlas
        /// answers 404 (no such GUID).
        /// </summary>
        public async Task<GrantTarget?> ReadStoredAsync(string guid, IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
        {
            AtlanRequest request = AtlanRequest.ForObject(HttpMethod.Get, GuidPath, guid)
                .WithQuery("minExtInfo", "true")
                .WithQuery("ignoreRelationships", "true");
            request.BearerOverride = bearer;
            try
            {
                return await _client.SendAsync(request, ReadEntityAsync, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode == 404)
            {
                return null;
            }
        }

        /// <summary>
        /// Sends one save. Never retried when it may have reached the server: the caller re-reads the asset first.
        /// </summary>
        public Task<MutationResult> SaveAsync(EntityUpdate update, IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
        {
            string temporaryGuid = NewTemporaryGuid();
            var request = new AtlanRequest(HttpMethod.Post, BulkPath)
            {
                BearerOverride = bearer,
                RetryMode = RetryMode.NotIdempotent,
                Body = BuildBody(update, temporaryGuid),
            };
            return SendSaveAsync(request, temporaryGuid, log, cancellationToken);
        }

        private async Task<MutationResult> SendSaveAsync(AtlanRequest request, string temporaryGuid, IAtlanLog log, CancellationToken cancellationToken)
        {
            MutationResult result = await _client.SendAsync(request, ReadAsync, log, cancellationToken).ConfigureAwait(false);
            result.TemporaryGuid = temporaryGuid;
            return result;
        }

        private static async Task<GrantTarget?> ReadEntityAsync(Stream body, CancellationToken cancellationToken)
        {
            using JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entity", out JsonElement entity) || entity.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the entity read answer has no 'entity' object");
            }

            JsonElement attributes = entity.TryGetProperty("attributes", out JsonElement a) && a.ValueKind == JsonValueKind.Object ? a : default;
            string? guid = JsonBody.Text(entity, "guid");
            string? name = attributes.ValueKind == JsonValueKind.Object ? JsonBody.Text(attributes, "name") : null;
            string? qualifiedName = attributes.ValueKind == JsonValueKind.Object ? JsonBody.Text(attributes, "qualifiedName") : null;
            if (guid == null || name == null || qualifiedName == null)
            {
                throw new FormatException("the stored entity has no guid, name or qualifiedName, which the save needs");
            }

            string? status = JsonBody.Text(entity, "status");
            if (status != null && !string.Equals(status, "ACTIVE", StringComparison.OrdinalIgnoreCase))
            {
                return null; // a soft-deleted asset is read like a missing one: nothing may be granted on it
            }

            var keepAlive = new List<JsonDocument>();
            try
            {
                return new GrantTarget(JsonBody.Text(entity, "typeName") ?? string.Empty, guid, name, qualifiedName, JsonBody.Text(attributes, "connectorName"))
                {
                    CreatedBy = JsonBody.Text(entity, "createdBy"),
                    AdminUsers = AssetLookup.Strings(attributes, "adminUsers", keepAlive),
                    AdminGroups = AssetLookup.Strings(attributes, "adminGroups", keepAlive),
                    AdminRoles = AssetLookup.Strings(attributes, "adminRoles", keepAlive),
                    ViewerUsers = AssetLookup.Strings(attributes, "viewerUsers", keepAlive),
                };
            }
            finally
            {
                keepAlive.ForEach(d => d.Dispose());
            }
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
                        attributes));
                }
            }

            var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("guidAssignments", out JsonElement mapped) && mapped.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty pair in mapped.EnumerateObject())
                {
                    if (pair.Value.ValueKind == JsonValueKind.String)
                    {
                        assignments[pair.Name] = pair.Value.GetString()!;
                    }
                }
            }

            return new MutationResult(updated, assignments);
        }
    }
}
