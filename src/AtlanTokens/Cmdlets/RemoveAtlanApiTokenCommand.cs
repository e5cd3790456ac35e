using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Deletes API tokens for good; their keys stop working at once.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlanApiToken", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Remove-AtlanApiToken.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ApiToken))]
    public sealed class RemoveAtlanApiTokenCommand : ApiTokenTargetCmdlet
    {
        private readonly Queue<PendingDelete> _inFlight = new Queue<PendingDelete>();
        private BulkProgress? _progress;

        /// <summary>
        /// The token's exact display name (no wildcards: select several with Get-AtlanApiToken -Name 'ci-*' | Remove-AtlanApiToken).
        /// Binds by property name from a Name or DisplayName column (Import-Csv).
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ClientIdSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [Alias("DisplayName")]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        [ValidateNotNullOrEmpty]
        public override string? Name { get; set; }

        /// <summary>Delete without asking (for runbooks, which cannot answer a prompt). -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// How many deletes may be in flight at once (default 1: one after the other). Each still asks for
        /// confirmation first, reports its own error, and is retried on 429 as the tenant's Retry-After says.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>Write each removed token to the pipeline (e.g. to log what a clean-up removed).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// Also delete the token the session authenticates with (its key stops working, so every later call of the
        /// session fails). Without it, that token is refused with a SessionTokenProtected error.
        /// </summary>
        [Parameter]
        public SwitchParameter IncludeSessionToken { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _progress = new BulkProgress(this, 2, "Removing Atlan API tokens", MyInvocation.ExpectingInput);
        }

        protected override void ProcessRecord()
        {
            // A piped token is deleted by its GUID as is: a re-read would double the calls of a bulk removal.
            ApiToken? token = ReadTarget(out AtlanSession session, refreshPiped: false);
            if (token == null)
            {
                return;
            }

            string target = Describe(token);
            string action = "Delete permanently (its key stops working)";
            if (session.AuthenticatesWith(token))
            {
                if (!IncludeSessionToken)
                {
                    if (IsWhatIf)
                    {
                        ShouldChange(target + " [the session's own token: refused without -IncludeSessionToken]", "Skip (protected)");
                        return;
                    }

                    WriteError(ErrorIds.SessionTokenProtected, ErrorCategory.InvalidOperation, token,
                        $"{target} is the token this session authenticates with on {session.BaseUrl}; deleting it would make every later call fail. It was not deleted.",
                        "Leave it out (e.g. Where-Object ClientId -ne (Get-AtlanSession).ClientId), or add -IncludeSessionToken if you really mean to delete the session's own key.");
                    return;
                }

                target += " [the session's own token]";
                action += "; this session's later calls will fail";
            }

            bool confirmed = (Force && !IsWhatIf) || ShouldChange(target, action);
            if (!confirmed)
            {
                return;
            }

            Task<ApiTokenRemoved> delete = Start((log, cancel) => session.Operations.TokenRemoval.DeleteAsync(token.Guid, log, cancel));
            _inFlight.Enqueue(new PendingDelete(token, target, delete, session));
            while (_inFlight.Count >= ThrottleLimit)
            {
                Finish(_inFlight.Dequeue());
            }
        }

        protected override void EndProcessing()
        {
            while (_inFlight.Count > 0)
            {
                Finish(_inFlight.Dequeue());
            }

            _progress?.Complete();
        }

        /// <summary>Waits for one delete (in the order they were started) and reports how it ended.</summary>
        private void Finish(PendingDelete pending)
        {
            try
            {
                Report(pending);
            }
            finally
            {
                _progress?.ItemDone(pending.Session);
            }
        }

        private void Report(PendingDelete pending)
        {
            if (!TryCollect(pending.Task, pending.Token, out ApiTokenRemoved removed, ErrorIds.ApiTokenNotFoundByGuid))
            {
                return;
            }

            WriteVerbose(removed == ApiTokenRemoved.DeletedByLostAttempt
                ? $"Deleted {pending.Target}: an earlier attempt whose answer was lost had already deleted it."
                : $"Deleted {pending.Target}.");

            if (PassThru)
            {
                WriteObject(pending.Token);
            }
        }

        private sealed class PendingDelete
        {
            public PendingDelete(ApiToken token, string target, Task<ApiTokenRemoved> task, AtlanSession session)
            {
                Session = session;
                Token = token;
                Target = target;
                Task = task;
            }

            public ApiToken Token { get; }

            public AtlanSession Session { get; }

            public string Target { get; }

            public Task<ApiTokenRemoved> Task { get; }
        }
    }
}
