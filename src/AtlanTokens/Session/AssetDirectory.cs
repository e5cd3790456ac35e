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
        private readonly object _gate = new object();
        private readonly ConcurrentDictionary<string, Cached<AtlanCollection>> _collections = new ConcurrentDictionary<string, Cached<AtlanCollection>>(StringComparer.Ordinal);
        private Cached<AtlanConnection>? _connections;

        public AssetDirectory(AssetLookup lookup)
        {
            _lookup = lookup;
        }

        public IReadOnlyList<AtlanConnection>? CachedConnections
        {
            get
            {
                lock (_gate)
                {
                    return _connections != null && _connections.IsFresh ? _connections.Items : null;
                }
            }
        }

        public IReadOnlyList<AtlanCollection>? CachedCollections(SecureString? bearer)
            => _collections.TryGetValue(CallerKey(bearer), out Cached<AtlanCollection>? cached) && cached.IsFresh ? cached.Items : null;

        public async Task<IReadOnlyList<AtlanConnection>> GetConnectionsAsync(bool forceRefresh, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (!forceRefresh && CachedConnections is IReadOnlyList<AtlanConnection> cached)
            {
                return cached;
            }

            List<AtlanConnection> all = await _lookup.FindConnectionsAsync(null, null, null, log, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _connections = new Cached<AtlanConnection>(all);
            }

            return all;
        }

        public async Task<IReadOnlyList<AtlanCollection>> GetCollectionsAsync(SecureString? bearer, bool forceRefresh, IAtlanLog log, CancellationToken cancellationToken)
        {
            string key = CallerKey(bearer);
            if (!forceRefresh && _collections.TryGetValue(key, out Cached<AtlanCollection>? cached) && cached.IsFresh)
            {
                return cached.Items;
            }

            List<AtlanCollection> all = await _lookup.FindCollectionsAsync(null, null, log, cancellationToken, bearer).ConfigureAwait(false);
            if (_collections.Count >= MaxCollectionCallers)
            {
                _collections.Clear();
            }

            _collections[key] = new Cached<AtlanCollection>(all);
            return all;
        }

        /// <summary>After a grant changed an access list, so the next completion or listing reads it again.</summary>
        public void Invalidate()
        {
            lock (_gate)
            {
                _connections = null;
            }

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

        private sealed class Cached<T>
        {
            private readonly DateTime _loadedAtUtc = DateTime.UtcNow;

            public Cached(IReadOnlyList<T> items)
            {
                Items = items;
            }

            public IReadOnlyList<T> Items { get; }

            public bool IsFresh => DateTime.UtcNow - _loadedAtUtc < FreshFor;
        }
    }
}
