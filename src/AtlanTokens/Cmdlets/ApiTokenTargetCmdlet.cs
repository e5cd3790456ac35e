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
    /// <summary>A cmdlet that changes one existing token, named by object (pipeline), -Guid, or an exact -Name.</summary>
    public abstract class ApiTokenTargetCmdlet : AtlanSessionCmdlet
    {
        protected const string InputObjectSet = "InputObject";
        protected const string GuidSet = "Guid";
        protected const string NameSet = "Name";
        protected const string ClientIdSet = "ClientId";

        /// <summary>A token from Get-AtlanApiToken or New-AtlanApiToken; acts through the session it came from.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public ApiToken? InputObject { get; set; }

        /// <summary>The token's GUID (its id, not its client id); case, braces and surrounding spaces do not matter.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string? Guid { get; set; }

        /// <summary>
        /// The token's exact display name (no wildcards: select several with Get-AtlanApiToken -Name 'ci-*' | ...); fails,
        /// changing nothing, when several tokens share it. Binds by property name (a Name column of Import-Csv). With
        /// -Guid or -ClientId too (a CSV row with those columns) the token is found by those instead.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ClientIdSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        [ValidateNotNullOrEmpty]
        public virtual string? Name { get; set; }

        /// <summary>The token's client id (apikey-...), with or without the service-account- prefix.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ClientIdSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [Alias("Username")]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>
        /// Finds the token this record names, read fresh from the tenant. Writes an error and returns null when it
        /// does not exist or the name is ambiguous.
        /// </summary>
        internal ApiToken? ReadTarget(out AtlanSession session, bool refreshPiped = true)
        {
            TargetRead read = StartReadTarget(refreshPiped);
            session = read.Session;
            return FinishReadTarget(read);
        }

        /// <summary>Starts reading the token this record names (the read runs while the pipeline goes on).</summary>
        internal TargetRead StartReadTarget(bool refreshPiped = true)
        {
            AtlanSession session = ResolveSession(InputObject?.Session);
            if (InputObject != null && !refreshPiped)
            {
                return new TargetRead(session, InputObject, null, null, null, null);
            }

            string? guid = InputObject?.Guid;
            if (guid == null && Guid != null)
            {
                guid = GuidArgument.Normalize(this, Guid, "API token");
                if (guid == null)
                {
                    return new TargetRead(session, null, null, null, null, null);
                }
            }

            string? clientId = guid == null && ClientId != null ? ApiTokenFilter.StripUsernamePrefix(ClientId.Trim()) : null;
            ApiTokenFilter filter = guid != null ? ApiTokenFilter.ByGuid(guid)
                : clientId != null ? ApiTokenFilter.ByClientId(clientId)
                : ApiTokenFilter.ByDisplayName(Name!);
            DateTimeOffset startedAt = session.Client.Options.Clock.UtcNow;
            Task<List<ApiToken>> lookup = Start((log, cancel) => session.ApiTokens.FindAsync(filter, log, cancel));
            return new TargetRead(session, null, lookup, guid, guid == null && clientId == null ? Name : null, InputObject?.DisplayName) { ClientId = clientId, StartedAt = startedAt };
        }

        /// <summary>Waits for a read started by <see cref="StartReadTarget"/>; writes the error when it found nothing usable.</summary>
        internal ApiToken? FinishReadTarget(TargetRead read)
        {
            if (read.Lookup == null)
            {
                return read.Known;
            }

            if (!TryCollect(read.Lookup, (object?)read.Guid ?? read.Name, out List<ApiToken> matches))
            {
                return null;
            }

            if (read.Guid != null)
            {
                if (matches.Count == 0)
                {
                    string label = read.KnownName != null ? $"'{read.KnownName}' ({read.Guid})" : $"with the GUID '{read.Guid}'";
                    WriteError(ErrorIds.ApiTokenNotFoundByGuid, ErrorCategory.ObjectNotFound, read.Guid,
                        $"No API token {label} exists on {read.Session.BaseUrl}; it may have been deleted.");
                    return null;
                }

                return matches[0];
            }

            if (read.ClientId != null)
            {
                if (matches.Count == 0)
                {
                    WriteError(ErrorIds.ApiTokenNotFoundByClientId, ErrorCategory.ObjectNotFound, read.ClientId,
                        $"No API token has the client id '{read.ClientId}' on {read.Session.BaseUrl}; it may have been deleted.");
                    return null;
                }

                return matches[0];
            }

            string name = read.Name!;
            if (matches.Count == 0)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(ErrorIds.ApiTokenNotFoundByName, ErrorCategory.ObjectNotFound, name,
                        $"No API token is named '{name}'. -Name here is an exact name, not a wildcard pattern, so that a typo never changes more than one token.",
                        $"To act on every token matching the pattern, select them first: Get-AtlanApiToken -Name {CommandLine.Literal(name)} | {MyInvocation.MyCommand.Name}");
                    return null;
                }

                WriteError(ErrorIds.ApiTokenNotFoundByName, ErrorCategory.ObjectNotFound, name,
                    $"No API token is named '{name}' (-Name here is exact).",
                    $"List the tokens with Get-AtlanApiToken, or select with wildcards: Get-AtlanApiToken -Name '*part*' | {MyInvocation.MyCommand.Name}");
                return null;
            }

            if (matches.Count > 1)
            {
                string which = string.Join(", ", matches.Select(t => $"{t.Guid} (created {t.CreatedAt?.ToUniversalTime():u} by {t.CreatedBy})"));
                WriteError(ErrorIds.ApiTokenNameAmbiguous, ErrorCategory.InvalidArgument, name,
                    $"{matches.Count} API tokens are named '{name}': {which}. Nothing was changed.",
                    $"Pick one with -Guid, or through the pipeline: Get-AtlanApiToken -Name {CommandLine.ExactName(name)} | Where-Object CreatedAt -lt (Get-Date).AddDays(-30) | ...");
                return null;
            }

            return matches[0];
        }

        /// <summary>A read of one target token in flight, with what is needed to report its outcome.</summary>
        internal sealed class TargetRead
        {
            public TargetRead(AtlanSession session, ApiToken? known, Task<List<ApiToken>>? lookup, string? guid, string? name, string? knownName)
            {
                Session = session;
                Known = known;
                Lookup = lookup;
                Guid = guid;
                Name = name;
                KnownName = knownName;
            }

            public AtlanSession Session { get; }

            public ApiToken? Known { get; }

            public Task<List<ApiToken>>? Lookup { get; }

            public string? Guid { get; }

            public string? Name { get; }

            public string? KnownName { get; }

            /// <summary>The client id sought (without the service-account- prefix), when the token is named by it.</summary>
            public string? ClientId { get; set; }

            /// <summary>When the read was sent (wall clock); null when the token was taken as piped, without a read.</summary>
            public DateTimeOffset? StartedAt { get; set; }
        }

        internal static string Describe(ApiToken token) => $"API token '{CompletionSupport.Visible(token.DisplayName ?? string.Empty)}' ({token.Guid})";
    }
}
