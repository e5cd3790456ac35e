using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Session
{
    /// <summary>
    /// The tenant's connections and query collections, each read with one search and kept briefly for tab completion.
    /// Collections are only visible to their editors and viewers, so they are cached per caller: the session's key,
    /// or an impersonation token, known here only by a SHA-256 fingerprint (the token itself is never kept).
    /// </summary>
    internal sealed class AssetDirectory
    {
        private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(60);
        private const int MaxCollectionCallers = 8;

        private readonly AssetLookup _lookup;
        private readonly TimedCache<IReadOnlyList<AtlanConnection>> _connections = new TimedCache<IReadOnlyList<AtlanConnection>>(FreshFor);
        private readonly ConcurrentDictionary<string, TimedCache<IReadOnlyList<AtlanCollection>>> _collections
            = new ConcurrentDictionary<string, TimedCache<IReadOnlyList<AtlanCollection>>>(StringComparer.Ordinal);

        public AssetDirectory(AssetLookup lookup)
        {
            _lookup = lookup;
        }

        public IReadOnlyList<AtlanConnection>? CachedConnections => _connections.CachedOrNull;

        public IReadOnlyList<AtlanCollection>? CachedCollections(SecureString? bearer)
            => _collections.TryGetValue(CallerKey(bearer), out TimedCache<IReadOnlyList<AtlanCollection>>? cached) ? cached.CachedOrNull : null;

        public Task<IReadOnlyList<AtlanConnection>> GetConnectionsAsync(bool forceRefresh, IAtlanLog log, CancellationToken cancellationToken)
            => _connections.GetAsync(
                async cancel => await _lookup.FindConnectionsAsync(null, null, null, log, cancel).ConfigureAwait(false),
                forceRefresh,
                cancellationToken);

        public Task<IReadOnlyList<AtlanCollection>> GetCollectionsAsync(SecureString? bearer, bool forceRefresh, IAtlanLog log, CancellationToken cancellationToken)
        {
            string key = CallerKey(bearer);
            if (_collections.Count >= MaxCollectionCallers && !_collections.ContainsKey(key))
            {
                _collections.Clear();
            }

            TimedCache<IReadOnlyList<AtlanCollection>> cache = _collections.GetOrAdd(key, _ => new TimedCache<IReadOnlyList<AtlanCollection>>(FreshFor));
            return cache.GetAsync(
                async cancel => await _lookup.FindCollectionsAsync(null, null, log, cancel, bearer).ConfigureAwait(false),
                forceRefresh,
                cancellationToken);
        }

        /// <summary>After a grant changed an access list, so the next completion or listing reads it again.</summary>
        public void Invalidate()
        {
            _connections.Invalidate();
            _collections.Clear();
        }

        private static string CallerKey(SecureString? bearer)
        {
            if (bearer == null)
            {
                return string.Empty;
            }

            using SHA256 sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(SecretText.Reveal(bearer))));
        }
    }
}
