using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using AtlanTokens.Operations;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Changes a token's name, description or personas. Atlan replaces everything an update carries, so this reads
    /// the token first and sends back every value the user did not ask to change.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "AtlanApiToken", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Set-AtlanApiToken.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ApiToken))]
    public sealed class SetAtlanApiTokenCommand : ApiTokenTargetCmdlet
    {
        /// <summary>
        /// The token's exact display name (no wildcards: select several with Get-AtlanApiToken -Name 'ci-*' | Set-AtlanApiToken).
        /// Binds by property name from a Name or DisplayName column (Import-Csv, or an exported token list). To rename, use -NewDisplayName.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ClientIdSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = GuidSet)]
        [Alias("DisplayName")]
        [ArgumentCompleter(typeof(ApiTokenNameCompleter))]
        [ValidateNotNullOrEmpty]
        public override string? Name { get; set; }

        /// <summary>The new display name (a rename).</summary>
        [Parameter]
        [AllowEmptyString]
        public string? NewDisplayName { get; set; }

        /// <summary>The new description ('' clears it).</summary>
        [Parameter]
        [AllowEmptyString]
        public string? Description { get; set; }

        /// <summary>The complete set of personas the token should have; any other linked persona is unlinked. @() unlinks all.</summary>
        [Parameter]
        [AllowEmptyCollection]
        [PersonaReferenceTransformation]
        [ArgumentCompleter(typeof(PersonaNameCompleter))]
        public string[]? Persona { get; set; }

        /// <summary>Personas to link in addition to those the token has.</summary>
        [Parameter]
        [PersonaReferenceTransformation]
        [ArgumentCompleter(typeof(PersonaNameCompleter))]
        public string[]? AddPersona { get; set; }

        /// <summary>Personas to unlink; the others stay.</summary>
        [Parameter]
        [PersonaReferenceTransformation]
        [ArgumentCompleter(typeof(PersonaNameCompleter))]
        public string[]? RemovePersona { get; set; }

        /// <summary>Write the updated token to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// How many tokens may be read and updated at once (default 1: one after the other). Each token is still read
        /// fresh, confirmed and reported in pipeline order; 429 answers wait as the tenant's Retry-After says.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>The -Name (or -DisplayName) typed on the command line, which names the token and never renames it.</summary>
        private string? _nameOnCommandLine;

        private readonly Queue<TargetRead> _reading = new Queue<TargetRead>();
        private readonly Queue<PendingUpdate> _updating = new Queue<PendingUpdate>();
        private BulkProgress? _progress;

        protected override void BeginProcessing()
        {
            if (Persona == null && MyInvocation.BoundParameters.ContainsKey(nameof(Persona)))
            {
                // In PowerShell an empty result often arrives as $null; unlinking every persona must be said explicitly.
                ThrowError(ErrorIds.PersonaNull, ErrorCategory.InvalidArgument, null,
                    "-Persona was $null. -Persona is the complete set of personas, so $null is not taken to mean 'unlink all'.",
                    "Pass -Persona @() to unlink every persona, or leave -Persona out to keep them.");
            }

            if (Persona != null && (AddPersona != null || RemovePersona != null))
            {
                ThrowError(ErrorIds.PersonaParametersConflict, ErrorCategory.InvalidArgument, null,
                    "-Persona sets the complete list of personas, so it cannot be combined with -AddPersona or -RemovePersona.",
                    "Use -Persona alone to replace the set, or -AddPersona/-RemovePersona to change part of it.");
            }

            _nameOnCommandLine = Name;
            if (Name != null && (Guid != null || ClientId != null))
            {
                ThrowNameWithOtherIdentity(Guid != null ? "-Guid" : "-ClientId");
            }

            if (NewDisplayName == null && Description == null && Persona == null && AddPersona == null && RemovePersona == null)
            {
                ThrowError(ErrorIds.NothingToUpdate, ErrorCategory.InvalidArgument, null,
                    "Nothing to change was given.",
                    "Give at least one of -NewDisplayName, -Description, -Persona, -AddPersona or -RemovePersona.");
            }

            if (NewDisplayName != null && string.IsNullOrWhiteSpace(NewDisplayName))
            {
                ThrowError(ErrorIds.DisplayNameEmpty, ErrorCategory.InvalidArgument, NewDisplayName,
                    "An API token needs a display name that is not empty or only spaces.");
            }

            _progress = new BulkProgress(this, 2, "Updating Atlan API tokens", MyInvocation.ExpectingInput);
        }

        protected override void ProcessRecord()
        {
            if (_nameOnCommandLine != null && (Guid != null || ClientId != null))
            {
                // A piped token binds its Guid by property name, so -DisplayName given with it would be silently unused.
                ThrowNameWithOtherIdentity("the piped object's Guid or ClientId");
            }

            // Every record of one invocation asks for the same change, so a token piped twice and updated twice in
            // parallel still ends in the same state: reads and updates may overlap freely.
            _reading.Enqueue(StartReadTarget());
            while (_reading.Count + _updating.Count >= ThrottleLimit)
            {
                Step();
            }
        }

        protected override void EndProcessing()
        {
            while (_reading.Count + _updating.Count > 0)
            {
                Step();
            }

            _progress?.Complete();
        }

        /// <summary>
        /// Moves the oldest work on by one step, keeping pipeline order for prompts, errors and output: an update that
        /// has finished is reported first; otherwise the oldest read is planned (which may prompt) and its update started.
        /// </summary>
        private void Step()
        {
            if (_updating.Count > 0 && (_reading.Count == 0 || _updating.Peek().Task.IsCompleted))
            {
                FinishUpdate(_updating.Dequeue());
                return;
            }

            TargetRead read = _reading.Dequeue();
            PendingUpdate? update = PlanUpdate(FinishReadTarget(read), read.Session, read.StartedAt);
            if (update != null)
            {
                _updating.Enqueue(update);
            }
            else
            {
                _progress?.ItemDone(read.Session);
            }
        }

        /// <summary>-DisplayName (an alias of -Name) names the token, as on Remove-AtlanApiToken; given with another identity it would be ignored.</summary>
        private void ThrowNameWithOtherIdentity(string identity)
            => ThrowError(ErrorIds.NameWithOtherIdentity, ErrorCategory.InvalidArgument, _nameOnCommandLine ?? Name,
                $"-Name (or -DisplayName) names the token to change, which {identity} does already; it is not a new name. Nothing was changed.",
                $"To rename the token, use -NewDisplayName {CommandLine.Literal(_nameOnCommandLine ?? Name ?? string.Empty)}.");

        /// <summary>Works out the complete new state of a token read just now, asks ShouldProcess, and starts the update.</summary>
        private PendingUpdate? PlanUpdate(ApiToken? current, AtlanSession session, DateTimeOffset? readStartedAt)
        {
            if (current == null)
            {
                return null;
            }

            List<ApiTokenPersona> linked = current.Personas.ToList();
            if (!TryRun(() => TargetPersonas(session, linked), current, out List<string> target))
            {
                return null;
            }

            string newName = NewDisplayName ?? current.DisplayName ?? string.Empty;
            string newDescription = Description ?? current.Description ?? string.Empty;
            var unlinked = linked.Where(p => !target.Contains(p.QualifiedName, StringComparer.Ordinal)).ToList();
            var added = target.Where(qn => !linked.Any(p => p.QualifiedName == qn)).ToList();
            var changes = new List<string>();
            if (newName != current.DisplayName)
            {
                changes.Add($"rename to '{newName}'");
            }

            if (newDescription != (current.Description ?? string.Empty))
            {
                changes.Add("set the description");
            }

            if (added.Count > 0)
            {
                changes.Add("link personas " + string.Join(", ", added.Select(qn => PersonaLabel(session, qn))));
            }

            if (unlinked.Count > 0)
            {
                changes.Add("UNLINK personas " + string.Join(", ", unlinked.Select(p => p.Name ?? PersonaLabel(session, p.QualifiedName))));
            }

            if (changes.Count == 0)
            {
                WriteVerbose($"{Describe(current)} already has these values; nothing was sent.");
                Emit(current, session);
                return null;
            }

            IReadOnlyList<string> unreadable = current.Personas.Uninterpreted;
            if (unreadable.Count > 0)
            {
                // Sent back verbatim: an update never unlinks what it could not show.
                changes.Add($"keep {unreadable.Count} persona entr{(unreadable.Count == 1 ? "y" : "ies")} this module cannot read, unchanged: {string.Join(", ", unreadable)}");
            }

            if (!ShouldChange(Describe(current), "Update: " + string.Join("; ", changes)))
            {
                return null;
            }

            // The change, not the state: the session's token update applies it to what is stored when it runs,
            // serialised with other writers in this process and on this machine, and checked against writers elsewhere.
            // The read just made stands for the fresh read unless a writer on this machine wrote the token after it.
            var change = new ApiTokenChange
            {
                DisplayName = NewDisplayName,
                Description = Description,
                SetPersonas = Persona != null ? target : null,
                AddPersonas = added,
                RemovePersonas = unlinked.Select(p => p.QualifiedName).ToList(),
            };
            Task<ApiTokenUpdateResult> task = Start((log, cancel) => session.Operations.TokenUpdate.UpdateAsync(current.Guid, change, log, cancel, current, readStartedAt));
            return new PendingUpdate(current, session, target, task);
        }

        private void FinishUpdate(PendingUpdate pending)
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

        private void Report(PendingUpdate pending)
        {
            if (!TryCollect(pending.Task, pending.Current, out ApiTokenUpdateResult updated, ErrorIds.ApiTokenNotFoundByGuid))
            {
                return;
            }

            if (updated.NotVerified != null)
            {
                WriteWarning($"{Describe(pending.Current)} was updated, but the change could not be verified: the check read failed ({updated.NotVerified}). Check it later with Get-AtlanApiToken -Guid {CommandLine.Guid(pending.Current.Guid)}.");
            }

            Emit(updated.Token, pending.Session);
        }

        private void Emit(ApiToken token, AtlanSession session)
        {
            if (PassThru)
            {
                token.Session = session;
                NamePersonas(session, token);
                WriteObject(token);
            }
        }

        /// <summary>The complete persona set to send: -Persona as given, or the linked set with additions and removals.</summary>
        private List<string> TargetPersonas(AtlanSession session, List<ApiTokenPersona> linked)
        {
            if (Persona != null)
            {
                string[] wanted = Persona;
                return Await((log, cancel) => session.Personas.ResolveAsync(wanted, log, cancel)).Select(p => p.QualifiedName).ToList();
            }

            var result = linked.Select(p => p.QualifiedName).ToList();
            if (AddPersona != null)
            {
                string[] wanted = AddPersona;
                foreach (AtlanPersona persona in Await((log, cancel) => session.Personas.ResolveAsync(wanted, log, cancel)))
                {
                    if (!result.Contains(persona.QualifiedName))
                    {
                        result.Add(persona.QualifiedName);
                    }
                }
            }

            if (RemovePersona != null)
            {
                // A linked persona is matched on the token itself first, so one deleted from the tenant can still be unlinked.
                var toResolve = new List<string>();
                foreach (string reference in RemovePersona)
                {
                    ApiTokenPersona? onToken = linked.FirstOrDefault(p => p.QualifiedName == reference)
                        ?? linked.FirstOrDefault(p => string.Equals(p.Name, reference, StringComparison.OrdinalIgnoreCase));
                    if (onToken != null)
                    {
                        result.Remove(onToken.QualifiedName);
                    }
                    else
                    {
                        toResolve.Add(reference);
                    }
                }

                if (toResolve.Count > 0)
                {
                    foreach (AtlanPersona persona in Await((log, cancel) => session.Personas.ResolveAsync(toResolve, log, cancel)))
                    {
                        if (!result.Remove(persona.QualifiedName))
                        {
                            WriteVerbose($"Persona '{persona.Name}' is not linked to the token; nothing to unlink.");
                        }
                    }
                }
            }

            return result;
        }

        private static string PersonaLabel(AtlanSession session, string qualifiedName)
            => session.Personas.CachedOrNull?.FirstOrDefault(p => p.QualifiedName == qualifiedName)?.Name ?? qualifiedName;

        private sealed class PendingUpdate
        {
            public PendingUpdate(ApiToken current, AtlanSession session, List<string> target, Task<ApiTokenUpdateResult> task)
            {
                Current = current;
                Session = session;
                Target = target;
                Task = task;
            }

            public ApiToken Current { get; }

            public AtlanSession Session { get; }

            public List<string> Target { get; }

            public Task<ApiTokenUpdateResult> Task { get; }
        }
    }
}
