using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>Finds connections and query collections by exact name, connector type or GUID (active ones only).</summary>
    internal sealed class AssetLookup
    {
        public const string ConnectionType = "Connection";
        public const string CollectionType = "Collection";

        private static readonly string[] ConnectionAttributes = { "name", "qualifiedName", "connectorName", "adminUsers", "adminGroups", "adminRoles" };
        private static readonly string[] CollectionAttributes = { "name", "qualifiedName", "adminUsers", "adminGroups", "viewerUsers", "viewerGroups" };

        private readonly SearchEndpoint _search;

        public AssetLookup(SearchEndpoint search)
        {
            _search = search;
        }

        /// <summary>Connections matching every filter given (none: all). <paramref name="bearer"/> replaces the session's key.</summary>
        public async Task<List<AtlanConnection>> FindConnectionsAsync(string? name, string? connectorType, string? guid, IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
        {
            List<SearchHit> hits = await _search.FindAllAsync(Terms(ConnectionType, name, connectorType, guid), ConnectionAttributes, log, cancellationToken, bearer).ConfigureAwait(false);
            var keepAlive = new List<JsonDocument>();
            try
            {
                return hits.Where(HasIdentity)
                    .Select(hit => new AtlanConnection(hit.Guid, hit.Name!, hit.QualifiedName!, JsonBody.Text(hit.Attributes, "connectorName"))
                    {
                        AdminUsers = Strings(hit.Attributes, "adminUsers", keepAlive),
                        AdminGroups = Strings(hit.Attributes, "adminGroups", keepAlive),
                        AdminRoles = Strings(hit.Attributes, "adminRoles", keepAlive),
                    })
                    .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(c => c.ConnectorType, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }
            finally
            {
                keepAlive.ForEach(d => d.Dispose());
            }
        }

        /// <summary>Query collections matching every filter given, as far as the caller may see them (editors and viewers only).</summary>
        public async Task<List<AtlanCollection>> FindCollectionsAsync(string? name, string? guid, IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
        {
            List<SearchHit> hits = await _search.FindAllAsync(Terms(CollectionType, name, null, guid), CollectionAttributes, log, cancellationToken, bearer).ConfigureAwait(false);
            var keepAlive = new List<JsonDocument>();
            try
            {
                return hits.Where(HasIdentity)
                    .Select(hit => new AtlanCollection(hit.Guid, hit.Name!, hit.QualifiedName!)
                    {
                        AdminUsers = Strings(hit.Attributes, "adminUsers", keepAlive),
                        AdminGroups = Strings(hit.Attributes, "adminGroups", keepAlive),
                        ViewerUsers = Strings(hit.Attributes, "viewerUsers", keepAlive),
                        ViewerGroups = Strings(hit.Attributes, "viewerGroups", keepAlive),
                    })
                    .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }
            finally
            {
                keepAlive.ForEach(d => d.Dispose());
            }
        }

        /// <summary>Exact-term filters in a fixed order: type, name, connector, GUID, and always active only.</summary>
        internal static SearchFilter Terms(string typeName, string? name, string? connectorType, string? guid)
            => new SearchFilter().Guid(guid).TypeName(typeName).Name(name).Term("connectorName", connectorType);

        internal static string[] Strings(JsonElement attributes, string name, List<JsonDocument> keepAlive)
            => JsonBody.LooseArray(attributes, name, keepAlive)
                .Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!)
                .ToArray();

        private static bool HasIdentity(SearchHit hit) => hit.Name != null && hit.QualifiedName != null;
    }
}
