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
    /// Adds API tokens to (or removes them from) an asset's adminUsers or viewerUsers with a user's bearer token (the
    /// impersonation token). This class binds: tokens and targets are collected while the pipeline runs; EndProcessing
    /// hands each asset to <see cref="GrantChange"/> (read as stored, plan, apply), asks ShouldProcess between plan and
    /// apply, and writes one result per token per asset. What differs per right is in <see cref="GrantKind"/>, what
    /// differs between grant and revoke in <see cref="GrantDirection"/>.
    /// </summary>
    public abstract class GrantCmdlet : AtlanSessionCmdlet
    {
        protected const string ObjectSet = "Object";
        protected const string GuidSet = "Guid";
        protected const string NameSet = "Name";
        protected const string GrantSet = "Grant";

        private readonly List<TargetSpec> _targets = new List<TargetSpec>();
        private readonly List<ApiToken> _tokens = new List<ApiToken>();
        private readonly Dictionary<string, string> _tokenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        private bool _tokenInputGiven;
        private bool _commandLineTokensRead;
        private bool _tokensFromCommandLine;

        /// <summary>
        /// The bearer token of a user who already holds the right on the asset. Only used to authorise the change; it is
        /// not what gets added or removed, and it is never stored or shown.
        /// </summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public SecureString? ImpersonationToken { get; set; }

        /// <summary>
        /// API tokens (from Get-AtlanApiToken or New-AtlanApiToken). Only when -Token is absent (and no token is piped) is
        /// it the session's own API token: an empty list or $null means no token, and nothing is changed.
        /// </summary>
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

        /// <summary>Grant (the Add cmdlets) or revoke (the Remove cmdlets).</summary>
        internal virtual GrantDirection Direction => GrantDirection.Add;

        /// <summary>Skips the confirmation prompt (the Remove cmdlets' -Force); never -WhatIf.</summary>
        internal virtual bool Forced => false;

        private GrantKind Kind => GrantKind.For(Right);

        private FailureContext Context => FailureContext.ForGrant(Kind, MyInvocation.MyCommand.Name);

        protected override void BeginProcessing()
        {
            // Only an absent -Token means the session's own token. Bound to anything (even @() or $null), or fed from
            // the pipeline where only tokens can come from it (the Name and Guid sets), the tokens are exactly those given.
            _tokensFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Token));
            _tokenInputGiven = _tokensFromCommandLine || (MyInvocation.ExpectingInput && (ParameterSetName == NameSet || ParameterSetName == GuidSet));
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

            if (Token == null && MyInvocation.BoundParameters.ContainsKey(nameof(Token)))
            {
                _tokenInputGiven = true; // -Token $null, or $null piped: no token, never the session's own
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

                _tokenInputGiven = true;
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
                    WriteError(ErrorIds.InvalidTokenInput, ErrorCategory.InvalidType, item,
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
                    WriteError(ErrorIds.GrantRightMismatch, ErrorCategory.InvalidArgument, grant,
                        $"The grant '{grant}' is a {grant.Right} right, but {MyInvocation.MyCommand.Name} removes {Kind.RightText} rights; it was skipped.",
                        $"Filter first: Get-AtlanTokenGrant ... | Where-Object Right -eq {Right} | {MyInvocation.MyCommand.Name} -ImpersonationToken $token");
                    return null;
                default:
                    throw new PSArgumentException($"No {Kind.Noun} was given.");
            }
        }

        /// <summary>
        /// The usernames: the tokens given (none when -Token was empty or $null, or the pipeline brought none), or, only
        /// when no token input was given at all, the session's own.
        /// </summary>
        private List<string>? Usernames(AtlanSession session)
        {
            if (_tokenInputGiven)
            {
                var names = new List<string>();
                foreach (ApiToken token in _tokens)
                {
                    if (token.Session != null && !string.Equals(token.Session.BaseUrl, session.BaseUrl, StringComparison.OrdinalIgnoreCase))
                    {
                        WriteError(ErrorIds.SessionMismatch, ErrorCategory.InvalidArgument, token,
                            $"The API token '{token.DisplayName}' was read from {token.Session.BaseUrl}, but the asset is on {session.BaseUrl}; it was skipped.",
                            "Read the tokens through the session of the tenant the asset belongs to.");
                        continue;
                    }

                    names.Add(token.Username!);
                }

                if (_tokens.Count == 0)
                {
                    WriteVerbose("No API token was given (-Token was empty or $null, or the pipeline brought none); nothing was changed. Leave -Token out to use the session's own API token.");
                }

                return names;
            }

            if (session.Authentication == Model.AtlanAuthenticationKind.OAuthClient)
            {
                WriteOAuthSessionHasNoApiToken(session);
                return null;
            }

            if (!TryAwait((log, cancel) => session.Users.GetCurrentAsync(log, cancel), session.BaseUrl, out CurrentUser me))
            {
                return null;
            }

            WriteVerbose($"Using the session's own API token ({me.Username}).");
            return new List<string> { me.Username };
        }

        private void Change(AtlanSession session, TargetSpec spec, List<string> usernames)
        {
            SecureString bearer = ImpersonationToken!;
            GrantKind kind = Kind;
            GrantChange change = session.Operations.Grants;
            if (!TryAwait((log, cancel) => change.ReadAsync(kind, spec.Guid, spec.Name, spec.ConnectorType, bearer, log, cancel), (object?)spec.Guid ?? spec.Name, out GrantTarget before, context: Context))
            {
                return;
            }

            if (!TryRun(() => GrantChange.Plan(kind, Direction, before, usernames), before.Guid, out GrantPlan plan, Context))
            {
                return;
            }

            if (plan.CreatorKept is string creator)
            {
                // Atlas puts a collection's creator back on every save: say so; nothing is sent for it.
                WriteFailure(new CollectionCreatorKeptException(CollectionCreatorKeptException.Explain(creator, before), creator, before, othersChanged: false), before.Guid, Context);
            }

            GrantTarget after = before;
            bool applied = false;
            string? notVerified = null;
            if (plan.HasChange && ((Forced && !IsWhatIf) || ShouldChange(plan.Target, plan.Action)))
            {
                if (!TryAwait((log, cancel) => change.ApplyAsync(plan, bearer, log, cancel), before.Guid, out AccessListOutcome outcome, context: Context))
                {
                    return;
                }

                after = outcome.Asset;
                applied = true;
                if (outcome.CheckFailure is AtlanException checkFailure)
                {
                    // Issue 17: Atlan acknowledged the save, only the check read was refused: applied but not verified,
                    // a warning and the results (marked), not an error.
                    notVerified = NotVerifiedReason(checkFailure, before.Guid);
                    WriteWarning(plan.NotVerified(string.Join(", ", plan.Pending.Select(TokenLabel)), notVerified, CheckCommand(plan)));
                }
                else
                {
                    WriteVerbose(plan.Done);
                }
            }

            foreach (GrantResult result in plan.Outcomes(after, applied, notVerified))
            {
                result.Token = _tokenNames.TryGetValue(result.Username, out string? tokenName) ? tokenName : null;
                if (result.Status == Direction.Unchanged)
                {
                    WriteVerbose(plan.Unchanged(result.Username));
                }

                WriteObject(result);
            }
        }

        /// <summary>The check read's failure as the error it would have been: its error id and its message (never a secret).</summary>
        private string NotVerifiedReason(AtlanException failure, string guid)
        {
            ErrorRecord record = AtlanErrors.ToRecord(failure, guid, null, Context);
            return $"{record.FullyQualifiedErrorId}: {record.Exception.Message}";
        }

        /// <summary>A token as a message names it: its display name and username, or its username alone.</summary>
        private string TokenLabel(string username)
            => _tokenNames.TryGetValue(username, out string? name) ? $"'{DisplayText.Visible(name)}' ({username})" : username;

        /// <summary>How to check the change later: the tokens' grants when every token has a name, and the asset's list.</summary>
        private string CheckCommand(GrantPlan plan)
        {
            string asset = $"{Kind.LookupCommand} -Guid {CommandLine.Guid(plan.Before.Guid)}{(Kind.HasConnector ? string.Empty : " -ImpersonationToken $token")} (its {Kind.ListAttribute})";
            List<string?> names = plan.Pending.Select(u => _tokenNames.TryGetValue(u, out string? name) ? name : null).ToList();
            if (names.Count == 0 || names.Any(n => n == null || !CommandLine.FitsOneLine(n)))
            {
                return asset;
            }

            string grants = $"Get-AtlanTokenGrant -Name {string.Join(", ", names.Select(n => CommandLine.ExactName(n!)))}{(Kind.HasConnector ? string.Empty : " -ImpersonationToken $token")}";
            return $"{grants}, or {asset}";
        }

        /// <summary>Remembers a token's display name, so its results name it (not only its service-account username).</summary>
        private void NameToken(string username, string? displayName)
        {
            if (!string.IsNullOrEmpty(displayName))
            {
                _tokenNames[username] = displayName!;
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
