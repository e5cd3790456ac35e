using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Lists API tokens (streamed page by page) or finds them by name, client id or GUID.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanApiToken", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanApiToken.md", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(ApiToken))]
    public sealed class GetAtlanApiTokenCommand : AtlanSessionCmdlet
    {
        private const string AllSet = "All";
        private const string NameSet = "Name";
        private const string ClientIdSet = "ClientId";
        private const string GuidSet = "Guid";

        /// <summary>
        /// Display names; wildcards list every token and keep the matching ones (escape a literal [, ], * or ? with a
        /// backtick). Binds from the pipeline, also by property name (a Name or DisplayName column of Import-Csv). With
        /// -Guid or -ClientId too (a piped token, a CSV row with those columns) the token is found by those instead.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ClientIdSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = GuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("DisplayName")]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Client ids (apikey-...), with or without the service-account- prefix.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientIdSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = GuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Username")]
        [ValidateNotNullOrEmpty]
        public string[] ClientId { get; set; } = Array.Empty<string>();

        /// <summary>Token GUIDs (the id, not the client id); case, braces and surrounding spaces do not matter.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] Guid { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Only tokens that expire within this time from now, or have already expired; never-expiring tokens are left out.
        /// A TimeSpan, or a number of days (30, 0.5); 0 means expired already.
        /// </summary>
        [Parameter]
        [DaysOrTimeSpanTransformation]
        public TimeSpan ExpiringWithin
        {
            get => _expiringWithin ?? TimeSpan.Zero;
            set => _expiringWithin = value;
        }

        private TimeSpan? _expiringWithin;

        /// <summary>Records per page when listing (the server may send fewer).</summary>
        [Parameter]
        [ValidateRange(1, 5000)]
        public int PageSize { get; set; } = ApiTokensEndpoint.DefaultPageSize;

        private readonly HashSet<string> _written = NameSelection.NewWrittenSet();

        protected override void BeginProcessing()
        {
            if (_expiringWithin is TimeSpan window && window < TimeSpan.Zero)
            {
                ThrowError(ErrorIds.ExpiringWithinNegative, ErrorCategory.InvalidArgument, window,
                    $"-ExpiringWithin must not be negative; {window} was given.",
                    "Give how far ahead to look, e.g. -ExpiringWithin 30 (days) or -ExpiringWithin (New-TimeSpan -Days 30); expired tokens are always included.");
            }

            if (_expiringWithin is TimeSpan tiny && tiny > TimeSpan.Zero && tiny < TimeSpan.FromSeconds(1))
            {
                // [TimeSpan]30 is 30 ticks: a window this small is a slip, and would silently return only expired tokens.
                ThrowError(ErrorIds.ExpiringWithinTooSmall, ErrorCategory.InvalidArgument, tiny,
                    $"-ExpiringWithin {tiny} is less than one second, which is surely not what was meant (a number converted to a TimeSpan elsewhere counts ticks).",
                    "Give a number of days (-ExpiringWithin 30) or a TimeSpan (-ExpiringWithin (New-TimeSpan -Days 30)); for expired tokens only, -ExpiringWithin 0.");
            }
        }

        protected override void ProcessRecord()
        {
            AtlanSession session = ResolveSession();
            switch (ParameterSetName)
            {
                case NameSet:
                    NameSelection selection = NameSelection.Parse(this, Name, _written, "API token");
                    foreach (string exact in selection.ExactNames)
                    {
                        LookUp(session, ApiTokenFilter.ByDisplayName(exact), ErrorIds.ApiTokenNotFoundByName, $"No API token is named '{exact}'.");
                    }

                    if (selection.HasPatterns)
                    {
                        // Tokens already written (by an exact name or an earlier pattern) are not written twice.
                        Stream(session, token => token.DisplayName != null && selection.MatchesPattern(token.DisplayName));
                    }

                    break;
                case ClientIdSet:
                    foreach (string clientId in ClientId)
                    {
                        LookUp(session, ApiTokenFilter.ByClientId(clientId.Trim()), ErrorIds.ApiTokenNotFoundByClientId, $"No API token has the client id '{ApiTokenFilter.StripUsernamePrefix(clientId.Trim())}'.");
                    }

                    break;
                case GuidSet:
                    foreach (string value in Guid)
                    {
                        if (GuidArgument.Normalize(this, value, "API token") is string guid)
                        {
                            LookUp(session, ApiTokenFilter.ByGuid(guid), ErrorIds.ApiTokenNotFoundByGuid, $"No API token has the GUID '{guid}'.");
                        }
                    }

                    break;
                default:
                    Stream(session, null);
                    break;
            }
        }

        /// <summary>Writes a token unless it was written already or -ExpiringWithin leaves it out.</summary>
        private void Emit(ApiToken token, AtlanSession session)
        {
            if (_expiringWithin is TimeSpan window && !token.ExpiresWithin(window))
            {
                return;
            }

            if (ParameterSetName == NameSet && !_written.Add(token.Guid))
            {
                return;
            }

            token.Session = session;
            NamePersonas(session, token);
            WriteObject(token);
        }

        private void LookUp(AtlanSession session, ApiTokenFilter filter, string notFoundId, string notFoundMessage)
        {
            var unreadable = new List<AtlanRecordException>();
            bool read = TryAwait((log, token) => session.ApiTokens.FindAsync(filter, log, token, unreadable), filter.Value, out List<ApiToken> found);
            foreach (AtlanRecordException bad in unreadable)
            {
                WriteFailure(bad, filter.Value);
            }

            if (!read || (found.Count == 0 && unreadable.Count > 0))
            {
                return;
            }

            if (found.Count == 0)
            {
                WriteError(notFoundId, ErrorCategory.ObjectNotFound, filter.Value, notFoundMessage,
                    "List the tokens with Get-AtlanApiToken, or use wildcards: Get-AtlanApiToken -Name '*part*'.");
                return;
            }

            foreach (ApiToken token in found)
            {
                Emit(token, session);
            }
        }

        /// <summary>Writes every token (or those matching) as each page arrives, fetching the next page meanwhile.</summary>
        private void Stream(AtlanSession session, Func<ApiToken, bool>? keep)
        {
            var pager = new ApiTokenPager(session.ApiTokens, null, PageSize, ApiTokensEndpoint.FirstPageSize);
            var progress = new ProgressRecord(1, "Listing Atlan API tokens", "Reading the first page");
            Task<List<ApiToken>?> next = Start((log, token) => pager.NextPageAsync(log, token));
            bool progressShown = false;
            while (true)
            {
                bool read = TryCollect(next, session.BaseUrl, out List<ApiToken>? page);

                // One error per unreadable record; the listing goes on.
                foreach (AtlanRecordException bad in pager.TakeUnreadable())
                {
                    WriteFailure(bad, session.BaseUrl);
                }

                if (!read || page == null)
                {
                    break;
                }

                next = Start((log, token) => pager.NextPageAsync(log, token));
                foreach (ApiToken token in page)
                {
                    if (keep == null || keep(token))
                    {
                        Emit(token, session);
                    }
                }

                if (pager.ReportedTotal is long total && total > page.Count)
                {
                    progress.StatusDescription = $"Read {pager.Read} of {total}";
                    progress.PercentComplete = (int)Math.Min(100, pager.Read * 100 / Math.Max(1, total));
                    WriteProgress(progress);
                    progressShown = true;
                }
            }

            if (progressShown)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }
}
