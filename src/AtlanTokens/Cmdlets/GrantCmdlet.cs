using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Adds API tokens to an asset's adminUsers or viewerUsers with a user's bearer token (the impersonation token).
    /// Tokens and targets are collected while the pipeline runs; EndProcessing makes one save per asset, keeping every
    /// existing user, and writes one result per token per asset.
    /// </summary>
    public abstract class GrantCmdlet : AtlanSessionCmdlet
    {
        internal const string ConnectionNotFoundId = "ConnectionNotFound";
        internal const string CollectionNotFoundId = "CollectionNotFound";
        internal const string ConnectionNameAmbiguousId = "ConnectionNameAmbiguous";
        internal const string CollectionNameAmbiguousId = "CollectionNameAmbiguous";
        internal const string PermissionDeniedId = "GrantPermissionDenied";
        internal const string AssetNotFoundId = "AssetNotFound";
        internal const string NotConfirmedId = "GrantNotConfirmed";
        internal const string InvalidTokenInputId = "InvalidTokenInput";

        protected const string ObjectSet = "Object";
        protected const string GuidSet = "Guid";
        protected const string NameSet = "Name";

        private readonly List<TargetSpec> _targets = new List<TargetSpec>();
        private readonly List<ApiToken> _tokens = new List<ApiToken>();
        private bool _tokenInputSeen;
        private bool _commandLineTokensRead;
        private bool _tokensFromCommandLine;

        /// <summary>
        /// The bearer token of a user who already holds the right on the asset. Only used to authorise the change; it is
        /// not what gets added, and it is never stored or shown.
        /// </summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public SecureString? ImpersonationToken { get; set; }

        /// <summary>API tokens to add (from Get-AtlanApiToken or New-AtlanApiToken). Default: the session's own API token.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public object?[]? Token { get; set; }

        /// <summary>The asset's GUID.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet)]
        [ValidateNotNullOrEmpty]
        public string? Guid { get; set; }

        internal abstract GrantRight Right { get; }

        /// <summary>The asset object bound for this record (-Connection / -Collection), if any.</summary>
        internal abstract object? TargetObject { get; }

        internal abstract string? TargetName { get; }

        internal virtual string? ConnectorTypeFilter => null;

        private bool IsConnection => Right == GrantRight.ConnectionAdmin;

        private string AssetNoun => IsConnection ? "connection" : "query collection";

        private string Holder => IsConnection
            ? "a user who is already a connection admin of the connection"
            : "a user who is already an editor (or owner) of the query collection";

        protected override void BeginProcessing()
        {
            _tokensFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Token));
            ImpersonationTokens.Check(this, ImpersonationToken!, Holder);
        }

        protected override void ProcessRecord()
        {
            object? targetObject = TargetObject;
            TargetSpec spec = ParameterSetName switch
            {
                GuidSet => new TargetSpec(Guid!.Trim(), null, null, null),
                NameSet => new TargetSpec(null, TargetName!, ConnectorTypeFilter?.Trim().ToLowerInvariant(), null),
                _ => SpecOf(targetObject),
            };
            if (!_targets.Any(t => t.Key == spec.Key))
            {
                _targets.Add(spec);
            }

            if (Token == null || (_tokensFromCommandLine && _commandLineTokensRead))
            {
                return;
            }

            _commandLineTokensRead = _tokensFromCommandLine;
            foreach (object? item in Token)
            {
                object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (targetObject != null && ReferenceEquals(value, targetObject))
                {
                    continue; // a piped asset also binds to -Token (it takes any object); it is the target, not a token
                }

                _tokenInputSeen = true;
                if (value is ApiToken token && token.Username != null)
                {
                    if (!_tokens.Any(t => t.Username == token.Username))
                    {
                        _tokens.Add(token);
                    }
                }
                else
                {
                    string what = value == null ? "$null" : value is ApiToken ? "an API token without a client id" : $"a {value.GetType().Name} ('{value}')";
                    WriteError(InvalidTokenInputId, ErrorCategory.InvalidType, item,
                        $"-Token takes API tokens (from Get-AtlanApiToken or New-AtlanApiToken), but got {what}; it was skipped.",
                        $"Pipe tokens: Get-AtlanApiToken -Name 'ci-*' | {MyInvocation.MyCommand.Name} ... ; or leave -Token out to add the session's own API token.");
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_targets.Count == 0)
            {
                return;
            }

            AtlanSession session = ResolveSession(_targets.Select(t => t.Session).FirstOrDefault(s => s != null)
                ?? _tokens.Select(t => t.Session).FirstOrDefault(s => s != null));
            List<string>? usernames = Usernames(session);
            if (usernames == null || usernames.Count == 0)
            {
                return;
            }

            foreach (TargetSpec spec in _targets)
            {
                Grant(session, spec, usernames);
            }
        }

        private TargetSpec SpecOf(object? target)
        {
            switch (target)
            {
                case AtlanConnection connection:
                    return new TargetSpec(connection.Guid, connection.Name, connection.ConnectorType, connection.Session);
                case AtlanCollection collection:
                    return new TargetSpec(collection.Guid, collection.Name, null, collection.Session);
                default:
                    throw new PSArgumentException($"No {AssetNoun} was given.");
            }
        }

        /// <summary>The usernames to add: the tokens collected, or (with no token input at all) the session's own.</summary>
        private List<string>? Usernames(AtlanSession session)
        {
            if (_tokenInputSeen)
            {
                var names = new List<string>();
                foreach (ApiToken token in _tokens)
                {
                    if (token.Session != null && !string.Equals(token.Session.BaseUrl, session.BaseUrl, StringComparison.OrdinalIgnoreCase))
                    {
                        WriteError("SessionMismatch", ErrorCategory.InvalidArgument, token,
                            $"The API token '{token.DisplayName}' was read from {token.Session.BaseUrl}, but the grant is on {session.BaseUrl}; it was skipped.",
                            "Read the tokens through the session of the tenant the asset belongs to.");
                        continue;
                    }

                    names.Add(token.Username!);
                }

                return names;
            }

            try
            {
                CurrentUser me = Await((log, cancel) => session.Users.GetCurrentAsync(log, cancel));
                WriteVerbose($"Granting the session's own API token ({me.Username}).");
                return new List<string> { me.Username };
            }
            catch (AtlanException e)
            {
                WriteFailure(e, session.BaseUrl);
                return null;
            }
        }

        private void Grant(AtlanSession session, TargetSpec spec, List<string> usernames)
        {
            SecureString bearer = ImpersonationToken!;
            GrantTarget? before = ReadTarget(session, spec, bearer);
            if (before == null)
            {
                return;
            }

            string target = Describe(before);
            List<string> missing = usernames.Where(u => !before.Users.Contains(u, StringComparer.Ordinal)).ToList();
            GrantTarget after = before;
            if (missing.Count > 0)
            {
                string action = $"Add {string.Join(", ", missing)} as {RightText} (keeping the {before.Users.Count} existing {ListAttribute})";
                if (!ShouldChange(target, action))
                {
                    missing.Clear();
                    usernames = usernames.Where(u => before.Users.Contains(u, StringComparer.Ordinal)).ToList();
                }
                else
                {
                    List<string> adding = missing;
                    try
                    {
                        after = Await((log, cancel) => session.Grants.AddAsync(Right, before, adding, bearer, log, cancel));
                    }
                    catch (Exception e) when (e is AtlanException || e is AssetGoneException || e is GrantNotConfirmedException || e is FormatException)
                    {
                        WriteSaveFailure(e, before);
                        return;
                    }
                    finally
                    {
                        session.AssetDirectory.Invalidate();
                    }

                    WriteVerbose($"Added {string.Join(", ", adding)} to {ListAttribute} of {target}; the answer lists them.");
                }
            }

            foreach (string username in usernames)
            {
                GrantStatus status = missing.Contains(username, StringComparer.Ordinal) ? GrantStatus.Added : GrantStatus.AlreadyPresent;
                if (status == GrantStatus.AlreadyPresent)
                {
                    WriteVerbose($"{username} is already in {ListAttribute} of {target}; nothing sent for it.");
                }

                var result = new GrantResult(after.TypeName, after.Name, after.QualifiedName, after.Guid, username, Right, status);
                if (Right == GrantRight.CollectionViewer)
                {
                    result.ViewerUsers = after.Users.ToArray();
                }
                else
                {
                    result.AdminUsers = after.Users.ToArray();
                }

                WriteObject(result);
            }
        }

        /// <summary>Finds the asset (by name first when so given) and reads it with the impersonation token.</summary>
        private GrantTarget? ReadTarget(AtlanSession session, TargetSpec spec, SecureString bearer)
        {
            object target = spec.Guid ?? spec.Name!;
            try
            {
                string? guid = spec.Guid ?? FindGuidByName(session, spec, bearer);
                if (guid == null)
                {
                    return null;
                }

                GrantTarget? read = Await((log, cancel) => session.Grants.ReadAsync(Right, guid, bearer, log, cancel));
                if (read == null)
                {
                    string label = spec.Name != null ? $"'{spec.Name}' ({guid})" : $"with the GUID '{guid}'";
                    WriteError(NotFoundId, ErrorCategory.ObjectNotFound, target,
                        $"No active {AssetNoun} {label} is visible to the impersonation token's user: it does not exist, was deleted{(IsConnection ? string.Empty : ", or that user is neither editor nor viewer of it")}. Nothing was changed.",
                        IsConnection ? "List the connections with Get-AtlanConnection." : "List what that user sees with Get-AtlanCollection -ImpersonationToken $token.");
                }

                return read;
            }
            catch (AtlanApiException e) when (e.StatusCode == 401)
            {
                ThrowTerminatingError(ImpersonationTokens.Rejected(e, target, Holder));
                return null;
            }
            catch (AtlanApiException e) when (e.StatusCode == 403)
            {
                WriteError(AtlanErrors.Record(e, PermissionDeniedId, ErrorCategory.PermissionDenied, target, ImpersonationTokens.HowToGetOne(Holder)));
                return null;
            }
            catch (AtlanException e)
            {
                WriteFailure(e, target);
                return null;
            }
            catch (FormatException e)
            {
                WriteError("AtlanInvalidResponse", ErrorCategory.InvalidResult, target, $"Atlan's search answer cannot be used for the grant: {e.Message}. Nothing was changed.");
                return null;
            }
        }

        private string? FindGuidByName(AtlanSession session, TargetSpec spec, SecureString bearer)
        {
            string name = spec.Name!;
            string? connectorType = spec.ConnectorType;
            List<(string Guid, string? Type, string Label)> found = IsConnection
                ? Await((log, cancel) => session.Assets.FindConnectionsAsync(name, connectorType, null, log, cancel, bearer))
                    .Select(c => (c.Guid, c.ConnectorType, $"'{c.Name}' (connector type {c.ConnectorType}, {c.QualifiedName}, guid {c.Guid})")).ToList()
                : Await((log, cancel) => session.Assets.FindCollectionsAsync(name, null, log, cancel, bearer))
                    .Select(c => (c.Guid, (string?)null, $"'{c.Name}' ({c.QualifiedName}, guid {c.Guid})")).ToList();
            if (found.Count == 1)
            {
                return found[0].Guid;
            }

            string which = connectorType == null ? $"named '{name}'" : $"named '{name}' of connector type '{connectorType}'";
            if (found.Count == 0)
            {
                WriteError(NotFoundId, ErrorCategory.ObjectNotFound, name,
                    $"No active {AssetNoun} {which} is visible to the impersonation token's user. Nothing was changed.",
                    IsConnection
                        ? "List the connections and their connector types with Get-AtlanConnection."
                        : "Names are exact and case-sensitive; list what that user sees with Get-AtlanCollection -ImpersonationToken $token.");
                return null;
            }

            string quoted = name.Replace("'", "''");
            WriteError(IsConnection ? ConnectionNameAmbiguousId : CollectionNameAmbiguousId, ErrorCategory.InvalidArgument, name,
                $"{found.Count} {AssetNoun}s are {which}: {string.Join("; ", found.Select(f => f.Label))}. Nothing was changed.",
                IsConnection && connectorType == null
                    ? $"Add -ConnectorType ({string.Join(", ", found.Select(f => f.Type).Distinct())}), e.g. -Name '{quoted}' -ConnectorType {found[0].Type}; or pass -Guid; or pipe the one you mean: Get-AtlanConnection -Name '{quoted}' -ConnectorType {found[0].Type} | {MyInvocation.MyCommand.Name} -ImpersonationToken $token"
                    : $"Pass -Guid, or pipe the one you mean from Get-Atlan{(IsConnection ? "Connection" : "Collection")}.");
            return null;
        }

        private void WriteSaveFailure(Exception e, GrantTarget before)
        {
            string target = Describe(before);
            switch (e)
            {
                case AtlanApiException api when api.StatusCode == 401:
                    ThrowTerminatingError(ImpersonationTokens.Rejected(api, before.Guid, Holder));
                    break;
                case AtlanApiException api when api.StatusCode == 403:
                    string right = IsConnection ? "a connection admin of it" : "an editor (or owner) of it";
                    WriteError(AtlanErrors.Record(
                        new UnauthorizedAccessException(
                            $"The impersonation token's user may not add {RightText}s to {target}: that user is not {right}, which is the right needed. "
                            + $"An API token cannot grant this right to itself, so the bearer token must be of {Holder}. Nothing was changed. {api.Message}",
                            api),
                        PermissionDeniedId,
                        ErrorCategory.PermissionDenied,
                        before.Guid,
                        ImpersonationTokens.HowToGetOne(Holder)));
                    break;
                case AtlanApiException api when api.StatusCode == 404:
                    WriteAssetGone(target, before, api);
                    break;
                case AssetGoneException gone:
                    WriteAssetGone(target, before, gone);
                    break;
                case GrantNotConfirmedException unconfirmed:
                    WriteError(AtlanErrors.Record(unconfirmed, NotConfirmedId, ErrorCategory.InvalidResult, before.Guid,
                        $"Check {ListAttribute} with Get-Atlan{(IsConnection ? "Connection" : "Collection")} -Guid {before.Guid} before running the grant again."));
                    break;
                case FormatException format:
                    WriteError("AtlanInvalidResponse", ErrorCategory.InvalidResult, before.Guid, $"Atlan's answer cannot be used for the grant on {target}: {format.Message}.");
                    break;
                default:
                    WriteFailure(e, before.Guid);
                    break;
            }
        }

        private void WriteAssetGone(string target, GrantTarget before, Exception inner)
            => WriteError(AtlanErrors.Record(
                new AssetGoneException($"The {target} was deleted (or became invisible to the impersonation token's user) after it was read and before the save; nothing was changed. {inner.Message}", inner),
                AssetNotFoundId,
                ErrorCategory.ObjectNotFound,
                before.Guid,
                $"Look the {AssetNoun} up again (Get-Atlan{(IsConnection ? "Connection" : "Collection")}) and grant on the one that exists now."));

        private string NotFoundId => IsConnection ? ConnectionNotFoundId : CollectionNotFoundId;

        private string ListAttribute => AccessListGrant.ListAttributeOf(Right);

        private string RightText => Right switch
        {
            GrantRight.ConnectionAdmin => "connection admin",
            GrantRight.CollectionEditor => "collection editor",
            _ => "collection viewer",
        };

        private string Describe(GrantTarget asset) => IsConnection
            ? $"connection '{asset.Name}' ({asset.ConnectorName ?? "?"}, {asset.QualifiedName})"
            : $"query collection '{asset.Name}' ({asset.QualifiedName})";

        private sealed class TargetSpec
        {
            public TargetSpec(string? guid, string? name, string? connectorType, AtlanSession? session)
            {
                Guid = guid;
                Name = name;
                ConnectorType = connectorType;
                Session = session;
            }

            public string? Guid { get; }

            public string? Name { get; }

            public string? ConnectorType { get; }

            public AtlanSession? Session { get; }

            public string Key => Guid != null ? "guid:" + Guid.ToLowerInvariant() : "name:" + Name + "|" + ConnectorType;
        }
    }
}
