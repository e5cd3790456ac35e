using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Tab completion of API token names from the session: cached, and never waits more than one listing.</summary>
    public sealed class ApiTokenNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            bool asPattern = CompletionSupport.TakesWildcards(commandName, parameterName);
            AtlanSession? session = CompletionSupport.SessionOf(fakeBoundParameters);
            IReadOnlyList<string>? names = session == null
                ? null
                : session.TokenNames.CachedOrNull ?? CompletionSupport.WaitBriefly(() => session.TokenNames.GetAllAsync(NullAtlanLog.Instance, default));
            if (names == null)
            {
                return Array.Empty<CompletionResult>();
            }

            WildcardPattern pattern = CompletionSupport.PatternFor(wordToComplete);
            return names
                .Where(name => pattern.IsMatch(name))
                .Select(name => CompletionSupport.Result(name, null, asPattern))
                .OfType<CompletionResult>()
                .ToList();
        }
    }
}
