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
    /// Rotates an API token: creates a new one with the old one's name, description, personas, validity and grants,
    /// proves the new secret, then removes the old token's grants and the old token (unless -KeepOld). Resumable: a
    /// failed run is finished by running the same command again (the new token carries a rotation mark naming the old
    /// token and its own client id), or by passing the error back with -Resume. The flow lives in
    /// <see cref="ApiTokenRotation"/>; which token it acts on (-Name followed by a rotation mark, -Resume checked against
    /// the new token's mark) in <see cref="RotationTargetResolution"/>.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AtlanApiTokenRotation", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Invoke-AtlanApiTokenRotation.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ApiToken))]
    public sealed class InvokeAtlanApiTokenRotationCommand : ApiTokenTargetCmdlet
    {
        internal const string ImpersonationTokenRequiredId = ErrorIds.ImpersonationTokenRequired;
        internal const string ResumeNotUsableId = ErrorIds.RotationResumeNotUsable;
        private const string ResumeSet = "Resume";
        private const string Holder = "a user who is a connection admin of the old token's connections and an editor of its query collections";

        private readonly HashSet<string> _newTokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<ApiToken> _delivered = new List<ApiToken>();
        private long? _validitySeconds;

        /// <summary>
        /// The token's exact display name (no wildcards). When the token of that name is the new token of an earlier,
        /// unfinished rotation (it carries its own rotation mark), the token that rotation replaces is rotated, whatever
        /// its name now (the run resumes); otherwise several tokens of the name are an error (ApiTokenNameAmbiguous).
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ClientIdSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [Alias("DisplayName")]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        [ValidateNotNullOrEmpty]
        public override string? Name { get; set; }

        /// <summary>
        /// Finishes an unfinished rotation from what its failed run returned: the RotationIncomplete error record, its
        /// exception, or its TargetObject (the new token). When that object still carries the new secret, the output
        /// carries it again. A scheduled rerun needs no -Resume: the new token's rotation mark is found on the tenant.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ResumeSet)]
        [ValidateNotNull]
        public object? Resume { get; set; }

        /// <summary>The new token's display name (default: the old token's).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NewDisplayName { get; set; }

        /// <summary>
        /// Seconds until the new token expires (default: the old token's validity). Above the 5-year maximum
        /// (157680000), e.g. the historical "never expires" 409968000, it is clamped to 5 years with a warning.
        /// </summary>
        [Parameter]
        public long ValiditySeconds { get; set; }

        /// <summary>How long until the new token expires, as a TimeSpan (instead of -ValiditySeconds).</summary>
        [Parameter]
        public TimeSpan Validity { get; set; }

        /// <summary>
        /// A user's bearer token, needed when the old token has grants: query collections are visible only to their
        /// editors and viewers, and every grant is re-created and removed as that user. Never stored or shown.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ImpersonationToken { get; set; }

        /// <summary>Keep the old token and its grants (an overlap period); run again without it later to finish.</summary>
        [Parameter]
        public SwitchParameter KeepOld { get; set; }

        /// <summary>Return the new AccessToken as plain text instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <summary>Allow rotating the token this session authenticates with; the session switches to the new key.</summary>
        [Parameter]
        public SwitchParameter IncludeSessionToken { get; set; }

        /// <summary>Rotate without asking (for runbooks, which cannot answer a prompt). -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            bool seconds = MyInvocation.BoundParameters.ContainsKey(nameof(ValiditySeconds));
            bool span = MyInvocation.BoundParameters.ContainsKey(nameof(Validity));
            if (seconds && span)
            {
                ThrowError(ErrorIds.ValidityConflict, ErrorCategory.InvalidArgument, null, "Give -ValiditySeconds or -Validity, not both.");
            }

            if (seconds || span)
            {
                double value = span ? Math.Floor(Validity.TotalSeconds) : ValiditySeconds;
                if (value <= 0)
                {
                    ThrowError(ErrorIds.ValidityOutOfRange, ErrorCategory.InvalidArgument, value,
                        $"The validity must be at least 1 second; {value:0} seconds was given.",
                        "Leave out -ValiditySeconds / -Validity to keep the old token's validity.");
                }

                _validitySeconds = (long)Math.Min(value, long.MaxValue / 2);
            }

            if (ImpersonationToken != null)
            {
                ImpersonationTokens.Check(this, ImpersonationToken, Holder);
            }
        }

        protected override void ProcessRecord()
        {
            AtlanSession session;
            ApiToken? resumed = null;
            ApiToken? target = ParameterSetName switch
            {
                NameSet => ReadByName(out session),
                ResumeSet => ReadResume(out session, out resumed),
                _ => ReadTarget(out session, refreshPiped: false),
            };
            if (target == null)
            {
                return;
            }

            string label = Describe(target);
            if (_newTokens.Contains(target.Guid))
            {
                // Get-AtlanApiToken -Name x | Invoke-...: after a -KeepOld run both tokens arrive; the second is this run's result.
                WriteVerbose($"{label} is the new token this command just rotated to; it is not rotated again.");
                return;
            }

            if (session.AuthenticatesWith(target) && !IncludeSessionToken && !KeepOld)
            {
                WriteError(ErrorIds.SessionTokenProtected, ErrorCategory.InvalidOperation, target,
                    $"{label} is the token this session authenticates with on {session.BaseUrl}; rotating it deletes it, after which this session's calls would fail. Nothing was created.",
                    "Add -IncludeSessionToken (the session then switches to the new key), or -KeepOld to keep the old token for now.");
                return;
            }

            var rotation = session.Operations.Rotation();
            if (!TryAwait((log, cancel) => rotation.PlanAsync(target.Guid, NewDisplayName, _validitySeconds, ImpersonationToken, log, cancel, resumed), target, out RotationPlan? plan, context: FailureContext.Impersonating(Holder)))
            {
                return;
            }

            if (resumed != null && string.Equals(resumed.Guid, plan?.Old.Guid, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(ResumeNotUsableId, ErrorCategory.InvalidArgument, Resume, $"The token passed back with -Resume is the token being rotated ({resumed.Guid}). Nothing was changed.");
                return;
            }

            if (plan == null)
            {
                WriteError(ErrorIds.ApiTokenNotFoundByGuid, ErrorCategory.ObjectNotFound, target.Guid,
                    $"{label} no longer exists on {session.BaseUrl}; it may have been deleted (or rotated already).");
                return;
            }

            if (plan.Predecessor != null && plan.Successor == null)
            {
                WriteError(ErrorIds.ApiTokenRotationUnfinished, ErrorCategory.InvalidOperation, target,
                    $"{label} is the new token of an unfinished rotation of '{plan.Predecessor.DisplayName}' ({plan.Predecessor.Guid}): it carries that rotation's mark. Rotating it again would leave a third token. Nothing was created.",
                    $"Finish that rotation first: {MyInvocation.MyCommand.Name} -Guid {CommandLine.Guid(plan.Predecessor.Guid)} -ImpersonationToken $token -Force");
                return;
            }

            if (!plan.CollectionsSearched)
            {
                WriteWarning($"Query collections were not searched for grants of '{plan.Old.DisplayName}': they are visible only to their editors and viewers. Pass -ImpersonationToken (a user's bearer token) so the rotation copies collection editor and viewer grants too.");
            }

            if (plan.Grants.Count > 0 && ImpersonationToken == null)
            {
                WriteError(ImpersonationTokenRequiredId, ErrorCategory.InvalidArgument, target,
                    $"{label} has grants that the new token must get, and grants are changed only with a user's bearer token: "
                    + $"{string.Join("; ", plan.Grants.Select(g => ApiTokenRotation.Describe(g.Asset, g.Right)))}. Nothing was created.",
                    ImpersonationTokens.HowToGetOne(Holder));
                return;
            }

            // Tenant names (tokens, personas, assets) in the steps: control characters shown, so none can start a line.
            List<string> steps = Steps(plan).Select(CompletionSupport.Visible).ToList();
            if (IsWhatIf)
            {
                foreach (string step in steps)
                {
                    ShouldProcess(label, step);
                }

                return;
            }

            if (!Force && !ShouldChange(label, "Rotate: " + string.Join("; ", steps)))
            {
                return;
            }

            // An incomplete rotation's error has the new token as its target (with its secret when this run created it).
            if (!TryAwait((log, cancel) => rotation.RunAsync(plan, ImpersonationToken, KeepOld, log, cancel), target, out ApiToken created, context: FailureContext.Impersonating(Holder)))
            {
                return;
            }

            _newTokens.Add(created.Guid);
            WriteVerbose($"Rotated {label}: the new token is '{created.DisplayName}' ({created.Guid}), username {created.Username}.{(created.AccessToken != null ? " Its AccessToken is shown only now: store it." : string.Empty)}");
            if (created.Session != null)
            {
                NamePersonas(created.Session, created);
            }

            WriteObject(SecretOutput.WithSecret(created, AsPlainText));
            if (created.AccessToken != null)
            {
                _delivered.Add(created);
            }
        }

        protected override void EndProcessing() => SecretOutput.WarnIfUncaptured(this, _delivered);


        /// <summary>Each step as -WhatIf and the confirmation prompt name it.</summary>
        private List<string> Steps(RotationPlan plan)
        {
            var steps = new List<string>();
            ApiToken old = plan.Old;
            if (plan.Successor != null)
            {
                steps.Add($"Steps 1-2: skip, done by an earlier run (new token '{plan.Successor.DisplayName}', {plan.Successor.Guid})");
            }
            else
            {
                string personas = old.Personas.Count == 0 && old.Personas.Uninterpreted.Count == 0
                    ? "no personas"
                    : "personas " + string.Join(", ", old.Personas.Select(p => p.Name ?? p.QualifiedName).Concat(old.Personas.Uninterpreted.Select(_ => "(an entry kept verbatim)")));
                steps.Add($"Step 1: create API token '{plan.NewName}' with {personas}, valid for {TimeSpan.FromSeconds(plan.ValiditySeconds).TotalDays:0.##} days");
                steps.Add("Step 2: prove the new secret (users/current with it)");
            }

            if (plan.Grants.Count == 0)
            {
                steps.Add("Step 3: no grants to copy" + (plan.CollectionsSearched ? string.Empty : " (query collections not searched)"));
            }

            steps.AddRange(plan.Grants.Select(g => $"Step 3: grant the new token {ApiTokenRotation.Describe(g.Asset, g.Right)}"));
            if (KeepOld)
            {
                steps.Add("Steps 4-5: skip (-KeepOld): the old token and its grants stay");
                return steps;
            }

            if (plan.Grants.Count == 0)
            {
                steps.Add("Step 4: no grants to remove" + (plan.CollectionsSearched ? string.Empty : " (query collections not searched)"));
            }

            steps.AddRange(plan.Grants.Select(g => $"Step 4: remove the old token as {ApiTokenRotation.Describe(g.Asset, g.Right)}"));
            steps.Add($"Step 5: delete API token '{old.DisplayName}' ({old.Guid}) permanently (its key stops working)");
            return steps;
        }

        /// <summary>
        /// The exact name: one token, or the old token of an unfinished rotation whose new token has the name (the
        /// decision is <see cref="RotationTargetResolution.ByNameAsync"/>'s).
        /// </summary>
        private ApiToken? ReadByName(out AtlanSession session)
        {
            AtlanSession current = ResolveSession();
            session = current;
            string name = Name!;
            RotationTargetResolution targets = current.Operations.RotationTargets();
            return TryAwait((log, cancel) => targets.ByNameAsync(name, log, cancel), name, out RotationTarget found, context: FailureContext.ForCommand(MyInvocation.MyCommand.Name))
                ? found.Old
                : null;
        }

        /// <summary>
        /// -Resume: the old token's GUID and the new token (and its secret) from the failed run's error (record, exception
        /// or TargetObject), unwrapped here; whether they are usable is <see cref="RotationTargetResolution.ResumeAsync"/>'s decision.
        /// </summary>
        private ApiToken? ReadResume(out AtlanSession session, out ApiToken? resumed)
        {
            resumed = null;
            object? given = Resume is PSObject outer ? outer.BaseObject : Resume;
            if (given is System.Collections.IList { Count: 1 } one)
            {
                given = one[0]; // -ErrorVariable err: a list holding the one error
            }

            object? value = given is PSObject wrapped ? wrapped.BaseObject : given;
            SecureString? secret = (given as PSObject)?.Properties[nameof(ApiToken.AccessToken)]?.Value as SecureString;
            string? oldGuid = null;
            ApiToken? carried = null;
            if (value is ErrorRecord record)
            {
                value = record.Exception;
                if (record.TargetObject is PSObject target)
                {
                    secret ??= target.Properties[nameof(ApiToken.AccessToken)]?.Value as SecureString;
                }
            }

            if (value is RotationIncompleteException incomplete)
            {
                oldGuid = incomplete.OldGuid;
                carried = incomplete.NewToken;
                secret ??= carried?.AccessToken;
            }
            else if (value is ApiToken token)
            {
                carried = token;
                secret ??= token.AccessToken;
            }

            AtlanSession current = carried?.Session ?? ResolveSession();
            session = current;
            RotationTargetResolution targets = current.Operations.RotationTargets();
            if (!TryAwait((log, cancel) => targets.ResumeAsync(oldGuid, carried, secret, log, cancel), Resume, out RotationTarget found, context: FailureContext.ForCommand(MyInvocation.MyCommand.Name)))
            {
                return null;
            }

            resumed = found.Resumed;
            return found.Old;
        }
    }
}
