using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>
    /// Walks the token list page by page with a stable sort (oldest first, so tokens created meanwhile land at the end).
    /// Ends on an empty page, when filterRecord is reached, or when a page brings nothing new, so a server whose
    /// counts lie or which ignores the offset cannot make it loop forever.
    /// </summary>
    internal sealed class ApiTokenPager
    {
        private const string StableSort = "createdAt";

        private readonly ApiTokensEndpoint _endpoint;
        private readonly ApiTokenFilter? _filter;
        private readonly int _pageSize;
        private HashSet<string> _previousPage = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _offset;
        private bool _done;

        public ApiTokenPager(ApiTokensEndpoint endpoint, ApiTokenFilter? filter, int pageSize)
        {
            _endpoint = endpoint;
            _filter = filter;
            _pageSize = pageSize;
        }

        /// <summary>Total matching records as last reported by the server (for progress only; may be wrong).</summary>
        public long? ReportedTotal { get; private set; }

        public int Read => _offset;

        /// <summary>The next page's new records, or null when the listing is complete.</summary>
        public async Task<List<ApiToken>?> NextPageAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            if (_done)
            {
                return null;
            }

            ApiTokenPage page = await _endpoint.ListPageAsync(_filter, _offset, _pageSize, StableSort, log, cancellationToken).ConfigureAwait(false);
            ReportedTotal = page.FilterRecord ?? page.TotalRecord;
            _offset += page.Records.Count;

            var fresh = new List<ApiToken>(page.Records.Count);
            var thisPage = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (ApiToken token in page.Records)
            {
                if (thisPage.Add(token.Guid) && !_previousPage.Contains(token.Guid))
                {
                    fresh.Add(token);
                }
            }

            _previousPage = thisPage;
            if (page.Records.Count == 0 || fresh.Count == 0 || (ReportedTotal.HasValue && _offset >= ReportedTotal.Value))
            {
                _done = true;
            }

            if (page.Records.Count == 0)
            {
                return null;
            }

            return fresh;
        }
    }
}
