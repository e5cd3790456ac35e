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
        private readonly TimedCache<IReadOnlyList<string>> _cache = new TimedCache<IReadOnlyList<string>>(FreshFor);

        public TokenNameDirectory(ApiTokensEndpoint tokens)
        {
            _tokens = tokens;
        }

        public IReadOnlyList<string>? CachedOrNull => _cache.CachedOrNull;

        public Task<IReadOnlyList<string>> GetAllAsync(IAtlanLog log, CancellationToken cancellationToken)
            => _cache.GetAsync(cancel => LoadAsync(log, cancel), false, cancellationToken);

        private async Task<IReadOnlyList<string>> LoadAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
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

            return new List<string>(names);
        }
    }
}
