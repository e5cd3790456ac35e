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
    [Cmdlet(VerbsCommon.Get, "AtlanApiToken", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(ApiToken))]
    public sealed class GetAtlanApiTokenCommand : AtlanSessionCmdlet
    {
        private const string AllSet = "All";
        private const string NameSet = "Name";
        private const string ClientIdSet = "ClientId";
        private const string GuidSet = "Guid";

        /// <summary>Display names; wildcards list every token and keep the matching ones.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
        [Alias("DisplayName")]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Client ids (apikey-...), with or without the service-account- prefix.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientIdSet)]
        [Alias("Username")]
        [ValidateNotNullOrEmpty]
        public string[] ClientId { get; set; } = Array.Empty<string>();

        /// <summary>Token GUIDs (the id, not the client id).</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] Guid { get; set; } = Array.Empty<string>();

        /// <summary>Records per page when listing (the server may send fewer).</summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 5000)]
        public int PageSize { get; set; } = ApiTokensEndpoint.DefaultPageSize;

        protected override void ProcessRecord()
        {
            AtlanSession session = ResolveSession();
            switch (ParameterSetName)
            {
                case NameSet:
                    var patterns = Name.Where(WildcardPattern.ContainsWildcardCharacters)
                        .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
                        .ToList();
                    var exactNames = new HashSet<string>(Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)), StringComparer.Ordinal);
                    foreach (string exact in exactNames)
                    {
                        LookUp(session, ApiTokenFilter.ByDisplayName(exact), "ApiTokenNotFoundByName", $"No API token is named '{exact}'.");
                    }

                    if (patterns.Count > 0)
                    {
                        // Tokens already written by an exact name are not written twice.
                        Stream(session, token => token.DisplayName != null && !exactNames.Contains(token.DisplayName) && patterns.Any(p => p.IsMatch(token.DisplayName)));
                    }

                    break;
                case ClientIdSet:
                    foreach (string clientId in ClientId)
                    {
                        LookUp(session, ApiTokenFilter.ByClientId(clientId), "ApiTokenNotFoundByClientId", $"No API token has the client id '{ApiTokenFilter.StripUsernamePrefix(clientId)}'.");
                    }

                    break;
                case GuidSet:
                    foreach (string guid in Guid)
                    {
                        LookUp(session, ApiTokenFilter.ByGuid(guid), "ApiTokenNotFoundByGuid", $"No API token has the GUID '{guid}'.");
                    }

                    break;
                default:
                    Stream(session, null);
                    break;
            }
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
                token.Session = session;
                WriteObject(token);
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
                List<ApiToken>? page;
                try
                {
                    page = Collect(next);
                }
                catch (Exception e) when (AtlanErrors.IsModuleFailure(e))
                {
                    WriteFailure(e, session.BaseUrl);
                    break;
                }
                finally
                {
                    // One error per unreadable record; the listing goes on.
                    foreach (AtlanRecordException bad in pager.TakeUnreadable())
                    {
                        WriteFailure(bad, session.BaseUrl);
                    }
                }

                if (page == null)
                {
                    break;
                }

                next = Start((log, token) => pager.NextPageAsync(log, token));
                foreach (ApiToken token in page)
                {
                    if (keep == null || keep(token))
                    {
                        token.Session = session;
                        WriteObject(token);
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
