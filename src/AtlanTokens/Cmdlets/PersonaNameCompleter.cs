using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Tab completion of persona names from the default session: cached, and never waits more than one request.</summary>
    public sealed class PersonaNameCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            AtlanSession? session = fakeBoundParameters?["Session"] as AtlanSession
                ?? (fakeBoundParameters?["Session"] as PSObject)?.BaseObject as AtlanSession
                ?? DefaultSessions.Current;
            if (session == null || !session.IsOpen)
            {
                return Array.Empty<CompletionResult>();
            }

            IReadOnlyList<AtlanPersona>? personas = session.Personas.CachedOrNull;
            if (personas == null)
            {
                Task<IReadOnlyList<AtlanPersona>> load = Task.Run(() => session.Personas.GetAllAsync(false, NullAtlanLog.Instance, default));
                try
                {
                    personas = load.Wait(MaxWait) ? load.Result : null;
                }
                catch (AggregateException)
                {
                    personas = null;
                }
            }

            if (personas == null)
            {
                return Array.Empty<CompletionResult>();
            }

            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return personas
                .Where(p => pattern.IsMatch(p.Name))
                .Select(p => new CompletionResult(Quote(p.Name), p.Name, CompletionResultType.ParameterValue, $"{p.Name} ({p.QualifiedName})"))
                .ToList();
        }

        private static string Quote(string name)
            => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#' }) >= 0
                ? "'" + name.Replace("'", "''") + "'"
                : name;
    }
}
