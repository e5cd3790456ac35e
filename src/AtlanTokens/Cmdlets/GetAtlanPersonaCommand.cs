using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Lists personas, or finds them by name (wildcards allowed) or qualified name.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanPersona", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanPersona.md")]
    [OutputType(typeof(AtlanPersona))]
    public sealed class GetAtlanPersonaCommand : AtlanSessionCmdlet
    {
        /// <summary>Names or qualified names; wildcards allowed (escape a literal [ or ] with a backtick). Default: every persona.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(PersonaNameCompleter))]
        public string[]? Name { get; set; }

        private readonly HashSet<string> _written = NameSelection.NewWrittenSet();

        private bool _refreshed;

        protected override void ProcessRecord()
        {
            AtlanSession session = ResolveSession();
            // The first read of an invocation is always fresh; the cache is for completion and -Persona.
            bool refresh = !_refreshed;
            if (!TryAwait((log, cancel) => session.Personas.GetAllAsync(refresh, log, cancel), session.BaseUrl, out IReadOnlyList<AtlanPersona> all))
            {
                return;
            }

            _refreshed = true;

            if (Name == null)
            {
                Emit(all, session);
                return;
            }

            NameSelection selection = NameSelection.Parse(this, Name, _written, "persona");
            foreach (string reference in selection.ExactNames)
            {
                List<AtlanPersona> matches = PersonaDirectory.Match(all, reference);
                if (matches.Count == 0)
                {
                    WriteError(ErrorIds.PersonaNotFound, ErrorCategory.ObjectNotFound, reference,
                        $"No persona has the name or qualified name '{reference}'.",
                        "List the personas with Get-AtlanPersona, or use wildcards: Get-AtlanPersona '*part*'.");
                }

                Emit(matches, session);
            }

            if (selection.HasPatterns)
            {
                Emit(all.Where(p => selection.MatchesPattern(p.Name, p.QualifiedName)), session);
            }
        }

        private void Emit(IEnumerable<AtlanPersona> personas, AtlanSession session)
        {
            foreach (AtlanPersona persona in personas)
            {
                if (!_written.Add(persona.Guid))
                {
                    continue;
                }

                persona.Session = session;
                WriteObject(persona);
            }
        }
    }
}
