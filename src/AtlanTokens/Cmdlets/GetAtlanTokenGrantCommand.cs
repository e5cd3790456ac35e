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
        private const string SelfSet = "Self";
        private const string ObjectSet = "Object";
        private const string GuidSet = "Guid";
        private const string NameSet = "Name";

        private const string Holder = "a user who is an editor or viewer of the query collections to list";

        private readonly HashSet<string> _written = NameSelection.NewWrittenSet();
        private bool _warned;

        /// <summary>API tokens, from Get-AtlanApiToken or New-AtlanApiToken (also from the pipeline).</summary>
        /// <remarks>An empty list lists nothing (never the session's own token's grants).</remarks>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [ValidateNotNull]
        [AllowEmptyCollection]
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
                ImpersonationTokens.Check(this, ImpersonationToken, Holder);
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
                    foreach (string value in Guid!)
                    {
                        if (GuidArgument.Normalize(this, value, "API token") is string guid)
                        {
                            AuditAll(byGuid, Find(byGuid, ApiTokenFilter.ByGuid(guid), ErrorIds.ApiTokenNotFoundByGuid, $"No API token has the GUID '{guid}'."));
                        }
                    }

                    break;
                case NameSet:
                    AtlanSession byName = ResolveSession();
                    AuditAll(byName, FindByName(byName));
                    break;
                default:
                    AtlanSession session = ResolveSession();
                    if (session.Authentication == Model.AtlanAuthenticationKind.OAuthClient)
                    {
                        WriteOAuthSessionHasNoApiToken(session);
                        return;
                    }

                    if (session.ClientId == null)
                    {
                        WriteError(ErrorIds.SessionIsNotAnApiToken, ErrorCategory.InvalidOperation, session.UserName,
                            $"The session authenticates as '{session.UserName}', which is not an API token, so it has no grants of its own to list.",
                            "Name the tokens: Get-AtlanTokenGrant -Name 'ci-*', or pipe them from Get-AtlanApiToken.");
                        return;
                    }

                    AuditAll(session, Find(session, ApiTokenFilter.ByClientId(session.ClientId), ErrorIds.ApiTokenNotFoundByClientId, $"The session's own API token (client id '{session.ClientId}') was not found."));

                    break;
            }
        }

        /// <summary>The tokens -Name selects, by the shared name selection (exact names, escapes, patterns) of every Get cmdlet.</summary>
        private List<ApiToken> FindByName(AtlanSession session)
        {
            NameSelection selection = NameSelection.Parse(this, Name, _written, "API token");
            var tokens = new List<ApiToken>();
            foreach (string exact in selection.ExactNames)
            {
                tokens.AddRange(Find(session, ApiTokenFilter.ByDisplayName(exact), ErrorIds.ApiTokenNotFoundByName, $"No API token is named '{exact}'."));
            }

            if (selection.HasPatterns)
            {
                var pager = new ApiTokenPager(session.ApiTokens, null, ApiTokensEndpoint.DefaultPageSize, ApiTokensEndpoint.FirstPageSize);
                List<ApiToken>? page;
                while (TryAwait((log, cancel) => pager.NextPageAsync(log, cancel), string.Join(", ", Name!), out page) && page != null)
                {
                    tokens.AddRange(page.Where(t => t.DisplayName != null && selection.MatchesPattern(t.DisplayName)));
                }
            }

            return tokens;
        }

        private List<ApiToken> Find(AtlanSession session, ApiTokenFilter filter, string notFoundId, string notFoundMessage)
        {
            if (!TryAwait((log, cancel) => session.ApiTokens.FindAsync(filter, log, cancel), filter.Value, out List<ApiToken> found))
            {
                return new List<ApiToken>();
            }

            if (found.Count == 0)
            {
                WriteError(notFoundId, ErrorCategory.ObjectNotFound, filter.Value, notFoundMessage, "List the tokens with Get-AtlanApiToken.");
            }

            return found;
        }

        /// <summary>Audits each token once per invocation, however many names, GUIDs or patterns select it.</summary>
        private void AuditAll(AtlanSession session, IEnumerable<ApiToken> tokens)
        {
            foreach (ApiToken token in tokens)
            {
                if (_written.Add(token.Guid))
                {
                    Audit(session, token);
                }
            }
        }

        private void Audit(AtlanSession session, ApiToken token)
        {
            if (token.Username == null)
            {
                WriteError(ErrorIds.InvalidTokenInput, ErrorCategory.InvalidData, token, $"The API token '{token}' has no client id, so its username (and its grants) cannot be known.");
                return;
            }

            if (ImpersonationToken == null && !_warned)
            {
                _warned = true;
                WriteWarning("Query collections were not searched: they are visible only to their editors and viewers. Pass -ImpersonationToken (a user's bearer token) to list collection editor and viewer grants as that user sees them.");
            }

            if (!TryAwait((log, cancel) => session.Operations.GrantAudit.FindAsync(token.Username, ImpersonationToken, log, cancel), token.DisplayName ?? token.Guid, out List<(GrantTarget Asset, GrantRight Right)> grants, context: FailureContext.Impersonating(Holder)))
            {
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
