using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Lists query collections, or finds them by name (wildcards allowed) or GUID. Atlan shows a collection only to its
    /// editors and viewers, so -ImpersonationToken searches as that user instead of as the session's API token.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlanCollection", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanCollection.md", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(AtlanCollection))]
    public sealed class GetAtlanCollectionCommand : AtlanSessionCmdlet
    {
        private const string NameSet = "Name";
        private const string GuidSet = "Guid";
        private const string Holder = "a user who is an editor or viewer of the collection";

        /// <summary>Collection names; wildcards allowed (escape a literal [ or ] with a backtick). Default: every collection the caller can see.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CollectionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Collection GUIDs.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Guid { get; set; } = Array.Empty<string>();

        /// <summary>A user's bearer token to search as that user (never stored, never shown).</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ImpersonationToken { get; set; }

        private readonly HashSet<string> _written = NameSelection.NewWrittenSet();

        protected override void BeginProcessing()
        {
            if (ImpersonationToken != null)
            {
                ImpersonationTokens.Check(this, ImpersonationToken, Holder);
            }
        }

        protected override void ProcessRecord()
        {
            AtlanSession session = ResolveSession();
            if (ParameterSetName == GuidSet)
            {
                foreach (string value in Guid)
                {
                    if (!(GuidArgument.Normalize(this, value, "query collection") is string guid))
                    {
                        continue;
                    }

                    Find(session, null, guid, $"No active query collection with the GUID '{guid}' is visible to {Caller(session)}.", guid);
                }

                return;
            }

            NameSelection selection = NameSelection.Parse(this, Name, _written, "query collection");
            foreach (string exact in selection.ExactNames)
            {
                Find(session, exact, null, $"No active query collection named '{exact}' is visible to {Caller(session)}.", exact);
            }

            if (Name == null || selection.HasPatterns)
            {
                SecureString? bearer = ImpersonationToken;
                if (!TryAwait((log, cancel) => session.AssetDirectory.GetCollectionsAsync(bearer, true, log, cancel), session.BaseUrl, out IReadOnlyList<AtlanCollection> all, context: Context))
                {
                    return;
                }

                Emit(all.Where(c => Name == null || selection.MatchesPattern(c.Name)), session);
            }
        }

        private string Caller(AtlanSession session)
            => ImpersonationToken == null ? $"the session's API token ({session.UserName})" : "the impersonation token's user";

        private void Find(AtlanSession session, string? name, string? guid, string notFound, string target)
        {
            SecureString? bearer = ImpersonationToken;
            if (!TryAwait((log, cancel) => session.Assets.FindCollectionsAsync(name, guid, log, cancel, bearer), target, out List<AtlanCollection> found, context: Context))
            {
                return;
            }

            if (found.Count == 0)
            {
                WriteError(GrantKind.CollectionEditor.NotFoundId, ErrorCategory.ObjectNotFound, target, notFound,
                    ImpersonationToken == null
                        ? "Atlan shows a query collection only to its editors and viewers: add -ImpersonationToken with the bearer token of one of them."
                        : "Check the name (Get-AtlanCollection -ImpersonationToken $token lists what that user sees).");
            }

            Emit(found, session);
        }

        private static FailureContext Context => FailureContext.Impersonating(Holder);

        private void Emit(IEnumerable<AtlanCollection> collections, AtlanSession session)
        {
            foreach (AtlanCollection collection in collections)
            {
                if (!_written.Add(collection.Guid))
                {
                    continue;
                }

                collection.Session = session;
                WriteObject(collection);
            }
        }
    }
}
