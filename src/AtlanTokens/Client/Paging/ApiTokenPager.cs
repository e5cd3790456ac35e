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

        /// <summary>How often one page may be read again after the count shrank (a bound against servers whose counts lie).</summary>
        private const int MaxStepsBackPerPage = 20;

        private readonly ApiTokensEndpoint _endpoint;
        private readonly ApiTokenFilter? _filter;
        private readonly int _pageSize;
        private readonly int _firstPageSize;
        private readonly SeenTokens _seen = new SeenTokens();
        private long? _lastCount;
        private long _shrunkSinceLastFetch;
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

        private readonly List<AtlanRecordException> _unreadable = new List<AtlanRecordException>();

        /// <summary>The unreadable records met since the last call (each to be reported once).</summary>
        public List<AtlanRecordException> TakeUnreadable()
        {
            lock (_unreadable)
            {
                var taken = new List<AtlanRecordException>(_unreadable);
                _unreadable.Clear();
                return taken;
            }
        }

        /// <summary>Tokens handed out so far.</summary>
        public int Read => _seen.Count;

        private bool StartsOnReadToken(ApiTokenPage page) => page.Records.Count > 0 && _seen.Contains(page.Records[0].Guid);

        /// <summary>Reads one page and notes by how much the count shrank since the previous read.</summary>
        private async Task<ApiTokenPage> FetchAsync(int offset, int limit, IAtlanLog log, CancellationToken cancellationToken)
        {
            ApiTokenPage page = await _endpoint.ListPageAsync(_filter, offset, limit, StableSort, log, cancellationToken).ConfigureAwait(false);
            long? count = page.FilterRecord ?? page.TotalRecord;
            _shrunkSinceLastFetch = _lastCount.HasValue && count.HasValue ? Math.Max(0, _lastCount.Value - count.Value) : 0;
            _lastCount = count ?? _lastCount;
            return page;
        }

        /// <summary>The next page's new records, or null when the listing is complete.</summary>
        public async Task<List<ApiToken>?> NextPageAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            if (_done)
            {
                return null;
            }

            int limit = _pagesRead == 0 ? _firstPageSize : _pageSize;

            // Each page starts one place early, on the last token read. Tokens already read always sort before the
            // unread ones, so if that first token is one already read, nothing was skipped. If it is unread (or the
            // page is empty although tokens went away), tokens already read were deleted meanwhile and the rest moved
            // down: step back by as many as went away, then a page at a time, until the page starts on a read token.
            int start = Math.Max(0, _offset - 1);
            ApiTokenPage page = await FetchAsync(start, limit + (_offset - start), log, cancellationToken).ConfigureAwait(false);
            long shrunk = _shrunkSinceLastFetch;
            int stepsBack = 0;
            while (start > 0 && !StartsOnReadToken(page) && (shrunk > 0 || page.Records.Count > 0) && stepsBack < MaxStepsBackPerPage)
            {
                stepsBack++;
                start = (int)Math.Max(0, stepsBack == 1 && shrunk > 0 ? _offset - shrunk - 1 : start - limit);
                log.Debug($"{shrunk} token(s) went away while listing; reading again from offset {start} so none is skipped.");
                page = await FetchAsync(start, limit + 1, log, cancellationToken).ConfigureAwait(false);
            }

            lock (_unreadable)
            {
                foreach (AtlanRecordException bad in page.BadRecords)
                {
                    if (bad.RecordGuid == null || _seen.Add(bad.RecordGuid))
                    {
                        _unreadable.Add(bad);
                    }
                }
            }

            _offset = start;
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
