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
    /// <summary>
    /// The grant flow of contract §3, always with the user's bearer (impersonation) token: read the asset by GUID,
    /// then one bulk save of the existing list plus the new usernames, and check the answer. A save whose outcome is
    /// unknown is never sent again blindly: the asset is re-read first.
    /// </summary>
    internal sealed class AccessListGrant
    {
        private readonly SearchEndpoint _search;
        private readonly EntitiesEndpoint _entities;

        public AccessListGrant(SearchEndpoint search, EntitiesEndpoint entities)
        {
            _search = search;
            _entities = entities;
        }

        public static string TypeNameOf(GrantRight right) => right == GrantRight.ConnectionAdmin ? AssetLookup.ConnectionType : AssetLookup.CollectionType;

        public static string ListAttributeOf(GrantRight right) => right == GrantRight.CollectionViewer ? "viewerUsers" : "adminUsers";

        internal static string[] ReadAttributes(GrantRight right) => right == GrantRight.ConnectionAdmin
            ? new[] { "name", "qualifiedName", "connectorName", "adminUsers" }
            : new[] { "name", "qualifiedName", ListAttributeOf(right) };

        /// <summary>The active asset of that type and GUID as the bearer's user sees it; null when there is none.</summary>
        public async Task<GrantTarget?> ReadAsync(GrantRight right, string guid, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            List<SearchHit> hits = await _search.FindAllAsync(
                AssetLookup.Terms(TypeNameOf(right), null, null, guid), ReadAttributes(right), log, cancellationToken, bearer).ConfigureAwait(false);
            SearchHit? hit = hits.FirstOrDefault(h => string.Equals(h.Guid, guid, StringComparison.OrdinalIgnoreCase));
            if (hit == null)
            {
                return null;
            }

            if (hit.Name == null || hit.QualifiedName == null)
            {
                throw new FormatException($"the search hit for {guid} has no name or qualifiedName, which the save needs");
            }

            return ToTarget(hit, right);
        }

        /// <summary>
        /// Adds <paramref name="usernames"/> (none of which is in <paramref name="before"/>.Users) with one save that keeps
        /// every existing user, and returns the asset as the save's answer shows it.
        /// </summary>
        public async Task<GrantTarget> AddAsync(GrantRight right, GrantTarget before, IReadOnlyList<string> usernames, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            string attribute = ListAttributeOf(right);
            MutationResult result;
            try
            {
                result = await _entities.SaveAsync(Update(before, attribute, usernames), log, cancellationToken, bearer).ConfigureAwait(false);
            }
            catch (AtlanException e) when (e.MayHaveBeenApplied)
            {
                log.Verbose($"The save of {attribute} on {before.TypeName} '{before.Name}' may or may not have been applied ({e.Message}); re-reading it before deciding whether to send it again.");
                GrantTarget? now = await ReadAsync(right, before.Guid, bearer, log, cancellationToken).ConfigureAwait(false);
                if (now == null)
                {
                    throw new AssetGoneException($"The {before.TypeName} '{before.Name}' ({before.Guid}) no longer exists or is no longer visible to the impersonation token's user.", e);
                }

                List<string> stillMissing = usernames.Where(u => !now.Users.Contains(u, StringComparer.Ordinal)).ToList();
                if (stillMissing.Count == 0)
                {
                    log.Verbose($"The re-read shows the save was applied; it is not sent again.");
                    return now;
                }

                log.Verbose($"The re-read shows the save was not applied; sending it once more with the list as it is now ({now.Users.Count} users).");
                result = await _entities.SaveAsync(Update(now, attribute, stillMissing), log, cancellationToken, bearer).ConfigureAwait(false);
                before = now;
            }

            return Confirm(result, right, before, usernames);
        }

        private static EntityUpdate Update(GrantTarget target, string attribute, IReadOnlyList<string> added)
            => new EntityUpdate(target.TypeName, target.QualifiedName, target.Name, attribute, target.Users.Concat(added).ToList());

        private static GrantTarget Confirm(MutationResult result, GrantRight right, GrantTarget before, IReadOnlyList<string> usernames)
        {
            SearchHit? saved = result.Updated.FirstOrDefault(h => string.Equals(h.Guid, before.Guid, StringComparison.OrdinalIgnoreCase))
                ?? result.Updated.FirstOrDefault(h => string.Equals(h.QualifiedName, before.QualifiedName, StringComparison.Ordinal)
                    && string.Equals(h.TypeName, before.TypeName, StringComparison.OrdinalIgnoreCase));
            string attribute = ListAttributeOf(right);
            if (saved == null)
            {
                throw new GrantNotConfirmedException(
                    $"Atlan accepted the save of {attribute} on {before.TypeName} '{before.Name}' ({before.QualifiedName}), but its answer lists no updated {before.TypeName}, so the grant is not confirmed. Check the asset with Get-Atlan{before.TypeName} before trying again.");
            }

            GrantTarget after = ToTarget(saved, right, before);
            List<string> missing = usernames.Where(u => !after.Users.Contains(u, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                throw new GrantNotConfirmedException(
                    $"Atlan accepted the save of {attribute} on {before.TypeName} '{before.Name}' ({before.QualifiedName}), but its answer does not list {string.Join(", ", missing)} in {attribute}, so the grant is not confirmed. Check the asset with Get-Atlan{before.TypeName} before trying again.");
            }

            return after;
        }

        private static GrantTarget ToTarget(SearchHit hit, GrantRight right, GrantTarget? fallback = null)
        {
            var keepAlive = new List<JsonDocument>();
            try
            {
                string[] users = AssetLookup.Strings(hit.Attributes, ListAttributeOf(right), keepAlive);
                return new GrantTarget(
                    string.IsNullOrEmpty(hit.TypeName) ? fallback?.TypeName ?? TypeNameOf(right) : hit.TypeName,
                    string.IsNullOrEmpty(hit.Guid) ? fallback?.Guid ?? string.Empty : hit.Guid,
                    hit.Name ?? fallback?.Name ?? string.Empty,
                    hit.QualifiedName ?? fallback?.QualifiedName ?? string.Empty,
                    JsonBody.Text(hit.Attributes, "connectorName") ?? fallback?.ConnectorName,
                    users);
            }
            finally
            {
                keepAlive.ForEach(d => d.Dispose());
            }
        }
    }
}
