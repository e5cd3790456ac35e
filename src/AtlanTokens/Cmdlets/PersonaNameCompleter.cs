using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Tab completion of persona names from the session: cached, and never waits more than one request.</summary>
    public sealed class PersonaNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            bool asPattern = CompletionSupport.TakesWildcards(commandName, parameterName);
            AtlanSession? session = CompletionSupport.SessionOf(fakeBoundParameters);
            IReadOnlyList<AtlanPersona>? personas = session == null
                ? null
                : session.Personas.CachedOrNull ?? CompletionSupport.WaitBriefly(() => session.Personas.GetAllAsync(false, NullAtlanLog.Instance, default));
            if (personas == null)
            {
                return Array.Empty<CompletionResult>();
            }

            WildcardPattern pattern = CompletionSupport.PatternFor(wordToComplete);
            return personas
                .Where(p => pattern.IsMatch(p.Name))
                .Select(p => CompletionSupport.Result(p.Name, $"{p.Name} ({p.QualifiedName})", asPattern))
                .OfType<CompletionResult>()
                .ToList();
        }
    }
}
