using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>
    /// Walks the token list page by page with a stable sort (oldest first, so tokens created meanwhile land at the end).
    /// The API pages by offset, so when tokens already read are deleted meanwhile (typically by the same pipeline:
    /// Get-AtlanApiToken | Remove-AtlanApiToken), the ones after them move to lower offsets. The pager sees the count
    /// shrink and steps its offset back by as much, skipping the tokens it has already written, so none is missed.
    /// It ends on an empty page, when the count is reached, or when a page brings nothing new without any such step
    /// back, so a server whose counts lie or which ignores the offset cannot make it loop forever.
    /// </summary>
    internal sealed class ApiTokenPager
    {
        private const string StableSort = "createdAt";

        /// <summary>How often one page may be read again after the count shrank while it was being read.</summary>
        private const int MaxStepsBackPerPage = 50;

        private readonly ApiTokensEndpoint _endpoint;
        private readonly ApiTokenFilter? _filter;
        private readonly int _pageSize;
        private readonly int _firstPageSize;
        private readonly SeenTokens _seen = new SeenTokens();
        private long? _lastCount;
        private int _offset;
        private int _pagesRead;
        private bool _done;

        /// <param name="firstPageSize">A smaller first page puts the first tokens in the pipeline sooner.</param>
        public ApiTokenPager(ApiTokensEndpoint endpoint, ApiTokenFilter? filter, int pageSize, int? firstPageSize = null)
        {
            _endpoint = endpoint;
            _filter = filter;
            _pageSize = pageSize;
            _firstPageSize = Math.Min(pageSize, firstPageSize ?? pageSize);
        }

        /// <summary>Total matching records as last reported by the server (for progress only; may be wrong).</summary>
        public long? ReportedTotal { get; private set; }

        /// <summary>Tokens handed out so far.</summary>
        public int Read => _seen.Count;

        /// <summary>The next page's new records, or null when the listing is complete.</summary>
        public async Task<List<ApiToken>?> NextPageAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            if (_done)
            {
                return null;
            }

            ApiTokenPage page;
            int stepsBack = 0;
            while (true)
            {
                int limit = _pagesRead == 0 ? _firstPageSize : _pageSize;
                page = await _endpoint.ListPageAsync(_filter, _offset, limit, StableSort, log, cancellationToken).ConfigureAwait(false);
                long? count = page.FilterRecord ?? page.TotalRecord;
                long shrunk = _lastCount.HasValue && count.HasValue ? _lastCount.Value - count.Value : 0;
                _lastCount = count ?? _lastCount;
                if (shrunk > 0 && _offset > 0 && stepsBack < MaxStepsBackPerPage)
                {
                    int back = (int)Math.Min(_offset, shrunk);
                    log.Debug($"{shrunk} token(s) went away while listing; reading again from offset {_offset - back} so none is skipped.");
                    _offset -= back;
                    stepsBack++;
                    continue;
                }

                break;
            }

            ReportedTotal = page.FilterRecord ?? page.TotalRecord;
            _offset += page.Records.Count;
            _pagesRead++;

            var fresh = new List<ApiToken>(page.Records.Count);
            foreach (ApiToken token in page.Records)
            {
                if (_seen.Add(token.Guid))
                {
                    fresh.Add(token);
                }
            }

            bool nothingNew = fresh.Count == 0 && stepsBack == 0;
            if (page.Records.Count == 0 || nothingNew || (ReportedTotal.HasValue && _offset >= ReportedTotal.Value))
            {
                _done = true;
            }

            return page.Records.Count == 0 ? null : fresh;
        }
    }
}
