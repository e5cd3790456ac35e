using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using AtlanTokens.Operations;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Creates an API token. Its secret (AccessToken) is in the returned object and never again.</summary>
    [Cmdlet(VerbsCommon.New, "AtlanApiToken", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/New-AtlanApiToken.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = SecondsSet)]
    [OutputType(typeof(ApiToken))]
    public sealed class NewAtlanApiTokenCommand : AtlanSessionCmdlet
    {
        private const string SecondsSet = "ValiditySeconds";
        private const string TimeSpanSet = "Validity";

        /// <summary>The token's name. Atlan does not require names to be unique.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [AllowEmptyString]
        public string DisplayName { get; set; } = string.Empty;

        /// <summary>What the token is for.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        /// <summary>
        /// Personas to link, by name or qualified name (or persona objects). When left out, a piped object's Personas
        /// (a token's personas, or an Import-Csv column written as "A; B") are linked.
        /// </summary>
        [Parameter]
        [PersonaReferenceTransformation]
        [ArgumentCompleter(typeof(PersonaNameCompleter))]
        public string[] Persona
        {
            get => _persona ?? _pipedPersonas ?? Array.Empty<string>();
            set => _persona = value;
        }

        /// <summary>
        /// The Personas of a piped object (a token from Get-AtlanApiToken, or a CSV row): only bound from the pipeline,
        /// so "A; B" is split into names only there, never in what a user types after -Persona.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Alias("Personas")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [PersonaReferenceTransformation(SplitJoinedText = true)]
        public string[]? PersonaFromPipeline
        {
            get => _pipedPersonas;
            set => _pipedPersonas = value;
        }

        private string[]? _persona;
        private string[]? _pipedPersonas;

        /// <summary>Seconds until the token expires: 1 to 157680000 (5 years, the default and the maximum).</summary>
        [Parameter(ParameterSetName = SecondsSet)]
        public long ValiditySeconds { get; set; } = ApiTokensEndpoint.MaxValiditySeconds;

        /// <summary>How long until the token expires, as a TimeSpan: up to 5 years (1825 days).</summary>
        [Parameter(Mandatory = true, ParameterSetName = TimeSpanSet)]
        public TimeSpan Validity { get; set; }

        /// <summary>Return the AccessToken as plain text instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        private long _validitySeconds;

        /// <summary>The tokens whose secret this invocation wrote out (for the warning when they were not kept).</summary>
        private readonly List<ApiToken> _delivered = new List<ApiToken>();

        protected override void BeginProcessing()
        {
            double seconds = ParameterSetName == TimeSpanSet ? Math.Floor(Validity.TotalSeconds) : ValiditySeconds;
            if (seconds <= 0 || seconds > ApiTokensEndpoint.MaxValiditySeconds)
            {
                ThrowError(ErrorIds.ValidityOutOfRange, ErrorCategory.InvalidArgument, seconds,
                    $"The validity must be between 1 second and 5 years (157680000 seconds); {seconds:0} seconds was given.",
                    "Leave out -ValiditySeconds / -Validity for the longest validity Atlan allows (5 years).");
            }

            _validitySeconds = (long)seconds;
        }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrWhiteSpace(DisplayName))
            {
                WriteError(ErrorIds.DisplayNameEmpty, ErrorCategory.InvalidArgument, DisplayName,
                    "An API token needs a display name that is not empty or only spaces.");
                return;
            }

            AtlanSession session = ResolveSession();
            string name = DisplayName;
            string description = Description ?? string.Empty;
            string[] wanted = Persona ?? Array.Empty<string>(); // -Persona $null (an empty result in PowerShell) means none
            if (!TryAwait((log, cancel) => session.Personas.ResolveAsync(wanted, log, cancel), name, out List<AtlanPersona> personas))
            {
                return;
            }

            // Null when the name cannot be looked up (e.g. too long for a URL): the create itself will say what is wrong.
            if (!TryAwait((log, cancel) => session.Operations.TokenCreation.FindSameNameAsync(name, log, cancel), name, out List<ApiToken>? sameName))
            {
                return;
            }

            string personaText = personas.Count == 0 ? "no personas" : "personas " + string.Join(", ", personas.Select(p => p.Name));
            if (!ShouldChange($"API token '{name}'", $"Create with {personaText}, valid for {TimeSpan.FromSeconds(_validitySeconds).TotalDays:0.##} days"))
            {
                return;
            }

            if (sameName?.Count > 0)
            {
                WriteWarning($"{sameName.Count} API token(s) named '{name}' already exist; Atlan allows duplicate names, so another is created. Look-ups by -Name will then need -Guid or the pipeline to pick one.");
            }

            var request = new ApiTokenCreateRequest(name, description, personas.Select(p => p.QualifiedName).ToList(), _validitySeconds)
            {
                ExistingGuids = sameName?.Select(t => t.Guid).ToList(),
                ExistingUnknown = sameName == null,
            };
            if (!TryAwait((log, cancel) => session.Operations.TokenCreation.CreateDeliveringAsync(request, log, cancel), name, out ApiTokenCreated outcome))
            {
                return;
            }

            ApiToken created = outcome.Token;
            created.Session = session;
            NamePersonas(session, created);
            WriteVerbose($"Created API token '{created.DisplayName}' ({created.Guid}), username {created.Username}. Its AccessToken is shown only now: store it.");
            WriteObject(SecretOutput.WithSecret(created, AsPlainText));
            _delivered.Add(created);

            // After a lost answer the token is handed on first; the watch for the lost attempt's late copy comes after.
            TryAwait((log, cancel) => outcome.WatchAsync(log, cancel), name);
        }

        protected override void EndProcessing() => SecretOutput.WarnIfUncaptured(this, _delivered);
    }
}
