using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Which connections a username administers and which query collections it edits or views: index search finds the
    /// candidates, then each is confirmed from the stored asset (the index lags, so a hit may be out of date).
    /// </summary>
    internal sealed class GrantAudit
    {
        private readonly SearchEndpoint _search;
        private readonly AccessListChange _grants;

        public GrantAudit(SearchEndpoint search, AccessListChange grants)
        {
            _search = search;
            _grants = grants;
        }

        /// <summary>
        /// The rights <paramref name="username"/> holds, in the order connections admin, collection editor, collection
        /// viewer (each by name). Collections only when <paramref name="bearer"/> (a user's token) is given.
        /// </summary>
        public async Task<List<(GrantTarget Asset, GrantRight Right)>> FindAsync(string username, SecureString? bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            var found = new List<(GrantTarget, GrantRight)>();
            var rights = new List<GrantRight> { GrantRight.ConnectionAdmin };
            if (bearer != null)
            {
                rights.Add(GrantRight.CollectionEditor);
                rights.Add(GrantRight.CollectionViewer);
            }

            foreach (GrantRight right in rights)
            {
                SearchFilter terms = new SearchFilter().TypeName(AccessListChange.TypeNameOf(right)).Term(AccessListChange.ListAttributeOf(right), username);
                SecureString? key = right == GrantRight.ConnectionAdmin ? null : bearer;
                List<SearchHit> hits = await _search.FindAllAsync(terms, new[] { "name", "qualifiedName" }, log, cancellationToken, key).ConfigureAwait(false);
                var confirmed = new List<GrantTarget>();
                foreach (SearchHit hit in hits)
                {
                    GrantTarget? stored = await ReadAsync(right, hit.Guid, key, log, cancellationToken).ConfigureAwait(false);
                    if (stored != null && stored.UsersFor(right).Contains(username, StringComparer.Ordinal))
                    {
                        confirmed.Add(stored);
                    }
                    else
                    {
                        log.Verbose($"The search index still lists {username} in {AccessListChange.ListAttributeOf(right)} of {hit.Guid}, but the stored asset does not: left out.");
                    }
                }

                found.AddRange(confirmed.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(a => (a, right)));
            }

            return found;
        }

        /// <summary>
        /// As <see cref="FindAsync"/>, but from the store alone: every asset of each kind the index knows (connections with
        /// the session's key; collections only with <paramref name="bearer"/>) is read by GUID and its stored lists decide,
        /// so a grant made a moment ago, which the lagging index does not show yet, is found too. One read per asset: for
        /// a rotation, which must not leave a grant behind, not for listings.
        /// </summary>
        public async Task<List<(GrantTarget Asset, GrantRight Right)>> FindStoredAsync(string username, SecureString? bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            var found = new List<(GrantTarget, GrantRight)>();
            var kinds = new List<(string TypeName, SecureString? Key, GrantRight[] Rights)>
            {
                (AssetLookup.ConnectionType, null, new[] { GrantRight.ConnectionAdmin }),
            };
            if (bearer != null)
            {
                kinds.Add((AssetLookup.CollectionType, bearer, new[] { GrantRight.CollectionEditor, GrantRight.CollectionViewer }));
            }

            foreach ((string typeName, SecureString? key, GrantRight[] rights) in kinds)
            {
                List<SearchHit> hits = await _search.FindAllAsync(new SearchFilter().TypeName(typeName), new[] { "name", "qualifiedName" }, log, cancellationToken, key).ConfigureAwait(false);
                var stored = new List<GrantTarget>();
                foreach (string guid in hits.Select(h => h.Guid).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    GrantTarget? asset = await ReadAsync(rights[0], guid, key, log, cancellationToken).ConfigureAwait(false);
                    if (asset != null)
                    {
                        stored.Add(asset);
                    }
                }

                foreach (GrantRight right in rights)
                {
                    found.AddRange(stored.Where(a => a.UsersFor(right).Contains(username, StringComparer.Ordinal))
                        .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
                        .Select(a => (a, right)));
                }
            }

            return found;
        }

        private Task<GrantTarget?> ReadAsync(GrantRight right, string guid, SecureString? bearer, IAtlanLog log, CancellationToken cancellationToken)
            => _grants.ReadWithAsync(right, guid, bearer, log, cancellationToken);
    }
}
