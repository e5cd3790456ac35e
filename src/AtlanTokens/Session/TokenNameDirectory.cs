using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Session
{
    /// <summary>The display names of the tenant's tokens, read with one listing and kept briefly for tab completion.</summary>
    internal sealed class TokenNameDirectory
    {
        private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(60);

        private readonly ApiTokensEndpoint _tokens;
        private readonly object _gate = new object();
        private IReadOnlyList<string>? _names;
        private DateTime _loadedAtUtc;

        public TokenNameDirectory(ApiTokensEndpoint tokens)
        {
            _tokens = tokens;
        }

        public IReadOnlyList<string>? CachedOrNull
        {
            get
            {
                lock (_gate)
                {
                    return _names != null && DateTime.UtcNow - _loadedAtUtc < FreshFor ? _names : null;
                }
            }
        }

        public async Task<IReadOnlyList<string>> GetAllAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            if (CachedOrNull is IReadOnlyList<string> cached)
            {
                return cached;
            }

            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var pager = new ApiTokenPager(_tokens, null, ApiTokensEndpoint.DefaultPageSize);
            List<ApiToken>? page;
            while ((page = await pager.NextPageAsync(log, cancellationToken).ConfigureAwait(false)) != null)
            {
                foreach (ApiToken token in page)
                {
                    if (!string.IsNullOrEmpty(token.DisplayName))
                    {
                        names.Add(token.DisplayName!);
                    }
                }
            }

            var list = new List<string>(names);
            lock (_gate)
            {
                _names = list;
                _loadedAtUtc = DateTime.UtcNow;
            }

            return list;
        }
    }
}
