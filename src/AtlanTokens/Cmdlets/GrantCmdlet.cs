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
    /// Adds API tokens to (or removes them from) an asset's adminUsers or viewerUsers with a user's bearer token (the
    /// impersonation token). Tokens and targets are collected while the pipeline runs; EndProcessing reads each asset as
    /// stored, makes one change per asset through <see cref="AccessListChange"/> (keeping every other user), and writes
    /// one result per token per asset. What differs per right is in <see cref="GrantKind"/>.
    /// </summary>
    public abstract class GrantCmdlet : AtlanSessionCmdlet
    {
        internal const string PermissionDeniedId = "GrantPermissionDenied";
        internal const string AssetNotFoundId = "AssetNotFound";
        internal const string NotConfirmedId = "GrantNotConfirmed";
        internal const string InvalidTokenInputId = "InvalidTokenInput";
        internal const string ConcurrentChangeId = "ConcurrentChange";
        internal const string LastAdminProtectedId = "LastAdminProtected";
        internal const string GrantRightMismatchId = "GrantRightMismatch";

        protected const string ObjectSet = "Object";
        protected const string GuidSet = "Guid";
        protected const string NameSet = "Name";
        protected const string GrantSet = "Grant";

        private readonly List<TargetSpec> _targets = new List<TargetSpec>();
        private readonly List<ApiToken> _tokens = new List<ApiToken>();
        private readonly Dictionary<string, string> _tokenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        private bool _tokenInputSeen;
        private bool _commandLineTokensRead;
        private bool _tokensFromCommandLine;

        /// <summary>
        /// The bearer token of a user who already holds the right on the asset. Only used to authorise the change; it is
        /// not what gets added or removed, and it is never stored or shown.
        /// </summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public SecureString? ImpersonationToken { get; set; }

        /// <summary>API tokens (from Get-AtlanApiToken or New-AtlanApiToken). Default: the session's own API token.</summary>
        /// <remarks>Not in the Grant set of the Remove cmdlets: a grant object names its own token.</remarks>
        [Parameter(ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = GuidSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = NameSet)]
        [AllowNull]
        public object?[]? Token { get; set; }

        /// <summary>The asset's GUID.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet)]
        [ValidateNotNullOrEmpty]
        public string? Guid { get; set; }

        internal abstract GrantRight Right { get; }

        /// <summary>The asset (or grant) object bound for this record, if any.</summary>
        internal abstract object? TargetObject { get; }

        internal abstract string? TargetName { get; }

        internal virtual string? ConnectorTypeFilter => null;

        /// <summary>True for the Remove cmdlets.</summary>
        internal virtual bool Removes => false;

        /// <summary>Skips the confirmation prompt (the Remove cmdlets' -Force); never -WhatIf.</summary>
        internal virtual bool Forced => false;

        private GrantKind Kind => GrantKind.For(Right);

        protected override void BeginProcessing()
        {
            _tokensFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Token));
            ImpersonationTokens.Check(this, ImpersonationToken!, Kind.Holder);
        }

        protected override void ProcessRecord()
        {
            object? targetObject = TargetObject;
            string? guid = null;
            if (ParameterSetName == GuidSet && (guid = GuidArgument.Normalize(this, Guid, Kind.Noun)) == null)
            {
                return;
            }

            TargetSpec? spec = ParameterSetName switch
            {
                GuidSet => new TargetSpec(guid, null, null, null),
                NameSet => new TargetSpec(null, TargetName!, ConnectorTypeFilter?.Trim().ToLowerInvariant(), null),
                _ => SpecOf(targetObject),
            };
            if (spec != null)
            {
                TargetSpec? known = _targets.FirstOrDefault(t => t.Key == spec.Key);
                if (known == null)
                {
                    _targets.Add(spec);
                }
                else if (spec.Users != null)
                {
                    known.AddUsers(spec.Users);
                }
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
                    continue; // a piped asset or grant also binds to -Token (it takes any object); it is the target, not a token
                }

                _tokenInputSeen = true;
                if (value is ApiToken token && token.Username != null)
                {
                    if (!_tokens.Any(t => t.Username == token.Username))
                    {
                        _tokens.Add(token);
                        NameToken(token.Username, token.DisplayName);
                    }
                }
                else
                {
                    string what = value == null ? "$null" : value is ApiToken ? "an API token without a client id" : $"a {value.GetType().Name} ('{value}')";
                    WriteError(InvalidTokenInputId, ErrorCategory.InvalidType, item,
                        $"-Token takes API tokens (from Get-AtlanApiToken or New-AtlanApiToken), but got {what}; it was skipped.",
                        $"Pipe tokens: Get-AtlanApiToken -Name 'ci-*' | {MyInvocation.MyCommand.Name} ... ; or leave -Token out to use the session's own API token.");
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
            List<string>? usernames = null;
            var progress = new BulkProgress(this, 2, $"{MyInvocation.MyCommand.Name}: {Kind.RightText} rights", MyInvocation.ExpectingInput && _targets.Count > 1);
            foreach (TargetSpec spec in _targets)
            {
                List<string>? users = spec.Users;
                if (users == null)
                {
                    usernames ??= Usernames(session);
                    users = usernames;
                }

                if (users != null && users.Count > 0)
                {
                    using (BeginOperation()) // one deadline (-TotalTimeoutSec) for the asset's search, reads and saves
                    {
                        Change(session, spec, users);
                    }
                }

                progress.ItemDone(session);
            }

            progress.Complete();
        }

        private TargetSpec? SpecOf(object? target)
        {
            switch (target)
            {
                case AtlanConnection connection:
                    return new TargetSpec(connection.Guid, connection.Name, connection.ConnectorType, connection.Session);
                case AtlanCollection collection:
                    return new TargetSpec(collection.Guid, collection.Name, null, collection.Session);
                case TokenGrant grant when grant.Right == Right:
                    NameToken(grant.Username, grant.Token);
                    return new TargetSpec(grant.Guid, grant.Name, grant.ConnectorType, grant.Session, new List<string> { grant.Username });
                case TokenGrant grant:
                    WriteError(GrantRightMismatchId, ErrorCategory.InvalidArgument, grant,
                        $"The grant '{grant}' is a {grant.Right} right, but {MyInvocation.MyCommand.Name} removes {Kind.RightText} rights; it was skipped.",
                        $"Filter first: Get-AtlanTokenGrant ... | Where-Object Right -eq {Right} | {MyInvocation.MyCommand.Name} -ImpersonationToken $token");
                    return null;
                default:
                    throw new PSArgumentException($"No {Kind.Noun} was given.");
            }
        }

        /// <summary>The usernames: the tokens collected, or (with no token input at all) the session's own.</summary>
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
                            $"The API token '{token.DisplayName}' was read from {token.Session.BaseUrl}, but the asset is on {session.BaseUrl}; it was skipped.",
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
                WriteVerbose($"Using the session's own API token ({me.Username}).");
                return new List<string> { me.Username };
            }
            catch (AtlanException e)
            {
                WriteFailure(e, session.BaseUrl);
                return null;
            }
        }

        private void Change(AtlanSession session, TargetSpec spec, List<string> usernames)
        {
            SecureString bearer = ImpersonationToken!;
            GrantKind kind = Kind;
            GrantTarget? before = ReadTarget(session, spec, bearer);
            if (before == null)
            {
                return;
            }

            string target = kind.Describe(before);
            IReadOnlyList<string> current = before.UsersFor(Right);
            List<string> pending = usernames.Where(u => current.Contains(u, StringComparer.Ordinal) == Removes).ToList();
            GrantTarget after = before;
            if (Removes && AccessListChange.CreatorKept(Right, before, pending) is string creator)
            {
                // Atlas puts a collection's creator back on every save: say so, and send nothing for it.
                WriteFailure(new CollectionCreatorKeptException(CollectionCreatorKeptException.Explain(creator, before), creator, before, othersChanged: false), before.Guid);
                pending.Remove(creator);
                usernames = usernames.Where(u => !string.Equals(u, creator, StringComparison.Ordinal)).ToList();
            }

            if (pending.Count > 0)
            {
                string? lastAdmin = Removes ? AccessListChange.LastAdminProblem(Right, before, pending) : null;
                if (lastAdmin != null)
                {
                    WriteError(LastAdminProtectedId, ErrorCategory.InvalidOperation, before.Guid, lastAdmin,
                        $"Add another admin to the {kind.Noun} first (a user, group or role), then remove this one.");
                    return;
                }

                int others = current.Count(u => !pending.Contains(u, StringComparer.Ordinal));
                string action = Removes
                    ? $"Remove {string.Join(", ", pending)} as {kind.RightText} (keeping the {others} other {kind.ListAttribute})"
                    : $"Add {string.Join(", ", pending)} as {kind.RightText} (keeping the {current.Count} existing {kind.ListAttribute})";
                if (!((Forced && !IsWhatIf) || ShouldChange(target, action)))
                {
                    usernames = usernames.Where(u => !pending.Contains(u, StringComparer.Ordinal)).ToList();
                    pending.Clear();
                }
                else
                {
                    List<string> changing = pending;
                    IReadOnlyList<string> adding = Removes ? Array.Empty<string>() : (IReadOnlyList<string>)changing;
                    IReadOnlyList<string> removing = Removes ? (IReadOnlyList<string>)changing : Array.Empty<string>();
                    try
                    {
                        after = Await((log, cancel) => session.Grants.ApplyAsync(Right, before.Guid, adding, removing, bearer, log, cancel));
                    }
                    catch (Exception e) when (AtlanErrors.IsModuleFailure(e))
                    {
                        WriteSaveFailure(e, before);
                        return;
                    }
                    finally
                    {
                        session.AssetDirectory.Invalidate();
                    }

                    WriteVerbose($"{(Removes ? "Removed" : "Added")} {string.Join(", ", changing)} {(Removes ? "from" : "to")} {kind.ListAttribute} of {target}; the stored asset shows it.");
                }
            }

            IReadOnlyList<string> users = after.UsersFor(Right);
            foreach (string username in usernames)
            {
                bool changed = pending.Contains(username, StringComparer.Ordinal);
                GrantStatus status = Removes
                    ? (changed ? GrantStatus.Removed : GrantStatus.NotPresent)
                    : (changed ? GrantStatus.Added : GrantStatus.AlreadyPresent);
                if (!changed)
                {
                    WriteVerbose($"{username} is {(Removes ? "not" : "already")} in {kind.ListAttribute} of {target}; nothing sent for it.");
                }

                var result = new GrantResult(after.TypeName, after.Name, after.QualifiedName, after.Guid, username, Right, status)
                {
                    Token = _tokenNames.TryGetValue(username, out string? tokenName) ? tokenName : null,
                };
                if (Right == GrantRight.CollectionViewer)
                {
                    result.ViewerUsers = users.ToArray();
                }
                else
                {
                    result.AdminUsers = users.ToArray();
                }

                WriteObject(result);
            }
        }

        /// <summary>Remembers a token's display name, so its results name it (not only its service-account username).</summary>
        private void NameToken(string username, string? displayName)
        {
            if (!string.IsNullOrEmpty(displayName))
            {
                _tokenNames[username] = displayName!;
            }
        }

        /// <summary>Finds the asset (one search when given by name) and reads it as stored, with the impersonation token.</summary>
        private GrantTarget? ReadTarget(AtlanSession session, TargetSpec spec, SecureString bearer)
        {
            GrantKind kind = Kind;
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
                    WriteError(kind.NotFoundId, ErrorCategory.ObjectNotFound, target,
                        $"No active {kind.Noun} {label} is visible to the impersonation token's user: it does not exist, was deleted{kind.InvisibleReason}. Nothing was changed.",
                        kind.FindHint);
                }

                return read;
            }
            catch (AtlanApiException e) when (e.StatusCode == 403 && e.RequestPath.StartsWith(EntitiesEndpoint.GuidPath, StringComparison.Ordinal))
            {
                // Atlas refuses to read an asset the user may not see (ATLAS-403-00-001): to that user it does not exist.
                WriteError(AtlanErrors.Record(
                    new ItemNotFoundException($"No active {kind.Noun} with the GUID '{spec.Guid ?? spec.Name}' is visible to the impersonation token's user: it does not exist, was deleted{kind.InvisibleReason}. Nothing was changed. {e.Message}", e),
                    kind.NotFoundId, ErrorCategory.ObjectNotFound, target, kind.FindHint));
                return null;
            }
            catch (AtlanApiException e) when (e.StatusCode == 403)
            {
                WriteError(AtlanErrors.Record(e, PermissionDeniedId, ErrorCategory.PermissionDenied, target, ImpersonationTokens.HowToGetOne(kind.Holder)));
                return null;
            }
            catch (AtlanException e)
            {
                WriteImpersonatedFailure(e, target, kind.Holder);
                return null;
            }
        }

        private string? FindGuidByName(AtlanSession session, TargetSpec spec, SecureString bearer)
        {
            GrantKind kind = Kind;
            string name = spec.Name!;
            string? connectorType = spec.ConnectorType;
            List<GrantKind.NamedAsset> found = kind.FindByName(this, session, name, connectorType, bearer);
            if (found.Count == 1)
            {
                return found[0].Guid;
            }

            string which = connectorType == null ? $"named '{name}'" : $"named '{name}' of connector type '{connectorType}'";
            if (found.Count == 0)
            {
                WriteError(kind.NotFoundId, ErrorCategory.ObjectNotFound, name,
                    $"No active {kind.Noun} {which} is visible to the impersonation token's user. Nothing was changed.", kind.FindHint);
                return null;
            }

            string connector = found[0].ConnectorType == null ? string.Empty : CommandLine.Literal(found[0].ConnectorType!);
            WriteError(kind.AmbiguousId, ErrorCategory.InvalidArgument, name,
                $"{found.Count} {kind.Noun}s are {which}: {string.Join("; ", found.Select(f => f.Label))}. Nothing was changed.",
                kind.HasConnector && connectorType == null
                    ? $"Add -ConnectorType ({string.Join(", ", found.Select(f => f.ConnectorType).Distinct())}), e.g. -Name {CommandLine.Literal(name)} -ConnectorType {connector}; or pass -Guid; or pipe the one you mean: {kind.LookupCommand} -Name {CommandLine.ExactName(name)} -ConnectorType {connector} | {MyInvocation.MyCommand.Name} -ImpersonationToken $token"
                    : $"Pass -Guid, or pipe the one you mean from {kind.LookupCommand}.");
            return null;
        }

        private void WriteSaveFailure(Exception e, GrantTarget before)
        {
            GrantKind kind = Kind;
            string target = kind.Describe(before);
            string verb = Removes ? "remove" : "add";
            switch (e)
            {
                case AtlanApiException api when api.StatusCode == 403:
                    WriteError(AtlanErrors.Record(
                        new UnauthorizedAccessException(
                            $"The impersonation token's user may not {verb} {kind.RightText}s {(Removes ? "from" : "to")} {target}: only {kind.HolderShort} may, and an API token cannot {(Removes ? "revoke" : "grant")} this right {(Removes ? "for" : "to")} itself. Nothing was changed. {api.Message}",
                            api),
                        PermissionDeniedId,
                        ErrorCategory.PermissionDenied,
                        before.Guid,
                        ImpersonationTokens.HowToGetOne(kind.Holder)));
                    break;
                case AssetGoneException gone:
                    WriteError(AtlanErrors.Record(
                        new AssetGoneException($"The {target} was deleted (or became invisible to the impersonation token's user) after it was read and before the save; nothing was changed. {gone.Message}", gone.Method, gone.RequestPath, gone),
                        AssetNotFoundId,
                        ErrorCategory.ObjectNotFound,
                        before.Guid,
                        $"Look the {kind.Noun} up again ({kind.LookupCommand}) and use the one that exists now."));
                    break;
                case GrantNotConfirmedException unconfirmed:
                    WriteError(AtlanErrors.Record(unconfirmed, NotConfirmedId, ErrorCategory.InvalidResult, before.Guid,
                        $"Check {kind.ListAttribute} with {kind.LookupCommand} -Guid {before.Guid} before running the command again."));
                    break;
                case ConcurrentChangeException concurrent:
                    WriteError(AtlanErrors.Record(concurrent, ConcurrentChangeId, ErrorCategory.ResourceBusy, before.Guid,
                        $"Another process or person keeps changing {kind.ListAttribute} of this {kind.Noun}; run the command again when they are done."));
                    break;
                case LastAdminException lastAdmin:
                    WriteError(AtlanErrors.Record(lastAdmin, LastAdminProtectedId, ErrorCategory.InvalidOperation, before.Guid,
                        $"Add another admin to the {kind.Noun} first (a user, group or role), then remove this one."));
                    break;
                default:
                    WriteImpersonatedFailure(e, before.Guid, kind.Holder);
                    break;
            }
        }

        private sealed class TargetSpec
        {
            public TargetSpec(string? guid, string? name, string? connectorType, AtlanSession? session, List<string>? users = null)
            {
                Guid = guid;
                Name = name;
                ConnectorType = connectorType;
                Session = session;
                Users = users;
            }

            public string? Guid { get; }

            public string? Name { get; }

            public string? ConnectorType { get; }

            public AtlanSession? Session { get; }

            /// <summary>The usernames this target is for when it came from a grant object; null means the tokens given.</summary>
            public List<string>? Users { get; }

            public string Key => (Users != null ? "grant|" : string.Empty) + (Guid != null ? "guid:" + Guid.ToLowerInvariant() : "name:" + Name + "|" + ConnectorType);

            public void AddUsers(IEnumerable<string> users)
            {
                foreach (string user in users.Where(u => !Users!.Contains(u, StringComparer.Ordinal)))
                {
                    Users!.Add(user);
                }
            }
        }
    }
}
