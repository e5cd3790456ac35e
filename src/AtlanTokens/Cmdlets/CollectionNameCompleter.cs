using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Tab completion of query collection names. Collections are visible only to their editors and viewers, so when
    /// -ImpersonationToken is already on the line the names are the ones its user sees.
    /// </summary>
    public sealed class CollectionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            bool asPattern = CompletionSupport.TakesWildcards(commandName, parameterName);
            AtlanSession? session = CompletionSupport.SessionOf(fakeBoundParameters);
            if (session == null)
            {
                return Array.Empty<CompletionResult>();
            }

            SecureString? bearer = CompletionSupport.ImpersonationTokenOf(fakeBoundParameters);
            IReadOnlyList<AtlanCollection>? collections = session.AssetDirectory.CachedCollections(bearer)
                ?? CompletionSupport.WaitBriefly(() => session.AssetDirectory.GetCollectionsAsync(bearer, false, NullAtlanLog.Instance, default));
            if (collections == null)
            {
                return Array.Empty<CompletionResult>();
            }

            WildcardPattern pattern = CompletionSupport.PatternFor(wordToComplete);
            return collections
                .Where(c => pattern.IsMatch(c.Name))
                .GroupBy(c => c.Name, StringComparer.Ordinal)
                .Select(g => CompletionSupport.Result(g.Key, $"{g.Key} ({g.First().QualifiedName})", asPattern))
                .OfType<CompletionResult>()
                .ToList();
        }
    }
}
