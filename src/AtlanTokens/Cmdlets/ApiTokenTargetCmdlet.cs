using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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

        /// <summary>A token from Get-AtlanApiToken or New-AtlanApiToken; acts through the session it came from.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public ApiToken? InputObject { get; set; }

        /// <summary>The token's GUID (its id, not its client id).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string? Guid { get; set; }

        /// <summary>The token's exact display name; fails (changing nothing) when several tokens share it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>
        /// Finds the token this record names, read fresh from the tenant. Writes an error and returns null when it
        /// does not exist or the name is ambiguous.
        /// </summary>
        internal ApiToken? ReadTarget(out AtlanSession session, bool refreshPiped = true)
        {
            session = ResolveSession(InputObject?.Session);
            AtlanSession current = session;
            if (InputObject != null && !refreshPiped)
            {
                return InputObject;
            }

            string? guid = InputObject?.Guid ?? Guid;
            try
            {
                if (guid != null)
                {
                    ApiToken? token = Await((log, cancel) => current.ApiTokens.FindByGuidAsync(guid, log, cancel));
                    if (token == null)
                    {
                        string label = InputObject?.DisplayName != null ? $"'{InputObject.DisplayName}' ({guid})" : $"with the GUID '{guid}'";
                        WriteError("ApiTokenNotFoundByGuid", ErrorCategory.ObjectNotFound, guid,
                            $"No API token {label} exists on {current.BaseUrl}; it may have been deleted.");
                    }

                    return token;
                }

                string name = Name!;
                List<ApiToken> matches = Await((log, cancel) => current.ApiTokens.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancel));
                if (matches.Count == 0)
                {
                    WriteError("ApiTokenNotFoundByName", ErrorCategory.ObjectNotFound, name,
                        $"No API token is named '{name}'.",
                        "List the tokens with Get-AtlanApiToken, or use wildcards: Get-AtlanApiToken -Name '*part*'.");
                    return null;
                }

                if (matches.Count > 1)
                {
                    string which = string.Join(", ", matches.Select(t => $"{t.Guid} (created {t.CreatedAt?.ToUniversalTime():u} by {t.CreatedBy})"));
                    WriteError("ApiTokenNameAmbiguous", ErrorCategory.InvalidArgument, name,
                        $"{matches.Count} API tokens are named '{name}': {which}. Nothing was changed.",
                        $"Pick one with -Guid, or through the pipeline: Get-AtlanApiToken -Name '{name.Replace("'", "''")}' | Where-Object CreatedAt -lt (Get-Date).AddDays(-30) | ...");
                    return null;
                }

                return matches[0];
            }
            catch (AtlanException e)
            {
                WriteFailure(e, (object?)InputObject ?? guid ?? Name);
                return null;
            }
        }

        internal static string Describe(ApiToken token) => $"API token '{token.DisplayName}' ({token.Guid})";
    }
}
