using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using AtlanTokens.Operations;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Lists the connections an API token administers and the query collections it edits or views (from search, each
    /// confirmed from the stored asset). The results pipe straight into the Remove-AtlanToken* cmdlets.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlanTokenGrant", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanTokenGrant.md", DefaultParameterSetName = SelfSet)]
    [OutputType(typeof(TokenGrant))]
    public sealed class GetAtlanTokenGrantCommand : AtlanSessionCmdlet
    {
        internal const string CollectionsNotSearchedId = "CollectionsNotSearched";
        private const string SelfSet = "Self";
        private const string ObjectSet = "Object";
        private const string GuidSet = "Guid";
        private const string NameSet = "Name";

        private bool _warned;

        /// <summary>API tokens, from Get-AtlanApiToken or New-AtlanApiToken (also from the pipeline).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [ValidateNotNull]
        public ApiToken[]? InputObject { get; set; }

        /// <summary>Token GUIDs.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Guid { get; set; }

        /// <summary>Token display names; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// A user's bearer token: query collections are visible only to their editors and viewers, so collections are
        /// searched only with it, as that user sees them. Never stored or shown.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ImpersonationToken { get; set; }

        protected override void BeginProcessing()
        {
            if (ImpersonationToken != null)
            {
                ImpersonationTokens.Check(this, ImpersonationToken, "a user who is an editor or viewer of the query collections to list");
            }
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case ObjectSet:
                    foreach (ApiToken token in InputObject!)
                    {
                        Audit(ResolveSession(token.Session), token);
                    }

                    break;
                case GuidSet:
                    AtlanSession byGuid = ResolveSession();
                    foreach (string guid in Guid!)
                    {
                        foreach (ApiToken token in Find(byGuid, ApiTokenFilter.ByGuid(guid.Trim()), "ApiTokenNotFoundByGuid", $"No API token has the GUID '{guid}'."))
                        {
                            Audit(byGuid, token);
                        }
                    }

                    break;
                case NameSet:
                    AtlanSession byName = ResolveSession();
                    foreach (ApiToken token in FindByName(byName))
                    {
                        Audit(byName, token);
                    }

                    break;
                default:
                    AtlanSession session = ResolveSession();
                    if (session.ClientId == null)
                    {
                        WriteError("SessionIsNotAnApiToken", ErrorCategory.InvalidOperation, session.UserName,
                            $"The session authenticates as '{session.UserName}', which is not an API token, so it has no grants of its own to list.",
                            "Name the tokens: Get-AtlanTokenGrant -Name 'ci-*', or pipe them from Get-AtlanApiToken.");
                        return;
                    }

                    foreach (ApiToken token in Find(session, ApiTokenFilter.ByClientId(session.ClientId), "ApiTokenNotFoundByClientId", $"The session's own API token (client id '{session.ClientId}') was not found."))
                    {
                        Audit(session, token);
                    }

                    break;
            }
        }

        private IEnumerable<ApiToken> FindByName(AtlanSession session)
        {
            var patterns = Name!.Where(WildcardPattern.ContainsWildcardCharacters)
                .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
                .ToList();
            var exactNames = new HashSet<string>(Name!.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)), StringComparer.Ordinal);
            var tokens = new List<ApiToken>();
            foreach (string exact in exactNames)
            {
                tokens.AddRange(Find(session, ApiTokenFilter.ByDisplayName(exact), "ApiTokenNotFoundByName", $"No API token is named '{exact}'."));
            }

            if (patterns.Count > 0)
            {
                var pager = new ApiTokenPager(session.ApiTokens, null, ApiTokensEndpoint.DefaultPageSize, ApiTokensEndpoint.FirstPageSize);
                try
                {
                    List<ApiToken>? page;
                    while ((page = Await((log, cancel) => pager.NextPageAsync(log, cancel))) != null)
                    {
                        tokens.AddRange(page.Where(t => t.DisplayName != null && !exactNames.Contains(t.DisplayName) && patterns.Any(p => p.IsMatch(t.DisplayName))));
                    }
                }
                catch (AtlanException e)
                {
                    WriteFailure(e, string.Join(", ", Name!));
                }
            }

            return tokens;
        }

        private List<ApiToken> Find(AtlanSession session, ApiTokenFilter filter, string notFoundId, string notFoundMessage)
        {
            try
            {
                List<ApiToken> found = Await((log, cancel) => session.ApiTokens.FindAsync(filter, log, cancel));
                if (found.Count == 0)
                {
                    WriteError(notFoundId, ErrorCategory.ObjectNotFound, filter.Value, notFoundMessage, "List the tokens with Get-AtlanApiToken.");
                }

                return found;
            }
            catch (AtlanException e)
            {
                WriteFailure(e, filter.Value);
                return new List<ApiToken>();
            }
        }

        private void Audit(AtlanSession session, ApiToken token)
        {
            if (token.Username == null)
            {
                WriteError("InvalidTokenInput", ErrorCategory.InvalidData, token, $"The API token '{token}' has no client id, so its username (and its grants) cannot be known.");
                return;
            }

            if (ImpersonationToken == null && !_warned)
            {
                _warned = true;
                WriteWarning("Query collections were not searched: they are visible only to their editors and viewers. Pass -ImpersonationToken (a user's bearer token) to list collection editor and viewer grants as that user sees them.");
            }

            List<(GrantTarget Asset, GrantRight Right)> grants;
            try
            {
                grants = Await((log, cancel) => session.GrantAudit.FindAsync(token.Username, ImpersonationToken, log, cancel));
            }
            catch (Exception e) when (AtlanErrors.IsModuleFailure(e))
            {
                WriteImpersonatedFailure(e, token.DisplayName ?? token.Guid, "a user who is an editor or viewer of the query collections to list");
                return;
            }

            foreach ((GrantTarget asset, GrantRight right) in grants)
            {
                WriteObject(new TokenGrant(asset.TypeName, asset.Name, asset.QualifiedName, asset.Guid, right, token.DisplayName, token.Guid, token.Username)
                {
                    ConnectorType = asset.ConnectorName,
                    Session = session,
                });
            }
        }
    }
}
